using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace MlAsCode.Analyzers.Common;

/// <summary>
/// The header and per-column level counts of a CSV passed as an <c>AdditionalFiles</c> item, read with the same
/// RFC 4180 rules as the runtime. Counting stops past <see cref="LevelCap"/> levels per column.
/// </summary>
internal sealed class CsvSource
{
    public const int LevelCap = 1000;

    private readonly Dictionary<string, int>[] _levels;

    private CsvSource(string[] header, Dictionary<string, int>[] levels, int rows)
    {
        Header = header;
        _levels = levels;
        Rows = rows;
    }

    public IReadOnlyList<string> Header { get; }

    /// <summary>Data rows (records after the header).</summary>
    public int Rows { get; }

    public int IndexOf(string column)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            if (string.Equals(Header[i].Trim(), column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Distinct non-empty values of a column (at most <see cref="LevelCap"/> + 1).</summary>
    public int Levels(int column) => _levels[column].Count;

    /// <summary>Rows whose value in <paramref name="column"/> is one of <paramref name="values"/>, or <c>null</c> when the
    /// column has more than <see cref="LevelCap"/> levels (not all were counted).</summary>
    public int? Count(int column, IEnumerable<string> values)
    {
        if (_levels[column].Count > LevelCap)
        {
            return null;
        }

        var total = 0;
        foreach (var value in values)
        {
            total += _levels[column].TryGetValue(value, out var n) ? n : 0;
        }

        return total;
    }

    /// <summary>Rows with a non-empty value in <paramref name="column"/>, or <c>null</c> past <see cref="LevelCap"/> levels.</summary>
    public int? NonEmpty(int column)
    {
        if (_levels[column].Count > LevelCap)
        {
            return null;
        }

        var total = 0;
        foreach (var n in _levels[column].Values)
        {
            total += n;
        }

        return total;
    }

    public static CsvSource? Parse(string text)
    {
        var records = Records(text).GetEnumerator();
        if (!records.MoveNext())
        {
            return null;
        }

        var header = records.Current.ToArray();
        var levels = new Dictionary<string, int>[header.Length];
        for (var i = 0; i < levels.Length; i++)
        {
            levels[i] = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        var rows = 0;
        while (records.MoveNext())
        {
            rows++;
            var fields = records.Current;
            for (var i = 0; i < Math.Min(fields.Count, levels.Length); i++)
            {
                if (fields[i].Length > 0 && (levels[i].Count <= LevelCap || levels[i].ContainsKey(fields[i])))
                {
                    levels[i][fields[i]] = levels[i].TryGetValue(fields[i], out var n) ? n + 1 : 1;
                }
            }
        }

        return new CsvSource(header, levels, rows);
    }

    private static IEnumerable<List<string>> Records(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return fields;
                    fields = [];
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return fields;
        }
    }
}
