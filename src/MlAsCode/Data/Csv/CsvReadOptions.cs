using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace MlAsCode.Data.Csv;

/// <summary>Options for reading CSV into typed rows; every option has a default.</summary>
public sealed record CsvReadOptions
{
    /// <summary>The defaults: fail on the first bad row; empty, NA, N/A, NaN and null are missing.</summary>
    public static CsvReadOptions Default { get; } = new();

    /// <summary>What to do with a row that cannot be read.</summary>
    public BadRowPolicy OnBadRow { get; init; } = BadRowPolicy.Fail;

    /// <summary>With <see cref="BadRowPolicy.Skip"/>, give up after this many rejected rows (the data is probably wrong).</summary>
    public int MaxRejectedRows { get; init; } = 1000;

    /// <summary>Field values (exact, case-sensitive, after trimming) that mean "missing".</summary>
    public ImmutableArray<string> MissingValues { get; init; } = ["", "NA", "N/A", "NaN", "null"];

    internal bool IsMissing(string field)
    {
        var trimmed = field.AsSpan().Trim();
        foreach (var token in MissingValues)
        {
            if (trimmed.SequenceEqual(token))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What a read produced, filled in as the rows are enumerated.</summary>
public sealed class CsvLoadReport
{
    private readonly List<RejectedRow> _rejected = [];

    /// <summary>The source read.</summary>
    public required string Source { get; init; }

    /// <summary>Rows read successfully so far.</summary>
    public long RowCount { get; internal set; }

    /// <summary>Rows skipped under <see cref="BadRowPolicy.Skip"/>.</summary>
    public IReadOnlyList<RejectedRow> Rejected => _rejected;

    /// <summary>Whether the whole source has been read.</summary>
    public bool Completed { get; internal set; }

    internal void Reject(RejectedRow row) => _rejected.Add(row);
}
