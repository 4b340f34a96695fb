using System;
using System.Globalization;

namespace MlAsCode.Data.Parquet;

/// <summary>
/// One Parquet row over the row group's column arrays. Numbers convert between numeric column types (integers only
/// from integral values), text columns are parsed with the invariant culture, timestamps are UTC.
/// </summary>
internal readonly struct ParquetRow : ITableRow
{
    private readonly ParquetHeader _header;
    private readonly Array?[] _columns;
    private readonly int _index;

    public ParquetRow(ParquetHeader header, Array?[] columns, int index, long line)
    {
        _header = header;
        _columns = columns;
        _index = index;
        Line = line;
    }

    public long Line { get; }

    public bool IsMissing(int index) => Value(index) switch
    {
        null => true,
        string s => s.Length == 0,
        double d => double.IsNaN(d),
        float f => float.IsNaN(f),
        _ => false,
    };

    public string GetString(int index) => GetNullableString(index) ?? "";

    public string? GetNullableString(int index) => Value(index) switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    public double GetDouble(int index) => Value(index) switch
    {
        null => double.NaN,
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        sbyte b => b,
        decimal m => (double)m,
        string s when s.Length == 0 => double.NaN,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        var other => throw Error(index, "a number", other),
    };

    public float GetSingle(int index) => (float)GetDouble(index);

    public decimal GetDecimal(int index) => Value(index) switch
    {
        decimal m => m,
        double or float or int or long or short or byte or sbyte when !IsMissing(index) => Convert.ToDecimal(Value(index), CultureInfo.InvariantCulture),
        string s when decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        var other => throw Error(index, "a decimal number", other),
    };

    public int GetInt32(int index) => checked((int)GetInt64(index));

    public long GetInt64(int index) => Value(index) switch
    {
        long l => l,
        int i => i,
        short s => s,
        byte b => b,
        sbyte b => b,
        double d when d == Math.Floor(d) && double.IsFinite(d) => (long)d,
        float f when f == MathF.Floor(f) && float.IsFinite(f) => (long)f,
        decimal m when m == decimal.Floor(m) => (long)m,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        var other => throw Error(index, "a whole number", other),
    };

    public bool GetBoolean(int index) => Value(index) switch
    {
        bool b => b,
        int i when i is 0 or 1 => i == 1,
        long l when l is 0 or 1 => l == 1,
        string s when BooleanText.TryParse(s, out var parsed) => parsed,
        var other => throw Error(index, "a boolean", other),
    };

    public DateTime GetDateTime(int index) => Value(index) switch
    {
        DateTime t => t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime(),
        DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        DateTimeOffset o => o.UtcDateTime,
        string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
        var other => throw Error(index, "a date and time", other),
    };

    public DateTimeOffset GetDateTimeOffset(int index) => new(GetDateTime(index));

    public DateOnly GetDateOnly(int index) => Value(index) switch
    {
        DateOnly d => d,
        _ => DateOnly.FromDateTime(GetDateTime(index)),
    };

    public T Get<T>(int index)
        where T : ISpanParsable<T> => Value(index) switch
        {
            T value => value,
            null => throw Error(index, $"a {typeof(T).Name} value", null),
            var other when T.TryParse(GetNullableString(index), CultureInfo.InvariantCulture, out var parsed) => parsed,
            var other => throw Error(index, $"a {typeof(T).Name} value", other),
        };

    public T? GetNullable<T>(int index)
        where T : struct, ISpanParsable<T> => IsMissing(index) ? null : Get<T>(index);

    private object? Value(int index) => _columns[index]?.GetValue(_index);

    private DataFormatException Error(int index, string expected, object? found) =>
        new(_header.Source, Line, index + 1, _header.Names[index], expected, found is null ? "a missing value" : $"{found} ({_header.Fields[index].ClrType.Name} column)");
}
