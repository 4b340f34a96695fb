using System;
using System.Buffers;
using System.Collections.Frozen;
using System.IO.Hashing;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using MlAsCode.Features.State;

namespace MlAsCode.Features.Kernels;

// The kernels of categorical columns (one-hot, target encoding, hashing) and the level lookup they share; the numeric,
// date and text kernels are in FeatureKernels.cs.

/// <summary>Helpers shared by the level kernels.</summary>
internal static class Levels
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static string? OrFill(string? raw, string? fill) =>
        // A level that does not start with white space is not blank: decided inline, without scanning.
        raw is null || raw.Length == 0 || (char.IsWhiteSpace(raw[0]) && string.IsNullOrWhiteSpace(raw)) ? fill : raw;

    /// <summary>Zeroes a one-hot block: a loop for the usual handful of columns (cheaper than a call to the general
    /// clear), the general clear for wide ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear(Span<float> block)
    {
        if (block.Length > 8)
        {
            block.Clear();
            return;
        }

        for (var i = 0; i < block.Length; i++)
        {
            block[i] = 0;
        }
    }
}

/// <summary>
/// Finds a level's position. A one-hot or target-encoded column usually has a handful of levels; for those, comparing
/// lengths and then characters (vectorized) is about twice as fast as hashing the string. Larger sets use a frozen
/// dictionary.
/// </summary>
internal readonly struct LevelIndex
{
    private const int LinearLimit = 8;

    private readonly string[] _levels;
    private readonly FrozenDictionary<string, int>? _dictionary;

    public LevelIndex(System.Collections.Generic.IEnumerable<string> levels)
    {
        _levels = [.. levels];
        if (_levels.Length > LinearLimit)
        {
            _dictionary = _levels.Select((level, i) => (level, i)).ToFrozenDictionary(p => p.level, p => p.i, StringComparer.Ordinal);
        }
    }

    /// <summary>The level's position, or -1 when it is not a known level.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(string level)
    {
        if (_dictionary is not null)
        {
            return _dictionary.TryGetValue(level, out var found) ? found : -1;
        }

        var levels = _levels;
        for (var i = 0; i < levels.Length; i++)
        {
            if (string.Equals(levels[i], level))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>One column per training level.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class OneHotKernel
{
    private readonly LevelIndex _index;
    private readonly string? _fill;

    /// <summary>Builds the kernel from a fitted state.</summary>
    public OneHotKernel(OneHotColumnState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _index = new LevelIndex(state.Levels);
        _fill = state.Fill;
        Width = state.Levels.Length;
    }

    /// <summary>Number of output columns.</summary>
    public int Width { get; }

    /// <summary>Writes the level's columns (an unseen or missing level sets none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(string? level, Span<float> destination)
    {
        Levels.Clear(destination[..Width]);
        if (Levels.OrFill(level, _fill) is { } value && _index.Find(value) is var i && i >= 0)
        {
            destination[i] = 1;
        }
    }
}

/// <summary>The full-data target encoding of a level.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class TargetEncodingKernel
{
    private readonly LevelIndex _index;
    private readonly double[] _values;
    private readonly string? _fill;
    private readonly double _prior;

    /// <summary>Builds the kernel from a fitted state.</summary>
    public TargetEncodingKernel(TargetEncodingColumnState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _index = new LevelIndex(state.Levels.Select(e => e.Level));
        _values = [.. state.Levels.Select(e => e.Value)];
        _fill = state.Fill;
        _prior = state.Prior;
    }

    /// <summary>The encoding; unseen and missing levels get the prior.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Apply(string? level) =>
        (float)(Levels.OrFill(level, _fill) is { } value && _index.Find(value) is var i && i >= 0 ? _values[i] : _prior);
}

/// <summary>The hashing trick.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class HashKernel
{
    private readonly string? _fill;

    /// <summary>Builds the kernel from a fitted state.</summary>
    public HashKernel(HashColumnState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _fill = state.Fill;
        Width = state.Buckets;
    }

    /// <summary>Number of output columns.</summary>
    public int Width { get; }

    /// <summary>Sets the level's bucket (a missing level sets none).</summary>
    public void Write(string? level, Span<float> destination)
    {
        destination[..Width].Clear();
        if (Levels.OrFill(level, _fill) is { } value)
        {
            destination[Bucket(value, Width)] = 1;
        }
    }

    internal static int Bucket(string level, int buckets)
    {
        var length = Encoding.UTF8.GetMaxByteCount(level.Length);
        byte[]? rented = null;
        var buffer = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(level, buffer);
            return (int)(XxHash32.HashToUInt32(buffer[..written]) % (uint)buckets);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
