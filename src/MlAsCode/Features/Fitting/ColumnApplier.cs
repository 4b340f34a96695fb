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

    public static ColumnApplier<TRow> Create(FeatureDefinition<TRow> feature, ColumnState state) => state switch
    {
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
                    // Bin index = number of inner edges <= x (numpy.digitize with right=False).
                    var index = Array.BinarySearch(_edges, x);
                    if (index >= 0)
                    {
                        while (index + 1 < _edges.Length && _edges[index + 1] == x)
                        {
                            index++;
                        }

                        return index + 1;
                    }

                    return ~index;
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
