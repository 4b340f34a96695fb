using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using MlAsCode.Data.Csv;

namespace MlAsCode.AbTesting;

/// <summary>An A/B test's outcomes file: one row per unit with its arm (<c>control</c> or <c>treatment</c>) and metrics.</summary>
public sealed class AbTestOutcomes
{
    private readonly string _name;
    private readonly string[] _header;
    private readonly List<(string Arm, string[] Fields, long Line)> _rows;

    private AbTestOutcomes(string name, string[] header, List<(string, string[], long)> rows) => (_name, _header, _rows) = (name, header, rows);

    /// <summary>Reads the file; every row's arm must be control or treatment, and both must occur.</summary>
    /// <exception cref="FileNotFoundException">No file.</exception>
    /// <exception cref="ArgumentException">No such arm column, an unknown arm, or an arm with no rows.</exception>
    public static AbTestOutcomes Read(string path, string armColumn)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No file at {path}.", path);
        }

        var name = Path.GetFileName(path);
        using var reader = new StreamReader(path);
        var csv = new CsvReader(reader, name);
        var header = (csv.Read() ?? throw new ArgumentException($"{name} is empty.")).Fields.Select(f => f.Trim()).ToArray();
        var armIndex = Array.FindIndex(header, h => string.Equals(h, armColumn, StringComparison.OrdinalIgnoreCase));
        if (armIndex < 0)
        {
            throw new ArgumentException($"{name} has no arm column '{armColumn}'; its columns are {string.Join(", ", header)}.");
        }

        var rows = new List<(string, string[], long)>();
        while (csv.Read() is { } record)
        {
            var arm = record.Fields[armIndex].Trim().ToLowerInvariant();
            if (arm is not ("control" or "treatment"))
            {
                throw new ArgumentException($"{name}, line {record.Line}, column {header[armIndex]}: '{record.Fields[armIndex]}' is not control or treatment.");
            }

            rows.Add((arm, [.. record.Fields], record.Line));
        }

        foreach (var arm in new[] { "control", "treatment" }.Where(a => rows.All(r => r.Item1 != a)))
        {
            throw new ArgumentException($"{name} has no {arm} rows.");
        }

        return new AbTestOutcomes(name, header, rows);
    }

    /// <summary>Compares the arms on <paramref name="column"/>: a two-proportion z-test when every value is 0 or 1,
    /// Welch's t-test otherwise.</summary>
    public Comparison Compare(string column)
    {
        var index = Array.FindIndex(_header, h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            throw new ArgumentException($"{_name} has no column '{column}'; its columns are {string.Join(", ", _header)}.");
        }

        var values = _rows.Select(r => (r.Arm, Value: double.TryParse(r.Fields[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v : throw new ArgumentException($"{_name}, line {r.Line}, column {_header[index]}: '{r.Fields[index]}' is not a finite number."))).ToList();
        double[] control = [.. values.Where(v => v.Arm == "control").Select(v => v.Value)];
        double[] treatment = [.. values.Where(v => v.Arm == "treatment").Select(v => v.Value)];
        return values.All(v => v.Value is 0 or 1)
            ? AbTestAnalysis.ProportionTest(_header[index], (long)control.Sum(), control.Length, (long)treatment.Sum(), treatment.Length)
            : AbTestAnalysis.WelchTest(_header[index], control, treatment);
    }
}
