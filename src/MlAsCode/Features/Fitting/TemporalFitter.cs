using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MlAsCode.Features.Definition;
using MlAsCode.Features.State;

namespace MlAsCode.Features.Fitting;

/// <summary>
/// Temporal columns: their names, and the fill values learned by replaying the training rows in event-time order
/// through the same applier the pipeline uses, so fitting sees exactly the values serving will compute.
/// </summary>
internal static class TemporalFitter
{
    /// <summary>The order of a rolling feature's outputs.</summary>
    internal static readonly Aggregation[] AggregationOrder = [Aggregation.Mean, Aggregation.Std, Aggregation.Min, Aggregation.Max, Aggregation.Sum, Aggregation.Count];

    public static TemporalColumnState Unfilled<TRow>(FeatureDefinition<TRow> feature, string entity)
    {
        var stem = feature.Options.Name ?? FeatureNaming.Compose(entity, feature.Property);
        var options = feature.Options;
        ImmutableArray<string> names = feature.Transform == Transform.Lag
            ? [.. options.Lags.Select(l => $"{stem}_lag_{l}")]
            : [.. AggregationOrder.Where(a => options.Aggregations.HasFlag(a)).Select(a => $"{stem}_{options.Window}_{a.ToString().ToLowerInvariant()}")];
        return new TemporalColumnState(
            feature.Property, names, feature.Transform, feature.Transform == Transform.Lag ? options.Lags : [],
            feature.Transform == Transform.Rolling ? options.Window : null,
            feature.Transform == Transform.Rolling ? options.Aggregations : Aggregation.None,
            [.. names.Select(_ => (double?)null)]);
    }

    /// <summary>Replaces each temporal column's state with one holding the fill values its imputation learns.</summary>
    public static void LearnFills<TRow>(FeatureSetDefinition<TRow> definition, IReadOnlyList<TRow> rows, ColumnState[] columns)
    {
        var temporal = Enumerable.Range(0, columns.Length).Where(i => columns[i] is TemporalColumnState).ToArray();
        if (temporal.Length == 0)
        {
            return;
        }

        var states = temporal.Select(i => (TemporalColumnState)columns[i]).ToArray();
        var appliers = temporal.Select((c, slot) => new TemporalApplier<TRow>(definition.Features[c].Number!, states[slot], slot)).ToArray();
        var values = states.Select(s => s.Names.Select(_ => new double[rows.Count]).ToArray()).ToArray();
        var history = CreateHistory(definition, [.. temporal.Select(c => definition.Features[c])]);
        var buffer = new float[states.Max(s => s.Names.Length)];
        foreach (var r in EventOrder(definition, rows))
        {
            for (var slot = 0; slot < appliers.Length; slot++)
            {
                appliers[slot].Write(rows[r], history, buffer);
                for (var output = 0; output < states[slot].Names.Length; output++)
                {
                    values[slot][output][r] = buffer[output];
                }
            }

            history.Add(rows[r]);
        }

        for (var slot = 0; slot < temporal.Length; slot++)
        {
            var feature = definition.Features[temporal[slot]];
            columns[temporal[slot]] = states[slot] with
            {
                Fills = [.. values[slot].Select(v => ColumnFitter.Fill(feature, v))],
            };
        }
    }

    /// <summary>Row indices in event-time order; rows at the same time keep their input order.</summary>
    public static IEnumerable<int> EventOrder<TRow>(FeatureSetDefinition<TRow> definition, IReadOnlyList<TRow> rows)
    {
        var time = definition.EventTime!;
        return Enumerable.Range(0, rows.Count).OrderBy(i => time(rows[i]));
    }

    public static FeatureHistory<TRow> CreateHistory<TRow>(FeatureSetDefinition<TRow> definition, FeatureDefinition<TRow>[] temporal)
    {
        var keepEvents = temporal.Where(f => f.Transform == Transform.Lag).Select(f => f.Options.Lags.Max()).DefaultIfEmpty(0).Max();
        var keepWindow = temporal.Where(f => f.Transform == Transform.Rolling)
            .Select(f => TimeWindow.Parse(f.Property, f.Options.Window)).DefaultIfEmpty(TimeSpan.Zero).Max();
        return new FeatureHistory<TRow>(definition.EventTime!, definition.EntityKey, [.. temporal.Select(f => f.Number!)], keepEvents, keepWindow);
    }
}
