using System;
using System.Collections.Frozen;
using System.Linq;
using MlAsCode.Features.Definition;
using MlAsCode.Features.Kernels;
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
        TfIdfColumnState s => new TfIdfApplier(feature.Level!, s),
        TimeSinceColumnState s => new TimeSinceApplier(feature.Time!, eventTime!, s),
        NumericColumnState s => new NumericApplier(feature.Number!, s),
        BinColumnState s => new BinApplier(feature.Number!, s),
        OneHotColumnState s => new OneHotApplier(feature.Level!, s),
        TargetEncodingColumnState s => new TargetEncodingApplier(feature.Level!, s),
        HashColumnState s => new HashApplier(feature.Level!, s),
        CyclicalColumnState s => new CyclicalApplier(feature.Time!, s),
        InteractionColumnState s => new InteractionApplier(feature.Number!, feature.OtherNumber!, s),
        _ => throw new ArgumentException($"unknown column state {state.GetType().Name}", nameof(state)),
    };

    // Every column's arithmetic lives in its kernel (MlAsCode.Features.Kernels), which generated transforms call too.

    private sealed class NumericApplier(RowAccessor<TRow, double> read, NumericColumnState state) : ColumnApplier<TRow>
    {
        private readonly NumericKernel _kernel = new(state);

        public override int Width => 1;

        public override void Write(in TRow row, Span<float> destination) => destination[0] = _kernel.Apply(read(row));
    }

    private sealed class BinApplier(RowAccessor<TRow, double> read, BinColumnState state) : ColumnApplier<TRow>
    {
        private readonly BinKernel _kernel = new(state);

        public override int Width => _kernel.Width;

        public override void Write(in TRow row, Span<float> destination) => _kernel.Write(read(row), destination);
    }

    private sealed class OneHotApplier(RowAccessor<TRow, string?> read, OneHotColumnState state) : ColumnApplier<TRow>
    {
        private readonly OneHotKernel _kernel = new(state);

        public override int Width => _kernel.Width;

        public override void Write(in TRow row, Span<float> destination) => _kernel.Write(read(row), destination);
    }

    private sealed class TargetEncodingApplier(RowAccessor<TRow, string?> read, TargetEncodingColumnState state) : ColumnApplier<TRow>
    {
        private readonly TargetEncodingKernel _kernel = new(state);

        public override int Width => 1;

        public override void Write(in TRow row, Span<float> destination) => destination[0] = _kernel.Apply(read(row));
    }

    private sealed class HashApplier(RowAccessor<TRow, string?> read, HashColumnState state) : ColumnApplier<TRow>
    {
        private readonly HashKernel _kernel = new(state);

        public override int Width => _kernel.Width;

        public override void Write(in TRow row, Span<float> destination) => _kernel.Write(read(row), destination);
    }

    private sealed class CyclicalApplier(RowAccessor<TRow, DateTime> read, CyclicalColumnState state) : ColumnApplier<TRow>
    {
        private readonly CyclicalKernel _kernel = new(state);

        public override int Width => 2;

        public override void Write(in TRow row, Span<float> destination) => _kernel.Write(read(row), destination);
    }

    private sealed class InteractionApplier(RowAccessor<TRow, double> left, RowAccessor<TRow, double> right, InteractionColumnState state)
        : ColumnApplier<TRow>
    {
        private readonly InteractionKernel _kernel = new(state);

        public override int Width => 1;

        public override void Write(in TRow row, Span<float> destination) => destination[0] = _kernel.Apply(left(row), right(row));
    }

    private sealed class TfIdfApplier(RowAccessor<TRow, string?> read, TfIdfColumnState state) : ColumnApplier<TRow>
    {
        private readonly TfIdfKernel _kernel = new(state);

        public override int Width => _kernel.Width;

        public override void Write(in TRow row, Span<float> destination) => _kernel.Write(read(row), destination);
    }

    private sealed class TimeSinceApplier(RowAccessor<TRow, DateTime> read, RowAccessor<TRow, DateTime> eventTime, TimeSinceColumnState state)
        : ColumnApplier<TRow>
    {
        private readonly TimeSinceKernel _kernel = new(state);

        public override int Width => 1;

        public override void Write(in TRow row, Span<float> destination) => destination[0] = _kernel.Apply(eventTime(row), read(row));
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

