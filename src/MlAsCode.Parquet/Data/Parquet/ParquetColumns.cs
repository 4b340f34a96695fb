using System;
using System.Threading;
using System.Threading.Tasks;
using Parquet;
using Parquet.Schema;

namespace MlAsCode.Data.Parquet;

/// <summary>Reads one column of a row group into a typed array (<c>T[]</c> for required values, <c>T?[]</c> for
/// optional ones, <c>string?[]</c> for text).</summary>
internal static class ParquetColumns
{
    public static async Task<Array> ReadAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
    {
        if (field.IsArray)
        {
            throw new DataFormatException(group.RowGroup.ToString() ?? "parquet", 0, 0, field.Name, "a column of single values, not a list", null);
        }

        var type = field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var text = new string?[count];
            await group.ReadAsync(field, text.AsMemory()!, null, cancellationToken).ConfigureAwait(false);
            return text;
        }

        return type switch
        {
            _ when type == typeof(int) => await Values<int>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(long) => await Values<long>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(short) => await Values<short>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(byte) => await Values<byte>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(sbyte) => await Values<sbyte>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(float) => await Values<float>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(double) => await Values<double>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(decimal) => await Values<decimal>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(bool) => await Values<bool>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(DateTime) => await Values<DateTime>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(DateOnly) => await Values<DateOnly>(group, field, count, cancellationToken).ConfigureAwait(false),
            _ => throw new DataFormatException("parquet", 0, 0, field.Name, "a column of numbers, booleans, text, dates or timestamps", type.Name),
        };
    }

    // A required (non-nullable) column must be read through the non-nullable overload: reading it into T?[] made
    // Parquet.Net 6.1 report random values as missing (seen as flaky rows in the telco round-trip test).
    private static async Task<Array> Values<T>(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
        where T : struct
    {
        if (!field.IsNullable)
        {
            var required = new T[count];
            await group.ReadAsync(field, required.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            return required;
        }

        var values = new T?[count];
        await group.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
        return values;
    }
}
