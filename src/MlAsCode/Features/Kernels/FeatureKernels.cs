using System;
using System.Collections.Frozen;
using System.Linq;
using System.Runtime.CompilerServices;
using MlAsCode.Features.Fitting;
using MlAsCode.Features.State;

namespace MlAsCode.Features.Kernels;

// The arithmetic of each fitted column, in one place. The runtime's column appliers and the transforms generated for
// each feature set both call these kernels, so there is a single implementation of every transform. Missing means NaN
// or ±Infinity for numbers, null or blank for levels. None of them allocates.

/// <summary>A transform generated for one feature set: every column's kernel called directly, no delegates.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface ICompiledTransform<TRow>
{
    /// <summary>Transforms one row into <paramref name="destination"/> (already checked to be wide enough).</summary>
    void Transform(in TRow row, Span<float> destination);
}

/// <summary>Raw, log, standardize, min-max and quantile-bin columns.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class NumericKernel
{
    private readonly Transform _transform;
    private readonly double _fill;
    private readonly double _center;
    private readonly double _scale;
    private readonly NegativePolicy _negative;
    private readonly double[] _edges;
    private readonly string _feature;

    /// <summary>Builds the kernel from a fitted state.</summary>
    public NumericKernel(NumericColumnState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _transform = state.Transform;
        _fill = state.Fill ?? double.NaN;
        _center = state.Center;
        _scale = state.Scale;
        _negative = state.Negative;
        _edges = state.Edges.IsDefault ? [] : [.. state.Edges];
        _feature = state.Feature;
    }

    /// <summary>The output for one value, whatever the column's transform (the runtime's general path).</summary>
    public float Apply(double x) => _transform switch
    {
        Transform.Raw => ApplyRaw(x),
        Transform.Standardize or Transform.MinMax => ApplyScaled(x),
        Transform.Log => ApplyLog(x),
        _ => ApplyBin(x),
    };

    // The generated transform knows each column's transform when it is compiled (and the state is checked against the
    // declaration when it is loaded), so it calls one of these directly: small enough to inline, no dispatch.

    /// <summary>A raw column's output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ApplyRaw(double x) => double.IsFinite(x) ? (float)x : (float)_fill;

    /// <summary>A standardized or min-max column's output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ApplyScaled(double x) => (float)(((double.IsFinite(x) ? x : _fill) - _center) / _scale);

    /// <summary>A log (log1p) column's output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ApplyLog(double x)
    {
        x = double.IsFinite(x) ? x : _fill;
        return x >= 0 ? (float)Math.Log(1 + x) : NegativeLog(x);
    }

    /// <summary>A quantile-bin column's output: the bin index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ApplyBin(double x)
    {
        x = double.IsFinite(x) ? x : _fill;
        return double.IsNaN(x) ? float.NaN : Bin(_edges, x);
    }

    // Missing (NaN with no fill) or negative.
    private float NegativeLog(double x) => double.IsNaN(x) ? float.NaN : _negative switch
    {
        NegativePolicy.Clip => 0,
        NegativePolicy.SignedLog => (float)-Math.Log(1 - x),
        _ => throw new FeatureValueException(_feature, $"value {x} is negative under Log with NegativePolicy.Error"),
    };

    // Bin index = number of inner edges <= x (numpy.digitize with right=False). Edges are few (bins - 1), so a linear
    // count beats a binary search.
    internal static int Bin(double[] edges, double x)
    {
        var bin = 0;
        while (bin < edges.Length && edges[bin] <= x)
        {
            bin++;
        }

        return bin;
    }
}

/// <summary>Quantile bins as one-hot columns.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class BinKernel
{
    private readonly double _fill;
    private readonly double[] _edges;

    /// <summary>Builds the kernel from a fitted state.</summary>
    public BinKernel(BinColumnState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _fill = state.Fill ?? double.NaN;
        _edges = [.. state.Edges];
        Width = _edges.Length + 1;
    }

    /// <summary>Number of output columns.</summary>
    public int Width { get; }

    /// <summary>Sets the column of the value's bin (a missing value sets none).</summary>
    public void Write(double x, Span<float> destination)
    {
        destination[..Width].Clear();
        if (!double.IsFinite(x))
        {
            x = _fill;
            if (double.IsNaN(x))
            {
                return;
            }
        }

        destination[NumericKernel.Bin(_edges, x)] = 1;
    }
}

/// <summary>Sine and cosine of a date-time's position in its period.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class CyclicalKernel
{
    private readonly CyclePeriod _period;

    /// <summary>Builds the kernel from a fitted state.</summary>
    public CyclicalKernel(CyclicalColumnState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _period = state.Period;
    }

    /// <summary>Writes the sine and the cosine.</summary>
    public void Write(DateTime time, Span<float> destination)
    {
        var fraction = _period switch
        {
            CyclePeriod.HourOfDay => time.TimeOfDay.TotalHours / 24,
            CyclePeriod.DayOfWeek => (int)time.DayOfWeek / 7.0,
            _ => (time.Month - 1) / 12.0,
        };
        var angle = 2 * Math.PI * fraction;
        destination[0] = (float)Math.Sin(angle);
        destination[1] = (float)Math.Cos(angle);
    }
}

/// <summary>Ratio, difference or product of two numbers, then a fill for a missing result.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class InteractionKernel
{
    private readonly string _feature;
    private readonly Transform _transform;
    private readonly DivisionByZero _divisionByZero;
    private readonly double _fill;

    /// <summary>Builds the kernel from a fitted state.</summary>
    public InteractionKernel(InteractionColumnState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _feature = state.Feature;
        _transform = state.Transform;
        _divisionByZero = state.DivisionByZero;
        _fill = state.Fill ?? double.NaN;
    }

    /// <summary>The output for one pair of values, whatever the column's transform (the runtime's general path).</summary>
    public float Apply(double left, double right)
    {
        var value = Interactions.Combine(_feature, _transform, left, right, _divisionByZero, "row");
        return (float)(double.IsFinite(value) ? value : _fill);
    }

    /// <summary>A ratio column's output (the generated transform calls it directly).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ApplyRatio(double left, double right) => right != 0 ? Fill(left / right) : Apply(left, right);

    /// <summary>A difference column's output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ApplyDifference(double left, double right) => Fill(left - right);

    /// <summary>A product column's output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ApplyProduct(double left, double right) => Fill(left * right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float Fill(double value) => (float)(double.IsFinite(value) ? value : _fill);
}

/// <summary>Days from a date-time to the row's event time.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class TimeSinceKernel
{
    private readonly double _fill;

    /// <summary>Builds the kernel from a fitted state.</summary>
    public TimeSinceKernel(TimeSinceColumnState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _fill = state.Fill ?? double.NaN;
    }

    /// <summary>The output for one row.</summary>
    public float Apply(DateTime eventTime, DateTime value)
    {
        var days = Days(eventTime, value);
        return (float)(double.IsNaN(days) ? _fill : days);
    }

    /// <summary>Days from <paramref name="then"/> to <paramref name="now"/>; NaN when <paramref name="then"/> is later
    /// (the value would come from the future).</summary>
    internal static double Days(DateTime now, DateTime then)
    {
        var days = (now - then).TotalDays;
        return days < 0 ? double.NaN : days;
    }
}

/// <summary>TF-IDF over the fitted vocabulary: terms are lowercased into a stack buffer and looked up by span.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class TfIdfKernel
{
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _terms;
    private readonly double[] _idf;

    /// <summary>Builds the kernel from a fitted state.</summary>
    public TfIdfKernel(TfIdfColumnState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _terms = state.Terms.Select((term, i) => (term, i)).ToFrozenDictionary(p => p.term, p => p.i, StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        _idf = [.. state.Idf];
        Width = state.Terms.Length;
    }

    /// <summary>Number of output columns.</summary>
    public int Width { get; }

    /// <summary>Writes the L2-normalized TF-IDF of the text (zeros for a missing text or no known term).</summary>
    public void Write(string? text, Span<float> destination)
    {
        var counts = destination[..Width];
        counts.Clear();
        var span = text.AsSpan();
        Span<char> lower = stackalloc char[TextTerms.MaxStackTerm];
        var start = -1;
        for (var i = 0; i <= span.Length; i++)
        {
            var word = i < span.Length && TextTerms.IsWordChar(span[i]);
            if (word && start < 0)
            {
                start = i;
            }
            else if (!word && start >= 0)
            {
                var term = span[start..i];
                start = -1;
                // A term longer than the buffer cannot be in a vocabulary of ordinary words; it is skipped.
                if (term.Length >= 2 && term.Length <= lower.Length)
                {
                    var written = term.ToLowerInvariant(lower);
                    if (_terms.TryGetValue(lower[..written], out var index))
                    {
                        counts[index]++;
                    }
                }
            }
        }

        var squares = 0.0;
        for (var i = 0; i < counts.Length; i++)
        {
            var value = counts[i] * _idf[i];
            squares += value * value;
        }

        if (squares == 0)
        {
            return;
        }

        var norm = Math.Sqrt(squares);
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = (float)(counts[i] * _idf[i] / norm);
        }
    }
}
