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
public struct RowHasher
{
    // One hasher per thread, reset for each row: hashing a row allocates nothing.
    [ThreadStatic]
    private static XxHash128? t_hash;

    private readonly XxHash128 _hash;

    /// <summary>Starts hashing a row.</summary>
    public RowHasher()
    {
        _hash = t_hash ??= new XxHash128();
        _hash.Reset();
    }

    /// <summary>Adds a text value (<c>null</c> differs from empty).</summary>
    public readonly void Add(string? value)
    {
        if (value is null)
        {
            Tag(0);
            return;
        }

        Tag(1);
        Write(value.Length);
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length <= 256)
        {
            Span<byte> buffer = stackalloc byte[length];
            _hash.Append(buffer[..Encoding.UTF8.GetBytes(value, buffer)]);
        }
        else
        {
            _hash.Append(Encoding.UTF8.GetBytes(value));
        }
    }

    /// <summary>Adds a number (all NaNs are one value, and −0 is 0).</summary>
    public readonly void Add(double value)
    {
        Tag(2);
        Write(BitConverter.DoubleToInt64Bits(double.IsNaN(value) ? double.NaN : value == 0 ? 0d : value));
    }

    /// <summary>Adds a whole number.</summary>
    public readonly void Add(long value)
    {
        Tag(3);
        Write(value);
    }

    /// <summary>Adds a decimal (by its invariant text, so 1.0 and 1.00 are one value).</summary>
    // Dividing by a one with many decimal places drops trailing zeros (decimal keeps its scale otherwise).
    public readonly void Add(decimal value) => Add((value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a boolean.</summary>
    public readonly void Add(bool value) => Tag(value ? (byte)5 : (byte)4);

    /// <summary>Adds a date-time (its ticks; the kind is ignored).</summary>
    public readonly void Add(DateTime value)
    {
        Tag(6);
        Write(value.Ticks);
    }

    /// <summary>Adds a date-time with offset (as UTC).</summary>
    public readonly void Add(DateTimeOffset value) => Add(value.UtcDateTime);

    /// <summary>Adds a date.</summary>
    public readonly void Add(DateOnly value) => Add(value.ToDateTime(TimeOnly.MinValue));

    /// <summary>Adds a missing value of a nullable property.</summary>
    public readonly void AddMissing() => Tag(7);

    /// <summary>The hash of everything added.</summary>
    public readonly UInt128 Finish() => _hash.GetCurrentHashAsUInt128();

    private readonly void Tag(byte tag) => _hash.Append([tag]);

    private readonly void Write(long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        _hash.Append(buffer);
    }
}
