using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace MlAsCode.Data;

/// <summary>
/// A row's content hash, the same in every process and on every machine (unlike <c>GetHashCode</c>): each property is
/// added in declaration order with a type tag, so <c>1</c> and <c>"1"</c> or a missing and an empty value differ. The
/// generator emits a <c>ContentHash</c> for each feature set that feeds every property here; duplicate detection,
/// holdout fingerprints and train/test overlap checks compare these hashes.
/// </summary>
public sealed class RowHasher
{
    private readonly XxHash128 _hash = new();
    private readonly byte[] _scratch = new byte[17];

    /// <summary>Adds a text value (<c>null</c> differs from empty).</summary>
    public RowHasher Add(string? value)
    {
        if (value is null)
        {
            return Tag(0);
        }

        Tag(1);
        Write(value.Length);
        _hash.Append(Encoding.UTF8.GetBytes(value));
        return this;
    }

    /// <summary>Adds a number (all NaNs are one value).</summary>
    public RowHasher Add(double value)
    {
        Tag(2);
        var bits = double.IsNaN(value) ? BitConverter.DoubleToInt64Bits(double.NaN) : BitConverter.DoubleToInt64Bits(value == 0 ? 0d : value);
        Write(bits);
        return this;
    }

    /// <summary>Adds a whole number.</summary>
    public RowHasher Add(long value)
    {
        Tag(3);
        Write(value);
        return this;
    }

    /// <summary>Adds a decimal (by its invariant text, so 1.0 and 1.00 are one value).</summary>
    // Dividing by a one with many decimal places drops trailing zeros (decimal keeps its scale otherwise).
    public RowHasher Add(decimal value) => Add((value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a boolean.</summary>
    public RowHasher Add(bool value) => Tag(value ? (byte)5 : (byte)4);

    /// <summary>Adds a date-time (its ticks; the kind is ignored).</summary>
    public RowHasher Add(DateTime value)
    {
        Tag(6);
        Write(value.Ticks);
        return this;
    }

    /// <summary>Adds a date-time with offset (as UTC).</summary>
    public RowHasher Add(DateTimeOffset value) => Add(value.UtcDateTime);

    /// <summary>Adds a date.</summary>
    public RowHasher Add(DateOnly value) => Add(value.ToDateTime(TimeOnly.MinValue));

    /// <summary>Adds a value of any other type by its invariant text.</summary>
    public RowHasher AddOther(object? value) => Add(Convert.ToString(value, CultureInfo.InvariantCulture));

    /// <summary>Adds a missing value of a nullable property.</summary>
    public RowHasher AddMissing() => Tag(7);

    /// <summary>The hash of everything added.</summary>
    public UInt128 Finish() => _hash.GetCurrentHashAsUInt128();

    private RowHasher Tag(byte tag)
    {
        _scratch[0] = tag;
        _hash.Append(_scratch.AsSpan(0, 1));
        return this;
    }

    private void Write(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_scratch, value);
        _hash.Append(_scratch.AsSpan(0, 8));
    }
}
