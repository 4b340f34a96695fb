using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Parquet;
using Parquet.Schema;

namespace MlAsCode.Data.Parquet;

/// <summary>Entry point for reading Parquet into typed rows (generated <c>ReadParquet</c> methods call it).</summary>
public static class ParquetLoader
{
    /// <summary>Streams typed rows from a Parquet file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (checked here, not at first enumeration).</exception>
    public static ParquetRows<TRow> Read<TRow>(string path, Func<ITableRowMapper<TRow>> mapper, ParquetReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Parquet file not found: {Path.GetFullPath(path)}", path);
        }

        return new ParquetRows<TRow>(path, mapper, options ?? ParquetReadOptions.Default);
    }
}

/// <summary>Options for reading Parquet into typed rows; every option has a default.</summary>
public sealed record ParquetReadOptions
{
    /// <summary>The defaults: fail on the first bad row.</summary>
    public static ParquetReadOptions Default { get; } = new();

    /// <summary>What to do with a row whose values do not convert.</summary>
    public BadRowPolicy OnBadRow { get; init; } = BadRowPolicy.Fail;

    /// <summary>With <see cref="BadRowPolicy.Skip"/>, give up after this many rejected rows.</summary>
    public int MaxRejectedRows { get; init; } = 1000;
}

/// <summary>What a Parquet read produced, filled in as rows are enumerated.</summary>
public sealed class ParquetLoadReport
{
    /// <summary>The file read.</summary>
    public required string Source { get; init; }

    /// <summary>Rows read so far.</summary>
    public long RowCount { get; internal set; }

    /// <summary>Row groups read so far.</summary>
    public int RowGroups { get; internal set; }

    /// <summary>Whether the whole file has been read.</summary>
    public bool Completed { get; internal set; }

    /// <summary>Rows skipped under <see cref="BadRowPolicy.Skip"/>.</summary>
    public IReadOnlyList<RejectedRow> Rejected => _rejected;

    private readonly List<RejectedRow> _rejected = [];

    internal void Reject(RejectedRow row) => _rejected.Add(row);
}

/// <summary>
/// Typed rows streamed from a Parquet file: one row group's mapped columns are in memory at a time, so memory depends
/// on the row-group size, not the file size. Only the columns the row type maps are read.
/// </summary>
public sealed class ParquetRows<TRow> : IAsyncEnumerable<TRow>
{
    private readonly string _path;
    private readonly Func<ITableRowMapper<TRow>> _mapper;
    private readonly ParquetReadOptions _options;

    internal ParquetRows(string path, Func<ITableRowMapper<TRow>> mapper, ParquetReadOptions options)
    {
        _path = path;
        _mapper = mapper;
        _options = options;
        Report = new ParquetLoadReport { Source = path };
    }

    /// <summary>Counts of the latest enumeration.</summary>
    public ParquetLoadReport Report { get; private set; }

    /// <summary>Reads every row into a list.</summary>
    public async Task<List<TRow>> ToListAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<TRow>();
        await foreach (var row in WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Enumerates with a cancellation token.</summary>
    public ConfiguredCancelableAsyncEnumerable<TRow> WithCancellation(CancellationToken cancellationToken) =>
        TaskAsyncEnumerableExtensions.WithCancellation(this, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerator<TRow> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var report = Report = new ParquetLoadReport { Source = _path };
        await using var stream = File.OpenRead(_path);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or InvalidDataException or NotSupportedException)
        {
            throw new DataFormatException(_path, 0, 0, null, $"a Parquet file ({error.Message})", null);
        }

        await using (reader)
        {
            var fields = reader.Schema.GetDataFields();
            var header = new ParquetHeader(_path, fields);
            var mapper = _mapper();
            mapper.Bind(header);

            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var count = checked((int)group.RowCount);
                var columns = new Array?[fields.Length];
                foreach (var index in header.Used)
                {
                    columns[index] = await ParquetColumns.ReadAsync(group, fields[index], count, cancellationToken).ConfigureAwait(false);
                }

                for (var r = 0; r < count; r++)
                {
                    var line = report.RowCount + report.Rejected.Count + 1;
                    TRow row;
                    try
                    {
                        row = mapper.Map(new ParquetRow(header, columns, r, line));
                    }
                    catch (DataFormatException error) when (_options.OnBadRow == BadRowPolicy.Skip)
                    {
                        report.Reject(new RejectedRow(line, error));
                        if (report.Rejected.Count > _options.MaxRejectedRows)
                        {
                            throw new DataFormatException(_path, line, 0, null,
                                $"at most {_options.MaxRejectedRows} bad rows (ParquetReadOptions.MaxRejectedRows); the last was: {error.Message}", null);
                        }

                        continue;
                    }

                    report.RowCount++;
                    yield return row;
                }

                report.RowGroups++;
            }
        }

        report.Completed = true;
    }
}

/// <summary>The schema's data fields as a header; remembers which columns a mapper asked for.</summary>
internal sealed class ParquetHeader : ITableHeader
{
    private readonly Dictionary<string, int> _byName = new(StringComparer.OrdinalIgnoreCase);

    public ParquetHeader(string source, DataField[] fields)
    {
        Source = source;
        Fields = fields;
        Names = [.. fields.Select(f => f.Name)];
        for (var i = 0; i < fields.Length; i++)
        {
            _byName.TryAdd(fields[i].Name, i);
        }
    }

    public string Source { get; }

    public DataField[] Fields { get; }

    public IReadOnlyList<string> Names { get; }

    public SortedSet<int> Used { get; } = [];

    public int Find(params ReadOnlySpan<string> candidates)
    {
        foreach (var name in candidates)
        {
            if (_byName.TryGetValue(name, out var index))
            {
                Used.Add(index);
                return index;
            }
        }

        return -1;
    }

    public int Require(string property, params ReadOnlySpan<string> candidates)
    {
        var index = Find(candidates);
        if (index < 0)
        {
            var wanted = string.Join(" or ", candidates.ToArray().Distinct(StringComparer.OrdinalIgnoreCase).Select(c => $"\"{c}\""));
            throw new DataFormatException(Source, 0, 0, null, $"a column {wanted} for property {property}; the schema has {string.Join(", ", Names)}", null);
        }

        return index;
    }
}
