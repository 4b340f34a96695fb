using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace MlAsCode.Data.Csv;

/// <summary>
/// Typed rows streamed from a CSV source: enumerating reads the file once more, holding one record at a time;
/// <see cref="Report"/> counts rows and rejected rows as it goes.
/// </summary>
public sealed class CsvRows<TRow> : IEnumerable<TRow>
{
    private readonly Func<TextReader> _open;
    private readonly Func<ITableRowMapper<TRow>> _mapper;
    private readonly CsvReadOptions _options;

    internal CsvRows(string source, Func<TextReader> open, Func<ITableRowMapper<TRow>> mapper, CsvReadOptions options)
    {
        _open = open;
        _mapper = mapper;
        _options = options;
        Report = new CsvLoadReport { Source = source };
    }

    /// <summary>Counts of the latest enumeration.</summary>
    public CsvLoadReport Report { get; private set; }

    /// <inheritdoc />
    public IEnumerator<TRow> GetEnumerator()
    {
        var report = Report = new CsvLoadReport { Source = Report.Source };
        using var text = _open();
        var reader = new CsvReader(text, report.Source);
        var headerRecord = reader.Read()
            ?? throw new DataFormatException(report.Source, 1, 0, null, "a header line naming the columns", "an empty file");
        var header = new CsvHeader(headerRecord);
        var mapper = _mapper();
        mapper.Bind(header);

        while (true)
        {
            TRow row;
            CsvRecord? record;
            try
            {
                record = reader.Read();
                if (record is null)
                {
                    break;
                }

                if (record.Fields.Count == 1 && record.Fields[0].Length == 0)
                {
                    continue; // a blank line, usually the last one
                }

                if (record.Fields.Count != header.Names.Count)
                {
                    throw new DataFormatException(report.Source, record.Line, 0, null,
                        $"{header.Names.Count} fields as in the header", $"{record.Fields.Count} fields");
                }

                row = mapper.Map(new CsvRow(record, header, _options));
            }
            catch (DataFormatException error) when (_options.OnBadRow == BadRowPolicy.Skip && error.Line > 1)
            {
                report.Reject(new RejectedRow(error.Line, error));
                if (report.Rejected.Count > _options.MaxRejectedRows)
                {
                    throw new DataFormatException(report.Source, error.Line, 0, null,
                        $"at most {_options.MaxRejectedRows} bad rows (CsvReadOptions.MaxRejectedRows); the last was: {error.Message}", null);
                }

                continue;
            }

            report.RowCount++;
            yield return row;
        }

        report.Completed = true;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Entry points for reading CSV into typed rows (generated <c>ReadCsv</c> methods call these).</summary>
public static class CsvLoader
{
    /// <summary>Streams typed rows from a CSV file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (checked here, not at first enumeration).</exception>
    public static CsvRows<TRow> Read<TRow>(string path, Func<ITableRowMapper<TRow>> mapper, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"CSV file not found: {Path.GetFullPath(path)}", path);
        }

        return new CsvRows<TRow>(path, () => new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true), mapper, options ?? CsvReadOptions.Default);
    }

    /// <summary>Streams typed rows from CSV text (tests, embedded resources, HTTP bodies).</summary>
    public static CsvRows<TRow> Parse<TRow>(string csv, Func<ITableRowMapper<TRow>> mapper, string source = "csv text", CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(csv);
        return new CsvRows<TRow>(source, () => new StringReader(csv), mapper, options ?? CsvReadOptions.Default);
    }
}
