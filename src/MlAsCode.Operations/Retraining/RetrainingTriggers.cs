using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;

namespace MlAsCode.Retraining;

/// <summary>
/// The methodology's retraining triggers: on a schedule, when the primary metric stays below a threshold for a period, and
/// when an important feature drifts. <see cref="Evaluate"/> says which fire for the current state, with reasons.
/// </summary>
public sealed record RetrainingTriggers
{
    /// <summary>Retrain at least this often (the methodology: weekly or monthly); null for no schedule.</summary>
    public TimeSpan? Every { get; init; }

    /// <summary>Retrain when the primary metric on labelled traffic stays below this (null: no performance trigger).</summary>
    public double? MetricBelow { get; init; }

    /// <summary>How long the metric must stay below the threshold (the methodology: 24 h).</summary>
    public TimeSpan MetricBelowFor { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Retrain when the PSI of one of the top features exceeds this (the methodology: 0.2 on any top-10 feature).</summary>
    public double DriftPsiAbove { get; init; } = 0.2;

    /// <summary>How many of the most important features the drift trigger watches.</summary>
    public int TopFeatures { get; init; } = 10;

    /// <summary>The triggers that fire, each with its reason (empty when none does).</summary>
    /// <param name="now">The current time.</param>
    /// <param name="lastTrained">When production was trained.</param>
    /// <param name="metricHistory">The primary metric on labelled traffic over time.</param>
    /// <param name="featurePsi">The latest PSI per input column.</param>
    /// <param name="featureImportance">Inputs, most important first (drift on others does not trigger).</param>
    public ImmutableArray<string> Evaluate(DateTimeOffset now, DateTimeOffset lastTrained, IReadOnlyList<(DateTimeOffset Time, double Value)> metricHistory,
        IReadOnlyDictionary<string, double> featurePsi, IReadOnlyList<string> featureImportance)
    {
        ArgumentNullException.ThrowIfNull(metricHistory);
        ArgumentNullException.ThrowIfNull(featurePsi);
        ArgumentNullException.ThrowIfNull(featureImportance);
        var reasons = ImmutableArray.CreateBuilder<string>();
        if (Every is { } every && now - lastTrained >= every)
        {
            reasons.Add(Invariant($"scheduled: production was trained {(now - lastTrained).TotalDays:0.#} days ago (every {every.TotalDays:0.#} days)"));
        }

        if (MetricBelow is { } threshold && BelowSince(metricHistory, threshold) is { } since && now - since >= MetricBelowFor)
        {
            reasons.Add(Invariant($"performance: the primary metric has been below {threshold:0.###} since {since:u} (at least {MetricBelowFor.TotalHours:0.#} h)"));
        }

        foreach (var feature in featureImportance.Take(TopFeatures))
        {
            if (featurePsi.TryGetValue(feature, out var psi) && psi > DriftPsiAbove)
            {
                reasons.Add(Invariant($"drift: PSI {psi:0.###} on {feature}, one of the top {TopFeatures} features (threshold {DriftPsiAbove:0.###})"));
            }
        }

        return reasons.ToImmutable();
    }

    // The start of the latest unbroken run of values below the threshold that lasts until the newest value.
    private static DateTimeOffset? BelowSince(IReadOnlyList<(DateTimeOffset Time, double Value)> history, double threshold)
    {
        DateTimeOffset? since = null;
        foreach (var (time, value) in history.OrderBy(h => h.Time))
        {
            since = value < threshold ? since ?? time : null;
        }

        return since;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
