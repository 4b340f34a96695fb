using System;
using System.Buffers;
using System.Collections.Frozen;
using System.IO.Hashing;
using System.Linq;
using System.Text;
using MlAsCode.Features.Definition;
using MlAsCode.Features.State;

namespace MlAsCode.Features.Fitting;

/// <summary>
/// Applies one fitted column to a row. The same instance serves the offline batch and the online single-row
/// transform, so both produce the same bits. Missing means NaN or ±Infinity for numbers, null or blank for levels.
/// </summary>
internal abstract class ColumnApplier<TRow>
{
    public abstract int Width { get; }

    public abstract void Write(in TRow row, Span<float> destination);

    /// <summary>Whether the column reads the entity's earlier events.</summary>
    public virtual bool NeedsHistory => false;

    /// <summary>Writes the column with access to earlier events; columns that need none ignore them.</summary>
    public virtual void Write(in TRow row, FeatureHistory<TRow>? history, Span<float> destination) => Write(row, destination);

    public static ColumnApplier<TRow> Create(
        FeatureDefinition<TRow> feature, ColumnState state, RowAccessor<TRow, DateTime>? eventTime, int historySlot) => state switch
    {
        TemporalColumnState s => new TemporalApplier<TRow>(feature.Number!, s, historySlot),
        TfIdfColumnState s => new TfIdfApplier<TRow>(feature.Level!, s),
        TimeSinceColumnState s => new TimeSinceApplier<TRow>(feature.Time!, eventTime!, s),
        NumericColumnState s => new NumericApplier(feature.Number!, s),
        OneHotColumnState s => new OneHotApplier(feature.Level!, s),
        TargetEncodingColumnState s => new TargetEncodingApplier(feature.Level!, s),
        HashColumnState s => new HashApplier(feature.Level!, s),
        CyclicalColumnState s => new CyclicalApplier(feature.Time!, s),
        InteractionColumnState s => new InteractionApplier(feature.Number!, feature.OtherNumber!, s),
        _ => throw new ArgumentException($"unknown column state {state.GetType().Name}", nameof(state)),
    };

    private static string? Level(string? raw, string? fill) => string.IsNullOrWhiteSpace(raw) ? fill : raw;

    private sealed class NumericApplier(RowAccessor<TRow, double> read, NumericColumnState state) : ColumnApplier<TRow>
    {
        private readonly double _fill = state.Fill ?? double.NaN;
        private readonly double[] _edges = [.. state.Edges];

        public override int Width => 1;

        public override void Write(in TRow row, Span<float> destination)
        {
            var x = read(row);
            if (!double.IsFinite(x))
            {
                x = _fill;
            }

            destination[0] = double.IsNaN(x) ? float.NaN : (float)Apply(x);
        }

        private double Apply(double x)
        {
            switch (state.Transform)
            {
                case Transform.Log:
                    if (x < 0)
                    {
                        switch (state.Negative)
                        {
                            case NegativePolicy.Clip:
                                x = 0;
                                break;
                            case NegativePolicy.SignedLog:
                                return -Math.Log(1 - x);
                            default:
                                throw new FeatureValueException(state.Feature, $"value {x} is negative under Log with NegativePolicy.Error");
                        }
                    }

                    return Math.Log(1 + x);
                case Transform.Standardize:
                case Transform.MinMax:
                    return (x - state.Center) / state.Scale;
                case Transform.QuantileBin:
                    // Bin index = number of inner edges <= x (numpy.digitize with right=False). Edges are few (bins - 1),
                    // so a linear count beats a binary search.
                    var bin = 0;
                    while (bin < _edges.Length && _edges[bin] <= x)
                    {
                        bin++;
                    }

                    return bin;
                default:
                    return x;
            }
        }
    }

    private sealed class OneHotApplier(RowAccessor<TRow, string?> read, OneHotColumnState state) : ColumnApplier<TRow>
    {
        private readonly FrozenDictionary<string, int> _index =
            state.Levels.Select((level, i) => (level, i)).ToFrozenDictionary(p => p.level, p => p.i, StringComparer.Ordinal);

        public override int Width => state.Levels.Length;

        public override void Write(in TRow row, Span<float> destination)
        {
            destination[..Width].Clear();
            if (Level(read(row), state.Fill) is { } level && _index.TryGetValue(level, out var i))
            {
                destination[i] = 1;
            }
        }
    }

    private sealed class TargetEncodingApplier(RowAccessor<TRow, string?> read, TargetEncodingColumnState state) : ColumnApplier<TRow>
    {
        private readonly FrozenDictionary<string, double> _values =
            state.Levels.ToFrozenDictionary(e => e.Level, e => e.Value, StringComparer.Ordinal);

        public override int Width => 1;

        public override void Write(in TRow row, Span<float> destination) =>
            destination[0] = (float)(Level(read(row), state.Fill) is { } level && _values.TryGetValue(level, out var value) ? value : state.Prior);
    }

    private sealed class HashApplier(RowAccessor<TRow, string?> read, HashColumnState state) : ColumnApplier<TRow>
    {
        public override int Width => state.Buckets;

        public override void Write(in TRow row, Span<float> destination)
        {
            destination[..Width].Clear();
            if (Level(read(row), state.Fill) is { } level)
            {
                destination[Bucket(level, state.Buckets)] = 1;
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

    private sealed class CyclicalApplier(RowAccessor<TRow, DateTime> read, CyclicalColumnState state) : ColumnApplier<TRow>
    {
        public override int Width => 2;

        public override void Write(in TRow row, Span<float> destination)
        {
            var time = read(row);
            var fraction = state.Period switch
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

    private sealed class InteractionApplier(RowAccessor<TRow, double> left, RowAccessor<TRow, double> right, InteractionColumnState state)
        : ColumnApplier<TRow>
    {
        private readonly double _fill = state.Fill ?? double.NaN;

        public override int Width => 1;

        public override void Write(in TRow row, Span<float> destination)
        {
            var value = Interactions.Combine(state.Feature, state.Transform, left(row), right(row), state.DivisionByZero, "row");
            destination[0] = (float)(double.IsFinite(value) ? value : _fill);
        }
    }
}

/// <summary>Lags and rolling windows over the entity's earlier events, plus the row itself for windows.</summary>
internal sealed class TemporalApplier<TRow>(RowAccessor<TRow, double> read, TemporalColumnState state, int slot) : ColumnApplier<TRow>
{
    private readonly TimeSpan _window = state.Transform == Transform.Rolling ? TimeWindow.Parse(state.Feature, state.Window) : TimeSpan.Zero;
    private readonly Aggregation[] _aggregations = [.. TemporalFitter.AggregationOrder.Where(a => state.Aggregations.HasFlag(a))];
    private readonly double[] _fills = [.. state.Fills.Select(f => f ?? double.NaN)];

    public override int Width => state.Names.Length;

    public override bool NeedsHistory => true;

    public override void Write(in TRow row, Span<float> destination) =>
        throw new InvalidOperationException($"Feature {state.Feature} ({state.Transform}) reads the entity's earlier events: transform with a FeatureHistory (pipeline.CreateHistory()).");

    public override void Write(in TRow row, FeatureHistory<TRow>? history, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(history);
        var time = history.Time(row);
        var events = history.Events(history.Key(row));

        // Index of the last event at or before this row's time: nothing later is ever read.
        var last = -1;
        if (events is not null)
        {
            last = events.Count - 1;
            while (last >= 0 && events[last].Time > time)
            {
                last--;
            }
        }

        if (state.Transform == Transform.Lag)
        {
            for (var i = 0; i < state.Lags.Length; i++)
            {
                var at = last - (state.Lags[i] - 1);
                Put(destination, i, at >= 0 ? events![at].Values[slot] : double.NaN);
            }

            return;
        }

        double sum = 0, sumSquares = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        var count = 0;
        void Take(double value)
        {
            if (double.IsFinite(value))
            {
                count++;
                sum += value;
                sumSquares += value * value;
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }
        }

        Take(read(row));
        var start = time - _window;
        for (var i = last; i >= 0 && events![i].Time > start; i--)
        {
            Take(events[i].Values[slot]);
        }

        for (var i = 0; i < _aggregations.Length; i++)
        {
            var mean = count == 0 ? double.NaN : sum / count;
            Put(destination, i, _aggregations[i] switch
            {
                Aggregation.Mean => mean,
                Aggregation.Std => count == 0 ? double.NaN : Math.Sqrt(Math.Max(0, (sumSquares / count) - (mean * mean))),
                Aggregation.Min => count == 0 ? double.NaN : min,
                Aggregation.Max => count == 0 ? double.NaN : max,
                Aggregation.Sum => sum,
                _ => count,
            });
        }
    }

    private void Put(Span<float> destination, int output, double value) =>
        destination[output] = (float)(double.IsFinite(value) ? value : _fills[output]);
}

/// <summary>Days from a date-time property to the row's event time.</summary>
internal sealed class TimeSinceApplier<TRow>(RowAccessor<TRow, DateTime> read, RowAccessor<TRow, DateTime> eventTime, TimeSinceColumnState state)
    : ColumnApplier<TRow>
{
    private readonly double _fill = state.Fill ?? double.NaN;

    public override int Width => 1;

    public override void Write(in TRow row, Span<float> destination)
    {
        var days = Days(eventTime(row), read(row));
        destination[0] = (float)(double.IsNaN(days) ? _fill : days);
    }

    /// <summary>Days from <paramref name="then"/> to <paramref name="now"/>; NaN when <paramref name="then"/> is later
    /// (the value would come from the future).</summary>
    internal static double Days(DateTime now, DateTime then)
    {
        var days = (now - then).TotalDays;
        return days < 0 ? double.NaN : days;
    }
}

/// <summary>TF-IDF of a text over the fitted vocabulary, without allocating: terms are lowercased into a stack buffer
/// and looked up by span.</summary>
internal sealed class TfIdfApplier<TRow>(RowAccessor<TRow, string?> read, TfIdfColumnState state) : ColumnApplier<TRow>
{
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _terms =
        state.Terms.Select((term, i) => (term, i)).ToFrozenDictionary(p => p.term, p => p.i, StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly double[] _idf = [.. state.Idf];

    public override int Width => state.Terms.Length;

    public override void Write(in TRow row, Span<float> destination)
    {
        var counts = destination[..Width];
        counts.Clear();
        var text = read(row).AsSpan();
        Span<char> lower = stackalloc char[TextTerms.MaxStackTerm];
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var word = i < text.Length && TextTerms.IsWordChar(text[i]);
            if (word && start < 0)
            {
                start = i;
            }
            else if (!word && start >= 0)
            {
                var term = text[start..i];
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
