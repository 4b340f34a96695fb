using System;

namespace MlAsCode.Data;

/// <summary>
/// Input data that does not have the expected shape, with where it is (file, line, column) and what was expected.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception; the message is built from the location and the expectation.</summary>
    public DataFormatException(string source, long line, int column, string? columnName, string expected, string? found)
        : base(Describe(source, line, column, columnName, expected, found))
    {
        Source = source;
        Line = line;
        Column = column;
        ColumnName = columnName;
        Expected = expected;
        Found = found;
    }

    /// <summary>The file (or other source) name.</summary>
    public new string Source { get; }

    /// <summary>1-based line where the record starts; 0 when not tied to a line.</summary>
    public long Line { get; }

    /// <summary>1-based column (field) number; 0 when not tied to a column.</summary>
    public int Column { get; }

    /// <summary>The column's header name, when known.</summary>
    public string? ColumnName { get; }

    /// <summary>What was expected.</summary>
    public string Expected { get; }

    /// <summary>What was found, when there was a value.</summary>
    public string? Found { get; }

    private static string Describe(string source, long line, int column, string? columnName, string expected, string? found)
    {
        var where = source;
        if (line > 0)
        {
            where += $" line {line}";
        }

        if (column > 0)
        {
            where += $", column {column}" + (columnName is null ? "" : $" ({columnName})");
        }

        return found is null ? $"{where}: expected {expected}" : $"{where}: expected {expected}, found \"{found}\"";
    }
}
