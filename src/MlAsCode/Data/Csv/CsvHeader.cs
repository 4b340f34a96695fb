using System;
using System.Collections.Generic;
using System.Linq;

namespace MlAsCode.Data.Csv;

/// <summary>The header record: finds the column a property is mapped to.</summary>
public sealed class CsvHeader : ITableHeader
{
    private readonly Dictionary<string, int> _byName = new(StringComparer.OrdinalIgnoreCase);

    internal CsvHeader(CsvRecord record)
    {
        Record = record;
        for (var i = 0; i < record.Fields.Count; i++)
        {
            _byName.TryAdd(record.Fields[i].Trim(), i);
        }
    }

    /// <summary>The header record itself.</summary>
    public CsvRecord Record { get; }

    /// <summary>The column names in file order.</summary>
    public IReadOnlyList<string> Names => Record.Fields;

    /// <summary>The 0-based index of the first of <paramref name="candidates"/> present (case-insensitive), or -1.</summary>
    public int Find(params ReadOnlySpan<string> candidates)
    {
        foreach (var name in candidates)
        {
            if (_byName.TryGetValue(name, out var index))
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>The 0-based index of the column for <paramref name="property"/>.</summary>
    /// <exception cref="DataFormatException">None of the candidate names is in the header.</exception>
    public int Require(string property, params ReadOnlySpan<string> candidates)
    {
        var index = Find(candidates);
        if (index < 0)
        {
            var wanted = string.Join(" or ", candidates.ToArray().Distinct(StringComparer.OrdinalIgnoreCase).Select(c => $"\"{c}\""));
            throw new DataFormatException(
                Record.Source, Record.Line, 0, null,
                $"a column {wanted} for property {property}; the header has {string.Join(", ", Names)}", null);
        }

        return index;
    }
}
