using System;
using System.Globalization;

namespace MlAsCode.Data.Csv;

/// <summary>
/// A data record with typed, invariant-culture field access. Every parse failure names the file, line, column and
/// what was expected. Missing tokens (see <see cref="CsvReadOptions.MissingValues"/>) become NaN for floating-point
/// fields, <c>null</c> for nullable fields and empty strings for strings; for other non-nullable types they are errors.
/// </summary>
public readonly struct CsvRow : ITableRow
{
    private readonly CsvRecord _record;
    private readonly CsvHeader _header;
    private readonly CsvReadOptions _options;

    internal CsvRow(CsvRecord record, CsvHeader header, CsvReadOptions options)
    {
        _record = record;
        _header = header;
        _options = options;
    }

    /// <summary>1-based line where the record starts.</summary>
    public long Line => _record.Line;

    /// <summary>The raw field.</summary>
    public string Raw(int index) => _record.Fields[index];

    /// <summary>Whether the field is one of the missing-value tokens.</summary>
    public bool IsMissing(int index) => _options.IsMissing(_record.Fields[index]);

    /// <summary>The field as text; a missing token becomes <c>""</c>.</summary>
    public string GetString(int index) => IsMissing(index) ? "" : _record.Fields[index];

    /// <summary>The field as text; a missing token becomes <c>null</c>.</summary>
    public string? GetNullableString(int index) => IsMissing(index) ? null : _record.Fields[index];

    /// <summary>A double; missing becomes NaN.</summary>
    public double GetDouble(int index) => IsMissing(index) ? double.NaN : Parse<double>(index, "a number");

    /// <summary>A float; missing becomes NaN.</summary>
    public float GetSingle(int index) => IsMissing(index) ? float.NaN : Parse<float>(index, "a number");

    /// <summary>A decimal.</summary>
    public decimal GetDecimal(int index) => Parse<decimal>(index, "a decimal number");

    /// <summary>A 32-bit integer.</summary>
    public int GetInt32(int index) => Parse<int>(index, "a whole number");

    /// <summary>A 64-bit integer.</summary>
    public long GetInt64(int index) => Parse<long>(index, "a whole number");

    /// <summary>A boolean: true/false, 1/0 or yes/no (any case).</summary>
    public bool GetBoolean(int index) =>
        BooleanText.TryParse(_record.Fields[index], out var value) ? value : throw Error(index, "a boolean (" + BooleanText.Accepted + ")");

    /// <summary>A date and time in ISO 8601 (or any invariant-culture form); a value without an offset is UTC.</summary>
    public DateTime GetDateTime(int index) =>
        DateTime.TryParse(_record.Fields[index].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw Error(index, "a date and time (ISO 8601, e.g. 2001-01-22 or 2001-01-22T08:00:00Z)");

    /// <summary>A date and time with offset; a value without an offset is UTC.</summary>
    public DateTimeOffset GetDateTimeOffset(int index) =>
        DateTimeOffset.TryParse(_record.Fields[index].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw Error(index, "a date and time with offset (ISO 8601)");

    /// <summary>A date.</summary>
    public DateOnly GetDateOnly(int index) =>
        DateOnly.TryParse(_record.Fields[index].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw Error(index, "a date (yyyy-MM-dd)");

    /// <summary>Any invariant-culture parsable value.</summary>
    public T Get<T>(int index)
        where T : ISpanParsable<T> => Parse<T>(index, $"a {typeof(T).Name} value");

    /// <summary>Any invariant-culture parsable value, or <c>null</c> when missing.</summary>
    public T? GetNullable<T>(int index)
        where T : struct, ISpanParsable<T> =>
        IsMissing(index) ? null : Parse<T>(index, $"a {typeof(T).Name} value");

    private T Parse<T>(int index, string expected)
        where T : ISpanParsable<T> =>
        T.TryParse(_record.Fields[index].AsSpan().Trim(), CultureInfo.InvariantCulture, out var value) ? value : throw Error(index, expected);

    private DataFormatException Error(int index, string expected) =>
        new(_record.Source, _record.Line, index + 1, index < _header.Names.Count ? _header.Names[index] : null, expected, _record.Fields[index]);
}
