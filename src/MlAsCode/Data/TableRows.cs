using System;
using System.Collections.Generic;

namespace MlAsCode.Data;

/// <summary>The columns of a tabular source (CSV header, Parquet schema); generated mappers find their columns here.</summary>
public interface ITableHeader
{
    /// <summary>The column names in source order.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>The 0-based index of the first of <paramref name="candidates"/> present (case-insensitive), or -1.</summary>
    int Find(params ReadOnlySpan<string> candidates);

    /// <summary>The 0-based index of the column for <paramref name="property"/>.</summary>
    /// <exception cref="DataFormatException">None of the candidate names is present; the message lists the columns.</exception>
    int Require(string property, params ReadOnlySpan<string> candidates);
}

/// <summary>
/// One row of a tabular source with typed access by column index. Every failure names the source, row (line), column
/// and what was expected. Missing values become NaN for floating point, <c>null</c> for nullable targets and empty
/// strings for strings; for other non-nullable types they are errors.
/// </summary>
public interface ITableRow
{
    /// <summary>1-based line (CSV) or row number (Parquet) of the row.</summary>
    long Line { get; }

    /// <summary>Whether the value is missing.</summary>
    bool IsMissing(int index);

    /// <summary>Text; missing becomes <c>""</c>.</summary>
    string GetString(int index);

    /// <summary>Text; missing becomes <c>null</c>.</summary>
    string? GetNullableString(int index);

    /// <summary>A double; missing becomes NaN.</summary>
    double GetDouble(int index);

    /// <summary>A float; missing becomes NaN.</summary>
    float GetSingle(int index);

    /// <summary>A decimal.</summary>
    decimal GetDecimal(int index);

    /// <summary>A 32-bit integer.</summary>
    int GetInt32(int index);

    /// <summary>A 64-bit integer.</summary>
    long GetInt64(int index);

    /// <summary>A boolean.</summary>
    bool GetBoolean(int index);

    /// <summary>A UTC date and time.</summary>
    DateTime GetDateTime(int index);

    /// <summary>A date and time with offset.</summary>
    DateTimeOffset GetDateTimeOffset(int index);

    /// <summary>A date.</summary>
    DateOnly GetDateOnly(int index);

    /// <summary>Any invariant-culture parsable value.</summary>
    T Get<T>(int index)
        where T : ISpanParsable<T>;

    /// <summary>Any invariant-culture parsable value, or <c>null</c> when missing.</summary>
    T? GetNullable<T>(int index)
        where T : struct, ISpanParsable<T>;
}

/// <summary>Maps tabular rows to typed rows; generated for each feature set, shared by the CSV and Parquet loaders.</summary>
public interface ITableRowMapper<TRow>
{
    /// <summary>Finds the column of every property.</summary>
    /// <exception cref="DataFormatException">A mapped column is missing.</exception>
    void Bind(ITableHeader header);

    /// <summary>Creates a row.</summary>
    /// <exception cref="DataFormatException">A value does not convert.</exception>
    TRow Map<TSource>(in TSource row)
        where TSource : struct, ITableRow;
}
