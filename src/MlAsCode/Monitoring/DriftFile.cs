using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlAsCode.Data;
using MlAsCode.Data.Csv;

namespace MlAsCode.Monitoring;

/// <summary>Drift of one column between the reference and the current file.</summary>
/// <param name="Column">The column.</param>
/// <param name="Kind"><c>numeric</c> or <c>categorical</c>.</param>
/// <param name="ReferenceRows">Non-missing reference values.</param>
/// <param name="CurrentRows">Non-missing current values.</param>
/// <param name="Psi">Population stability index (numeric: reference deciles; categorical: category shares).</param>
/// <param name="JsDistance">Jensen–Shannon distance in bits over the same bins or categories.</param>
/// <param name="KsStatistic">Numeric: the two-sample Kolmogorov–Smirnov statistic.</param>
/// <param name="KsPValue">Numeric: its two-sided p-value.</param>
/// <param name="Chi2">Categorical: the chi-square statistic of the two count rows.</param>
/// <param name="Chi2PValue">Categorical: its p-value.</param>
/// <param name="PValueAdjusted">The column's test p-value after the Benjamini–Hochberg correction over all columns, when asked for.</param>
public sealed record ColumnDrift(string Column, string Kind, int ReferenceRows, int CurrentRows, double Psi, double JsDistance,
    double? KsStatistic, double? KsPValue, double? Chi2, double? Chi2PValue, double? PValueAdjusted)
{
    /// <summary>Share below which a category rare on both sides is left out of the severity's PSI (the others'
    /// shares renormalized): a level seen 24 times in training and never since would otherwise carry the PSI through
    /// the 1e-4 floor.</summary>
    public const double RareShare = 0.01;

    /// <summary>The test p-value below which a shift with a non-negligible effect is a warning even under the PSI bands.</summary>
    public const double SignificantP = 0.001;

    /// <summary>The smallest effect a significant test must show to count: the KS statistic (numeric) or the
    /// Jensen–Shannon distance (categorical); below it, a tiny p-value only reflects a large sample.</summary>
    public const double MinimumEffect = 0.05;

    /// <summary>The PSI the severity reads: <see cref="Psi"/> for numeric columns; for categorical ones, without the
    /// categories rare on both sides (below <see cref="RareShare"/>).</summary>
    public double SeverityPsi { get; init; } = double.NaN;

    /// <summary>The drift response playbook's reading, combining the statistics: PSI above 0.25 is critical and above
    /// 0.1 a warning; otherwise a test (KS or chi-square; adjusted p-value when asked for) under 0.001 with an effect of at
    /// least 0.05 (KS statistic or JS distance) is a warning.</summary>
    public DriftSeverity Severity => Judge().Severity;

    /// <summary>What decided <see cref="Severity"/>: <c>psi</c>, <c>ks</c>, <c>chi2</c>, or null when there is no drift.</summary>
    public string? SeverityDriver => Judge().Driver;

    private (DriftSeverity Severity, string? Driver) Judge()
    {
        var psi = double.IsNaN(SeverityPsi) ? Psi : SeverityPsi;
        if (Drift.Severity(psi) is var band and not DriftSeverity.None)
        {
            return (band, "psi");
        }

        var (p, effect, test) = Kind == "numeric" ? (PValueAdjusted ?? KsPValue, KsStatistic, "ks") : (PValueAdjusted ?? Chi2PValue, (double?)JsDistance, "chi2");
        return p < SignificantP && effect >= MinimumEffect ? (DriftSeverity.Warning, test) : (DriftSeverity.None, null);
    }
}

/// <summary>Drift of every column two files share.</summary>
public sealed record DriftReport(string Reference, string Current, ImmutableArray<ColumnDrift> Columns)
{
    /// <summary>Whether any column drifted enough for a warning.</summary>
    public bool HasFindings => Columns.Any(c => c.Severity != DriftSeverity.None);

    /// <summary>JSON: per column <c>psi</c>, <c>ks_statistic</c>, <c>ks_p_value</c>, <c>js_distance</c>, <c>severity</c>, and
    /// for categorical columns <c>chi2</c>, <c>chi2_p_value</c>.</summary>
    public string ToJson()
    {
        var columns = new JsonObject();
        foreach (var c in Columns)
        {
            var entry = new JsonObject
            {
                ["kind"] = c.Kind,
                ["reference_rows"] = c.ReferenceRows,
                ["current_rows"] = c.CurrentRows,
                ["psi"] = c.Psi,
                ["js_distance"] = c.JsDistance,
                ["severity"] = c.Severity.ToString().ToLowerInvariant(),
                ["severity_driver"] = c.SeverityDriver,
            };
            if (c.Kind == "numeric")
            {
                entry["ks_statistic"] = c.KsStatistic;
                entry["ks_p_value"] = c.KsPValue;
            }
            else
            {
                entry["chi2"] = c.Chi2;
                entry["chi2_p_value"] = c.Chi2PValue;
            }

            if (c.PValueAdjusted is { } adjusted)
            {
                entry["p_value_adjusted"] = adjusted;
            }

            columns[c.Column] = entry;
        }

        return new JsonObject { ["reference"] = Reference, ["current"] = Current, ["columns"] = columns }
            .ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A plain-text table, one column per line.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Current} against {Reference}: {Columns.Length} shared columns");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"column",-22} {"kind",-11} {"psi",8} {"js",8} {"test",10} {"p-value",10}  {"driver",-6}  severity");
        foreach (var c in Columns)
        {
            var (test, p) = c.Kind == "numeric" ? (c.KsStatistic, c.KsPValue) : (c.Chi2, c.Chi2PValue);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {c.Column,-22} {c.Kind,-11} {c.Psi,8:0.0000} {c.JsDistance,8:0.0000} {(c.Kind == "numeric" ? "KS " : "chi2 ") + test?.ToString("0.0000", CultureInfo.InvariantCulture),10} {p?.ToString("0.0000", CultureInfo.InvariantCulture),10}  {c.SeverityDriver ?? "-",-6}  {c.Severity.ToString().ToLowerInvariant()}");
        }

        return text.ToString();
    }
}

/// <summary>Compares two files column by column (<c>mlac drift</c>): CSV files by header name, and a served model's
/// prediction log (<c>.jsonl</c>), whose lines' <c>inputs</c> fields are its columns (and <c>output</c>'s fields,
/// as <c>output.{name}</c>).</summary>
public static class DriftFile
{
    private static readonly HashSet<string> Missing = new(["", "NA", "N/A", "NaN", "null"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads both files and computes the drift of every column they share (by header name). A column whose
    /// non-missing values all parse as numbers in both files is numeric; any other is categorical. A column whose
    /// values are all booleans in both files is compared as 0/1 however each file writes them (<c>yes</c> or <c>1</c> in a
    /// CSV, <c>true</c> in a request), read with the loaders' rules (<see cref="BooleanText"/>). Numbers are compared at
    /// single precision (<see cref="Drift.Canonical"/>), as the model reads them. A file ending in <c>.jsonl</c> or <c>.ndjson</c> is read as a prediction log.</summary>
    /// <param name="reference">The reference file (training data, or an earlier prediction log).</param>
    /// <param name="current">The current file (a serving window: a CSV export or the prediction log).</param>
    /// <param name="correct">Adjust the columns' p-values for testing them all at once (Benjamini–Hochberg).</param>
    /// <param name="names">The feature set's naming contract: both files' headers are mapped to field names through it,
    /// so a CSV column <c>LivingArea</c> and a log field <c>living_area</c> are compared as one.</param>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="ArgumentException">A file is empty, or they share no column, or a column is empty in one of them.</exception>
    public static DriftReport CompareCsv(string reference, string current, bool correct = false, ColumnNames? names = null)
    {
        var (referenceName, referenceColumns) = Read(reference);
        var (currentName, currentColumns) = Read(current);
        if (names is not null)
        {
            referenceColumns = Renamed(referenceColumns, names, referenceName);
            currentColumns = Renamed(currentColumns, names, currentName);
        }

        var shared = referenceColumns.Keys.Where(currentColumns.ContainsKey).ToList();
        if (shared.Count == 0)
        {
            // Names that differ only in case or separators are almost certainly one column under two conventions.
            static string Letters(string n) => new([.. n.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
            var near = referenceColumns.Keys.SelectMany(r => currentColumns.Keys.Where(c => Letters(c) == Letters(r)).Select(c => $"{r} ~ {c}")).ToList();
            throw new ArgumentException($"{referenceName} and {currentName} share no column (by header name); the reference has {string.Join(", ", referenceColumns.Keys)}"
                + (near.Count > 0 && names is null
                    ? $". These look like one column under two names: {string.Join(", ", near)}; give the feature set (mlac drift --features bin/…/App.dll) to map the CSV's names to the served field names."
                    : "."));
        }

        var columns = new List<ColumnDrift>();
        foreach (var name in shared)
        {
            var r = referenceColumns[name].Where(v => !Missing.Contains(v)).ToArray();
            var c = currentColumns[name].Where(v => !Missing.Contains(v)).ToArray();
            if (r.Length == 0 || c.Length == 0)
            {
                throw new ArgumentException($"Column {name} has no values in {(r.Length == 0 ? referenceName : currentName)} (only missing ones).");
            }

            if (ZeroOne(r) is { } rb && ZeroOne(c) is { } cb)
            {
                (r, c) = (rb, cb);
            }

            var numbers = Numbers(r) is { } rn && Numbers(c) is { } cn ? (rn, cn) : default;
            if (numbers.rn is not null)
            {
                var drift = Drift.Compare(numbers.rn, numbers.cn!);
                columns.Add(new ColumnDrift(name, "numeric", r.Length, c.Length, drift.Psi, drift.JsDistance, drift.KsStatistic, drift.KsPValue, null, null, null));
            }
            else
            {
                var categories = r.Concat(c).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                long[] Counts(string[] values)
                {
                    var counts = values.GroupBy(v => v, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
                    return [.. categories.Select(k => counts.GetValueOrDefault(k))];
                }

                var (rc, cc) = (Counts(r), Counts(c));
                double[] rs = [.. rc.Select(v => v / (double)r.Length)], cs = [.. cc.Select(v => v / (double)c.Length)];
                var (chi2, p, _) = categories.Length >= 2 ? Drift.ChiSquare(rc, cc) : (0.0, 1.0, 0);
                var (rf, cf) = FoldRare(rs, cs);
                columns.Add(new ColumnDrift(name, "categorical", r.Length, c.Length, Drift.PsiOfShares(rs, cs), Drift.JensenShannonDistanceOfShares(rs, cs),
                    null, null, chi2, p, null) { SeverityPsi = Drift.PsiOfShares(rf, cf) });
            }
        }

        if (correct)
        {
            var adjusted = Drift.BenjaminiHochberg([.. columns.Select(c => c.KsPValue ?? c.Chi2PValue ?? 1)]);
            columns = [.. columns.Select((c, i) => c with { PValueAdjusted = adjusted[i] })];
        }

        return new DriftReport(referenceName, currentName, [.. columns]);
    }

    // The columns under their field names; two headers of one field are refused rather than merged.
    private static Dictionary<string, List<string>> Renamed(Dictionary<string, List<string>> columns, ColumnNames names, string file)
    {
        var renamed = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var from = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (header, values) in columns)
        {
            var field = names.Map(header);
            if (!renamed.TryAdd(field, values))
            {
                throw new ArgumentException($"{file} has both {from[field]} and {header}, which the feature set reads as one field {field}; keep one.");
            }

            from[field] = header;
        }

        return renamed;
    }

    // The shares without the categories under RareShare on both sides, renormalized (all of them when every category
    // is rare).
    private static (double[] Reference, double[] Current) FoldRare(double[] reference, double[] current)
    {
        var keep = Enumerable.Range(0, reference.Length).Where(i => reference[i] >= ColumnDrift.RareShare || current[i] >= ColumnDrift.RareShare).ToArray();
        if (keep.Length == reference.Length || keep.Length == 0)
        {
            return (reference, current);
        }

        double r = keep.Sum(i => reference[i]), c = keep.Sum(i => current[i]);
        return ([.. keep.Select(i => reference[i] / Math.Max(r, 1e-12))], [.. keep.Select(i => current[i] / Math.Max(c, 1e-12))]);
    }

    // The column as 1/0 when every value is a boolean; null otherwise.
    private static string[]? ZeroOne(string[] values)
    {
        var result = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (!BooleanText.TryParse(values[i], out var value))
            {
                return null;
            }

            result[i] = value ? "1" : "0";
        }

        return result;
    }

    private static double[]? Numbers(string[] values)
    {
        var numbers = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
            {
                return null;
            }

            numbers[i] = Drift.Canonical(numbers[i]);
        }

        return numbers;
    }

    private static (string Name, Dictionary<string, List<string>> Columns) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No file at {path}.", path);
        }

        var name = Path.GetFileName(path);
        if (Path.GetExtension(path).ToLowerInvariant() is ".jsonl" or ".ndjson")
        {
            return (name, ReadLog(path, name));
        }

        using var reader = new StreamReader(path);
        var csv = new CsvReader(reader, name);
        var header = csv.Read() ?? throw new ArgumentException($"{name} is empty: expected a header row.");
        var names = header.Fields.Select(f => f.Trim()).ToArray();
        var columns = names.Distinct(StringComparer.Ordinal).ToDictionary(n => n, _ => new List<string>(), StringComparer.Ordinal);
        var rows = 0;
        while (csv.Read() is { } record)
        {
            rows++;
            if (record.Fields.Count != names.Length)
            {
                throw new ArgumentException($"{name}, line {record.Line}: {record.Fields.Count} fields, but the header has {names.Length}.");
            }

            for (var i = 0; i < names.Length; i++)
            {
                columns[names[i]].Add(record.Fields[i].Trim());
            }
        }

        return rows == 0 ? throw new ArgumentException($"{name} has a header but no rows.") : (name, columns);
    }

    // A prediction log: one JSON object per line with the request's "inputs" and the response's "output"; a field
    // missing from a line counts as a missing value there.
    private static Dictionary<string, List<string>> ReadLog(string path, string name)
    {
        var columns = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var rows = 0;
        var line = 0;
        void Add(string column, JsonNode? value)
        {
            if (!columns.TryGetValue(column, out var values))
            {
                columns[column] = values = [.. Enumerable.Repeat("", rows)];
            }

            values.Add(value switch
            {
                null => "",
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Trim(),
                JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValueKind() == JsonValueKind.True ? "true" : "false",
                JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
                _ => throw new ArgumentException($"{name}, line {line}: field {column} is {value.GetValueKind()}, expected a number, text, true/false or null."),
            });
        }

        foreach (var (number, entry) in PredictionLogFile.Read(path))
        {
            line = number;
            var record = PredictionRecord.From(entry);
            if (record.Inputs is not { } inputs)
            {
                throw new ArgumentException($"{name}, line {line}: no \"inputs\" object; a prediction log line has time, service, model_version, inputs, output, source and latency_ms.");
            }

            foreach (var (field, value) in inputs)
            {
                Add(field, value);
            }

            if (record.Output is { } output)
            {
                foreach (var (field, value) in output.Where(p => p.Value is null or JsonValue))
                {
                    Add("output." + field, value);
                }
            }

            rows++;
            foreach (var values in columns.Values.Where(v => v.Count < rows))
            {
                values.Add("");
            }
        }

        return rows == 0 ? throw new ArgumentException($"{name} has no prediction records.") : columns;
    }
}
