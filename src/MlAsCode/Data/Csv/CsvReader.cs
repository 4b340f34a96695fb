using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace MlAsCode.Data.Csv;

/// <summary>
/// Streams RFC 4180 records from text: comma-separated, fields optionally in double quotes, <c>""</c> for a quote
/// inside a quoted field, quoted fields may span lines, CRLF or LF line ends. Memory is bounded by the longest record.
/// </summary>
/// <remarks>
/// Hand-written rather than a package: none served here streams with the line and column numbers our error messages
/// need at this size, and RFC 4180 without options is a small state machine.
/// </remarks>
public sealed class CsvReader
{
    private readonly TextReader _reader;
    private readonly string _source;
    private readonly StringBuilder _field = new();
    private long _line = 1;

    /// <summary>Reads from <paramref name="reader"/>; <paramref name="source"/> names it in error messages.</summary>
    public CsvReader(TextReader reader, string source)
    {
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _source = source;
    }

    /// <summary>The source name used in error messages.</summary>
    public string Source => _source;

    private void SkipToLineEnd()
    {
        int c;
        while ((c = _reader.Read()) >= 0 && c != '\n')
        {
        }

        if (c == '\n')
        {
            _line++;
        }
    }

    /// <summary>Reads the next record, or returns <c>null</c> at the end of the input.</summary>
    /// <exception cref="DataFormatException">A quote is not closed, or text follows a closing quote.</exception>
    public CsvRecord? Read()
    {
        if (_reader.Peek() < 0)
        {
            return null;
        }

        var startLine = _line;
        var fields = new List<string>();
        _field.Clear();
        var quoted = false;
        var inQuotes = false;
        var afterQuote = false;

        while (true)
        {
            var c = _reader.Read();
            if (inQuotes)
            {
                if (c < 0)
                {
                    throw new DataFormatException(_source, startLine, fields.Count + 1, null, "a closing quote before the end of the file", null);
                }

                if (c == '"')
                {
                    if (_reader.Peek() == '"')
                    {
                        _reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _line++;
                    }

                    _field.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    fields.Add(_field.ToString());
                    _field.Clear();
                    quoted = afterQuote = false;
                    break;
                case '\r' when _reader.Peek() == '\n':
                    break;
                case '\n':
                case -1:
                    if (c == '\n')
                    {
                        _line++;
                    }

                    fields.Add(_field.ToString());
                    return new CsvRecord(fields.ToArray(), startLine, _source);
                case '"' when _field.Length == 0 && !quoted:
                    quoted = inQuotes = true;
                    break;
                default:
                    if (afterQuote)
                    {
                        // Leave the reader at the next record so a skip policy resumes in the right place.
                        SkipToLineEnd();
                        throw new DataFormatException(_source, startLine, fields.Count + 1, null, "a comma or line end after a closing quote", ((char)c).ToString());
                    }

                    _field.Append((char)c);
                    break;
            }
        }
    }
}

/// <summary>One CSV record: its fields and the line it starts on.</summary>
public sealed class CsvRecord
{
    internal CsvRecord(string[] fields, long line, string source)
    {
        Fields = fields;
        Line = line;
        Source = source;
    }

    /// <summary>The fields, unquoted.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>1-based line where the record starts.</summary>
    public long Line { get; }

    /// <summary>The source name, for error messages.</summary>
    public string Source { get; }
}
