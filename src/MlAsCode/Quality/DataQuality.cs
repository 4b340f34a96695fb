using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using MlAsCode.Data;
using MlAsCode.Data.Csv;

namespace MlAsCode.Quality;

/// <summary>
/// Scores a data source 0–5 on each of the methodology's six data quality dimensions (completeness, accuracy, consistency,
/// timeliness, relevance, volume) with the evidence for each; below the gate (18 of 30 by default) training should
/// not start. The thresholds are in docs/data-quality.md.
/// </summary>
public static class DataQuality
{
    /// <summary>Reads a CSV file (RFC 4180, header row) and assesses it.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not valid CSV (unclosed quote ...), with line and column.</exception>
    /// <exception cref="ArgumentException">The target or time column is not in the header, or the file has no rows.</exception>
    public static DataQualityReport AssessCsv(string path, DataQualityOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No data file at {path}.", path);
        }

        using var reader = new StreamReader(path);
        var csv = new CsvReader(reader, path);
        var header = csv.Read() ?? throw new ArgumentException($"{path} is empty: expected a header row.", nameof(path));
        var rows = new List<IReadOnlyList<string>>();
        while (csv.Read() is { } record)
        {
            rows.Add(record.Fields);
        }

        return Assess(Path.GetFileName(path), header.Fields, rows, options);
    }

    /// <summary>Assesses rows of text cells under a header.</summary>
    public static DataQualityReport Assess(string source, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, DataQualityOptions options)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        var table = new Table(source, header, rows, options);
        var dimensions = ImmutableArray.Create(
            Completeness(table),
            Accuracy(table, options),
            Consistency(table),
            Timeliness(table, options),
            Relevance(table, options),
            Volume(table));
        return new DataQualityReport(source, rows.Count, header.Count, options.Target, dimensions, options.Gate);
    }

    private static DimensionScore Completeness(Table t)
    {
        var missing = t.Columns.Select(c => (c.Name, Count: c.Missing)).ToList();
        var total = missing.Sum(m => m.Count);
        var cells = (long)t.RowCount * t.Columns.Count;
        var share = cells == 0 ? 1 : (double)total / cells;
        var score = Grade(share, [0.01, 0.05, 0.10, 0.25, 0.50], lowerIsBetter: true);
        var worst = missing.Where(m => m.Count > 0).OrderByDescending(m => m.Count).Take(3)
            .Select(m => $"{m.Name} {m.Count} ({Percent((double)m.Count / t.RowCount)})").ToList();
        var evidence = $"{total:N0} of {cells:N0} cells missing ({Percent(share)})" + (worst.Count > 0 ? $"; most in {string.Join(", ", worst)}" : "");
        var fix = score == 5 ? "" : $"fill or impute the columns with the most missing values ({string.Join(", ", worst)}) or drop columns that are mostly empty";
        return new DimensionScore(QualityDimension.Completeness, score, evidence, fix);
    }

    private static DimensionScore Accuracy(Table t, DataQualityOptions options)
    {
        if (options.Rules.IsDefaultOrEmpty)
        {
            return new DimensionScore(QualityDimension.Accuracy, 2,
                "no validation rules declared: values were not checked against any source of truth",
                "declare validation rules (mlac: --rule COL:MIN..MAX or --rule COL=a|b; runtime: DataQualityOptions.Rules)", Measured: false);
        }

        long checkedCells = 0, failed = 0;
        var failures = new List<string>();
        foreach (var rule in options.Rules)
        {
            var column = t.Find(rule.Column) ?? throw new ArgumentException(
                $"Rule {rule} names column '{rule.Column}', which {t.Source} does not have; its header has {string.Join(", ", t.Columns.Select(c => c.Name))}.");
            var bad = 0;
            var firstBad = -1;
            for (var r = 0; r < t.RowCount; r++)
            {
                var cell = t.Cell(r, column.Index);
                if (cell is null || t.Options.IsMissing(cell))
                {
                    continue;
                }

                checkedCells++;
                if (!rule.Passes(cell))
                {
                    bad++;
                    firstBad = firstBad < 0 ? r : firstBad;
                }
            }

            failed += bad;
            if (bad > 0)
            {
                failures.Add($"{rule}: {bad} fail (first at line {firstBad + 2}: '{t.Cell(firstBad, column.Index)}')");
            }
        }

        if (checkedCells == 0)
        {
            return new DimensionScore(QualityDimension.Accuracy, 2,
                $"{options.Rules.Length} rule(s) declared, but every value they check is missing: nothing could be validated",
                "fill the columns the rules check, or point the rules at columns with values", Measured: false);
        }

        var passShare = 1 - (double)failed / checkedCells;
        var score = Grade(passShare, [0.999, 0.99, 0.97, 0.90, 0.75], lowerIsBetter: false);
        var evidence = $"{options.Rules.Length} rule(s) over {checkedCells:N0} values: {Percent(passShare)} pass"
            + (failures.Count > 0 ? "; " + string.Join("; ", failures.Take(3)) : "");
        return new DimensionScore(QualityDimension.Accuracy, score, evidence,
            score == 5 ? "" : "correct or remove the values that fail the rules, starting with the rule that fails most");
    }

    private static DimensionScore Consistency(Table t)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        var ragged = 0;
        var badRows = new bool[t.RowCount];
        for (var r = 0; r < t.RowCount; r++)
        {
            var row = t.Rows[r];
            if (row.Count != t.Columns.Count)
            {
                ragged++;
                badRows[r] = true;
                continue;
            }

            if (!seen.Add(string.Join('\u001f', row)))
            {
                duplicates++;
                badRows[r] = true;
            }
        }

        var notes = new List<string>();
        foreach (var column in t.Columns)
        {
            if (column.IsNumeric)
            {
                var errors = 0;
                var example = "";
                for (var r = 0; r < t.RowCount; r++)
                {
                    if (t.Cell(r, column.Index) is { } cell && !t.Options.IsMissing(cell) && !Table.TryNumber(cell, out _))
                    {
                        errors++;
                        badRows[r] = true;
                        example = example.Length == 0 ? cell : example;
                    }
                }

                if (errors > 0)
                {
                    notes.Add($"{column.Name}: {errors} non-numeric value(s) in a numeric column (e.g. '{example}')");
                }
            }
            else
            {
                var levels = column.Levels;
                // Levels that differ only in case or surrounding spaces are one value written several ways.
                var variants = levels.Keys.GroupBy(k => k.Trim().ToUpperInvariant()).Where(g => g.Count() > 1).ToList();
                foreach (var group in variants)
                {
                    var canonical = group.OrderByDescending(v => levels[v]).First();
                    foreach (var variant in group.Where(v => v != canonical))
                    {
                        for (var r = 0; r < t.RowCount; r++)
                        {
                            if (string.Equals(t.Cell(r, column.Index), variant, StringComparison.Ordinal))
                            {
                                badRows[r] = true;
                            }
                        }
                    }

                    notes.Add($"{column.Name}: '{string.Join("', '", group)}' are one value written {group.Count()} ways");
                }
            }
        }

        var bad = badRows.Count(b => b);
        var share = t.RowCount == 0 ? 0 : (double)bad / t.RowCount;
        var score = Grade(share, [0.001, 0.01, 0.03, 0.10, 0.25], lowerIsBetter: true);
        var evidence = $"{duplicates} exact duplicate row(s), {ragged} row(s) with a wrong number of fields"
            + (notes.Count > 0 ? "; " + string.Join("; ", notes.Take(3)) : "; no type or format errors")
            + $" ({Percent(share)} of rows affected)";
        var fix = score == 5 ? "" : duplicates > 0 && duplicates >= bad / 2
            ? "remove exact duplicates before splitting (FeatureSetDefinition.Deduplicate / Split do) and find why the source repeats rows"
            : "standardize formats (one spelling per category, numbers only in numeric columns) at the source";
        return new DimensionScore(QualityDimension.Consistency, score, evidence, fix);
    }

    private static DimensionScore Timeliness(Table t, DataQualityOptions options)
    {
        if (options.TimeColumn is null && options.EventTimes is { Count: > 0 } computed)
        {
            return Fresh(options, computed.Max(), 0, "computed event time");
        }

        if (options.TimeColumn is null)
        {
            return new DimensionScore(QualityDimension.Timeliness, 1,
                "no event-time column given: the age of the data is unknown, so it is treated as a stale snapshot",
                "pass the event-time column (mlac: --time-column COL) so freshness can be measured", Measured: false);
        }

        var column = t.Require(options.TimeColumn, "time");
        DateTime? newest = null;
        var unreadable = 0;
        for (var r = 0; r < t.RowCount; r++)
        {
            var cell = t.Cell(r, column.Index);
            if (cell is null || t.Options.IsMissing(cell))
            {
                continue;
            }

            if (DateTime.TryParse(cell, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
            {
                newest = newest is null || time > newest ? time : newest;
            }
            else
            {
                unreadable++;
            }
        }

        if (newest is null)
        {
            throw new ArgumentException($"Time column '{options.TimeColumn}' of {t.Source} has no readable date (expected ISO 8601 such as 2026-11-26 or 2026-11-26T08:30:00Z).");
        }

        return Fresh(options, newest.Value, unreadable, null);
    }

    private static DimensionScore Fresh(DataQualityOptions options, DateTime newest, int unreadable, string? from)
    {
        var now = options.Clock.GetUtcNow().UtcDateTime;
        var age = now - newest;
        var days = Math.Max(0, age.TotalDays);
        var score = Grade(days, [1, 7, 14, 31, 62], lowerIsBetter: true, inclusive: true);
        var evidence = $"newest event {newest:yyyy-MM-dd HH:mm} UTC is {Age(days)} old (as of {now:yyyy-MM-dd})"
            + (from is null ? "" : $" ({from})")
            + (unreadable > 0 ? $"; {unreadable} unreadable date(s)" : "");
        return new DimensionScore(QualityDimension.Timeliness, score, evidence,
            score == 5 ? "" : "refresh the source (daily or faster) or confirm the pattern has not changed since the newest event");
    }

    private static DimensionScore Relevance(Table t, DataQualityOptions options)
    {
        var target = t.Require(options.Target, "target");
        var labels = t.Discretize(target, classification: t.IsClassification(target));
        var entropy = Information.Entropy(labels.Codes, labels.Levels);
        if (entropy == 0)
        {
            return new DimensionScore(QualityDimension.Relevance, 0, $"{options.Target} has a single value: there is nothing to predict",
                "collect rows of the other outcomes, or check the target column");
        }

        var excluded = new HashSet<string>(StringComparer.Ordinal) { target.Name };
        foreach (var name in options.Exclude)
        {
            excluded.Add(t.Require(name, "excluded").Name);
        }

        foreach (var name in options.ExcludeIfPresent.Append(options.TimeColumn))
        {
            if (name is not null && t.Find(name) is { } column)
            {
                excluded.Add(column.Name);
            }
        }

        var scores = new List<(string Name, double Share)>();
        var identifiers = new List<string>();
        foreach (var column in t.Columns.Where(c => !excluded.Contains(c.Name)))
        {
            if (t.LooksLikeIdentifier(column))
            {
                identifiers.Add(column.Name);
                continue;
            }

            var feature = t.Discretize(column, classification: !column.IsNumeric);
            // Plug-in mutual information is biased upwards by about (levels − 1)(classes − 1) / 2N nats; subtracting
            // that keeps a many-level noise column on few rows from looking relevant.
            var mi = Information.MutualInformation(feature.Codes, feature.Levels, labels.Codes, labels.Levels)
                - ((double)(Used(feature) - 1) * (Used(labels) - 1) / (2.0 * t.RowCount));
            scores.Add((column.Name, Math.Max(0, mi) / entropy));
        }

        var suspicious = scores.Where(s => s.Share >= 0.8).ToList();
        var counted = scores.Except(suspicious).OrderByDescending(s => s.Share).ToList();
        var best = counted.Count == 0 ? 0 : counted[0].Share;
        var score = Grade(best, [0.10, 0.05, 0.02, 0.01, 0.002], lowerIsBetter: false);
        var evidence = counted.Count == 0
            ? "no usable feature columns"
            : $"strongest features by mutual information with {options.Target} (share of its entropy): "
              + string.Join(", ", counted.Take(5).Select(s => $"{s.Name} {s.Share:0.000}"))
              + $"; {counted.Count(s => s.Share >= 0.01)} of {counted.Count} features above 0.010";
        if (identifiers.Count > 0)
        {
            evidence += $"; identifiers skipped: {string.Join(", ", identifiers)}";
        }

        if (suspicious.Count > 0)
        {
            evidence += $"; not counted, suspiciously strong (possible leakage: is it known before the prediction?): {string.Join(", ", suspicious.Select(s => $"{s.Name} {s.Share:0.000}"))}";
        }

        return new DimensionScore(QualityDimension.Relevance, score, evidence,
            score == 5 ? "" : "add features closer to the outcome (behaviour, recent history) or confirm the target is the right proxy");
    }

    private static int Used(Discretized d) => d.Codes.Distinct().Count();

    private static DimensionScore Volume(Table t)
    {
        var target = t.Find(t.Options.Target)!;
        if (t.IsClassification(target))
        {
            // Every class counted, however many there are (not the 20 kept for relevance).
            var perClass = target.Levels.Select(l => (Name: l.Key, Count: l.Value)).OrderBy(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
            if (perClass.Count < 2)
            {
                return new DimensionScore(QualityDimension.Volume, 0, $"{t.Options.Target} has {perClass.Count} class: a classifier needs at least two",
                    "collect rows of the other outcomes, or check the target column");
            }

            var smallest = perClass[0].Count;
            var score = Grade(smallest, [10000, 3000, 1000, 300, 100], lowerIsBetter: false);
            var evidence = $"{perClass.Count} classes: " + string.Join(", ", perClass.Take(10).Select(c => $"{c.Name} {c.Count:N0}")) + (perClass.Count > 10 ? ", …" : "")
                + $"; smallest class {smallest:N0} rows";
            return new DimensionScore(QualityDimension.Volume, score, evidence,
                score == 5 ? "" : $"collect more rows of the rarest class ({perClass[0].Name}); until then prefer simple models and cross-validation");
        }

        var rows = t.RowCount;
        var regression = Grade(rows, [10000, 3000, 1000, 300, 100], lowerIsBetter: false);
        return new DimensionScore(QualityDimension.Volume, regression, $"{rows:N0} rows (numeric target)",
            regression == 5 ? "" : "collect more rows; until then prefer simple models and cross-validation");
    }

    // Score 5 for the best band down to 0: thresholds[0] is the edge of 5, thresholds[4] the edge of 1.
    private static int Grade(double value, double[] thresholds, bool lowerIsBetter, bool inclusive = false)
    {
        for (var i = 0; i < thresholds.Length; i++)
        {
            var within = lowerIsBetter
                ? (inclusive ? value <= thresholds[i] : value < thresholds[i])
                : value >= thresholds[i];
            if (within)
            {
                return 5 - i;
            }
        }

        return 0;
    }

    private static string Percent(double share) => (share * 100).ToString(share < 0.001 && share > 0 ? "0.000" : "0.0", CultureInfo.InvariantCulture) + "%";

    private static string Age(double days) => days switch
    {
        < 1 => $"{days * 24:0} hours",
        < 1.5 => "1 day",
        < 62 => $"{days:0} days",
        < 730 => $"{days / 30.44:0} months",
        _ => $"{days / 365.25:0.0} years",
    };
}
