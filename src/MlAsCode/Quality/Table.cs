using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MlAsCode.Quality;

/// <summary>Rows of text cells with per-column facts the dimensions share (type, levels, missing count).</summary>
internal sealed class Table
{
    public const string MissingLevel = "(missing)";
    private const int MaxLevels = 20;
    private const int Bins = 10;

    public Table(string source, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, DataQualityOptions options)
    {
        Source = source;
        Rows = rows;
        Options = options;
        if (rows.Count == 0)
        {
            throw new ArgumentException($"{source} has a header but no data rows.");
        }

        Columns = [.. header.Select((name, i) => Column.Read(name, i, this))];
        var target = Require(options.Target, "target");
        if (target.Missing == rows.Count)
        {
            throw new ArgumentException($"The target column '{target.Name}' of {source} has no values in any of its {rows.Count} rows.");
        }
    }

    public string Source { get; }

    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    public DataQualityOptions Options { get; }

    public List<Column> Columns { get; }

    public int RowCount => Rows.Count;

    public string? Cell(int row, int column) => column < Rows[row].Count ? Rows[row][column] : null;

    /// <summary>The column by exact name, then ignoring case, then by snake case (<c>MonthlyCharges</c> finds
    /// <c>monthly_charges</c>), as the generated loaders map properties.</summary>
    public Column? Find(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal))
        ?? Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? Columns.FirstOrDefault(c => string.Equals(Common.SnakeCase.From(c.Name), Common.SnakeCase.From(name), StringComparison.Ordinal));

    public Column Require(string name, string role) => Find(name) ?? throw new ArgumentException(
        $"The {role} column '{name}' is not in {Source}; its header has {string.Join(", ", Columns.Select(c => c.Name))}.");

    public static bool TryNumber(string cell, out double value) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>A classification target: text, or numbers with at most 20 distinct values.</summary>
    public bool IsClassification(Column target) => !target.IsNumeric || target.Distinct <= MaxLevels;

    /// <summary>Text with a distinct value in most rows, or whole numbers that (almost) never repeat: row identifiers.</summary>
    public bool LooksLikeIdentifier(Column column) =>
        column.IsNumeric
            ? column.Distinct >= 0.95 * (RowCount - column.Missing) && column.AllWhole && RowCount > MaxLevels
            : column.Distinct > 0.5 * (RowCount - column.Missing) && column.Distinct > MaxLevels;

    /// <summary>
    /// Codes for each row: the 20 most frequent levels (the rest as one "other" level) for categories, up to 10
    /// equal-frequency bins for numbers; missing values are a level of their own.
    /// </summary>
    public Discretized Discretize(Column column, bool classification)
    {
        var codes = new int[RowCount];
        var names = new List<string>();
        var missingCode = -1;
        int Missing()
        {
            if (missingCode < 0)
            {
                missingCode = names.Count;
                names.Add(MissingLevel);
            }

            return missingCode;
        }

        if (classification || !column.IsNumeric)
        {
            var kept = column.Levels.OrderByDescending(l => l.Value).ThenBy(l => l.Key, StringComparer.Ordinal)
                .Take(MaxLevels).Select(l => l.Key).ToList();
            var index = kept.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
            names.AddRange(kept);
            var other = -1;
            for (var r = 0; r < RowCount; r++)
            {
                var cell = Cell(r, column.Index);
                if (cell is null || Options.IsMissing(cell))
                {
                    codes[r] = Missing();
                }
                else if (index.TryGetValue(cell, out var code))
                {
                    codes[r] = code;
                }
                else
                {
                    if (other < 0)
                    {
                        other = names.Count;
                        names.Add("(other)");
                    }

                    codes[r] = other;
                }
            }

            return new Discretized(codes, names);
        }

        var values = new double[RowCount];
        for (var r = 0; r < RowCount; r++)
        {
            values[r] = Cell(r, column.Index) is { } cell && !Options.IsMissing(cell) && TryNumber(cell, out var x) && double.IsFinite(x) ? x : double.NaN;
        }

        var sorted = values.Where(double.IsFinite).Order().ToArray();
        // Inner edges at the 10%, 20%, ... quantiles; repeated edges collapse (a column of few values gets fewer bins).
        var edges = Enumerable.Range(1, Bins - 1).Select(q => sorted.Length == 0 ? 0 : sorted[(int)((long)q * (sorted.Length - 1) / Bins)])
            .Distinct().ToArray();
        for (var b = 0; b <= edges.Length; b++)
        {
            names.Add($"bin {b}");
        }

        for (var r = 0; r < RowCount; r++)
        {
            if (double.IsNaN(values[r]))
            {
                codes[r] = Missing();
                continue;
            }

            var bin = 0;
            while (bin < edges.Length && edges[bin] < values[r])
            {
                bin++;
            }

            codes[r] = bin;
        }

        return new Discretized(codes, names);
    }
}

/// <summary>One column's type, missing count and (for text) level counts.</summary>
internal sealed record Column(string Name, int Index, bool IsNumeric, bool AllWhole, int Missing, int Distinct, Dictionary<string, int> Levels)
{
    public static Column Read(string name, int index, Table table)
    {
        var missing = 0;
        var numbers = 0;
        var whole = true;
        var levels = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < table.RowCount; r++)
        {
            var cell = table.Cell(r, index);
            if (cell is null || table.Options.IsMissing(cell))
            {
                missing++;
                continue;
            }

            if (Table.TryNumber(cell, out var x))
            {
                numbers++;
                whole &= x == Math.Floor(x);
            }

            levels[cell] = levels.GetValueOrDefault(cell) + 1;
        }

        var present = table.RowCount - missing;
        // Numeric when at least 95% of the present values are numbers (the rest are type errors).
        var numeric = present > 0 && numbers >= 0.95 * present;
        // Text levels keep their raw spelling: the consistency check looks for case and space variants.
        return new Column(name, index, numeric, whole, missing, levels.Count, levels);
    }
}

/// <summary>A column as integer codes with the name of each code.</summary>
internal sealed record Discretized(int[] Codes, List<string> Names)
{
    public int Levels => Names.Count;
}

/// <summary>Entropy and mutual information in nats (natural log, as scikit-learn's mutual_info_score).</summary>
internal static class Information
{
    public static double Entropy(int[] codes, int levels)
    {
        var counts = new int[levels];
        foreach (var c in codes)
        {
            counts[c]++;
        }

        var n = (double)codes.Length;
        return -counts.Where(c => c > 0).Sum(c => c / n * Math.Log(c / n));
    }

    public static double MutualInformation(int[] a, int aLevels, int[] b, int bLevels)
    {
        var joint = new int[aLevels, bLevels];
        var ca = new int[aLevels];
        var cb = new int[bLevels];
        for (var i = 0; i < a.Length; i++)
        {
            joint[a[i], b[i]]++;
            ca[a[i]]++;
            cb[b[i]]++;
        }

        var n = (double)a.Length;
        var mi = 0.0;
        for (var i = 0; i < aLevels; i++)
        {
            for (var j = 0; j < bLevels; j++)
            {
                if (joint[i, j] > 0)
                {
                    mi += joint[i, j] / n * Math.Log(joint[i, j] * n / ((double)ca[i] * cb[j]));
                }
            }
        }

        return Math.Max(0, mi);
    }
}
