using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using MlAsCode.Evaluation;
using MlAsCode.Framing;

namespace MlAsCode.Experiments;

/// <summary>What a run measured that kill criteria are checked against.</summary>
/// <param name="Metric">The primary metric.</param>
/// <param name="Model">The model's primary metric on the holdout.</param>
/// <param name="Baseline">The baseline's, on the same holdout.</param>
/// <param name="Random">A random (constant) predictor's: the training prevalence, mean or majority class.</param>
/// <param name="DataQuality">The data quality score out of 30 (scaled over the measured dimensions), when the gate ran.</param>
/// <param name="P99LatencyMs">The model's p99 single-row latency in process (feature transform and scoring), when measured.</param>
/// <param name="CostPer1000">The cost of 1,000 predictions (measured batch inference time × the declared compute price), when known.</param>
/// <param name="Latency">The brief's latency class.</param>
public sealed record RunEvidence(Metric Metric, double Model, double Baseline, double Random, double? DataQuality, double? P99LatencyMs, double? CostPer1000,
    LatencyClass Latency = LatencyClass.Unspecified);

/// <summary>One kill criterion's outcome on a run.</summary>
/// <param name="Criterion">The declared criterion.</param>
/// <param name="Value">What was measured (share, lift, score, ms, cost); null when it could not be checked.</param>
/// <param name="Limit">The limit it was compared with.</param>
/// <param name="Fired">True when it fired, false when checked and not fired, null when not checked.</param>
/// <param name="Evidence">The measurement and the comparison in words, or why it was not checked.</param>
public sealed record KillCriterionResult(KillCriterion Criterion, double? Value, double? Limit, bool? Fired, string Evidence)
{
    /// <summary><c>fired</c>, <c>not_fired</c> or <c>not_checked</c>.</summary>
    public string Status => Fired switch { true => "fired", false => "not_fired", null => "not_checked" };
}

/// <summary>
/// Checks the brief's kill criteria on a run's holdout: each checkable criterion (<see cref="KillWhen"/> with a
/// threshold) is measured and compared; words-only criteria, and criteria whose measurement the run does not have
/// (no data quality gate, no compute price), are reported as not checked, with the reason.
/// </summary>
public static class KillCriteriaCheck
{
    /// <summary>The budget of a latency class in milliseconds (the methodology's real-time and near-real-time limits).</summary>
    public static double? LatencyBudgetMs(LatencyClass latency) => latency switch
    {
        LatencyClass.RealTime => 100,
        LatencyClass.NearRealTime => 1000,
        _ => null,
    };

    /// <summary>Evaluates every criterion in <paramref name="criteria"/>.</summary>
    public static ImmutableArray<KillCriterionResult> Evaluate(IEnumerable<KillCriterion> criteria, RunEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(evidence);
        return [.. criteria.Select(c => Evaluate(c, evidence))];
    }

    private static KillCriterionResult Evaluate(KillCriterion c, RunEvidence e)
    {
        var higher = MetricScorer.HigherIsBetter(e.Metric);
        var metric = MetricScorer.Name(e.Metric);
        if (c.When == KillWhen.Unchecked)
        {
            return new(c, null, null, null, "words only: declare When and Threshold for a run to check it");
        }

        if (double.IsNaN(c.Threshold) && c.When != KillWhen.LatencyAbove)
        {
            return new(c, null, null, null, $"{c.When} needs a Threshold");
        }

        switch (c.When)
        {
            case KillWhen.BaselineShareAbove:
            {
                var share = higher ? e.Baseline / e.Model : e.Model / e.Baseline;
                var measured = higher
                    ? Invariant($"the baseline's {metric} {e.Baseline:0.0000} is {share * 100:0.0}% of the model's {e.Model:0.0000}")
                    : Invariant($"the model's {metric} {e.Model:0.0000} is {share * 100:0.0}% of the baseline's {e.Baseline:0.0000}");
                return Judge(c, share, c.Threshold, share > c.Threshold, measured, "above", "at most");
            }

            case KillWhen.LiftOverRandomBelow:
            {
                var lift = (higher ? e.Model - e.Random : e.Random - e.Model) / Math.Max(Math.Abs(e.Random), 1e-12);
                return Judge(c, lift, c.Threshold, lift < c.Threshold,
                    Invariant($"the model's {metric} {e.Model:0.0000} beats a random (constant) predictor's {e.Random:0.0000} by {lift * 100:0.0}%"), "below", "at least");
            }

            case KillWhen.DataQualityBelow when e.DataQuality is { } quality:
                return Judge(c, quality, c.Threshold, quality < c.Threshold, Invariant($"data quality {quality:0.#}/30"), "below", "at least");

            case KillWhen.DataQualityBelow:
                return new(c, null, c.Threshold, null, "the data quality gate did not run (the run was not given its source file)");

            case KillWhen.CostPer1000Above when e.CostPer1000 is { } cost:
                return Judge(c, cost, c.Threshold, cost > c.Threshold, Invariant($"{cost:0.######} per 1,000 predictions (measured inference time × the declared compute price)"), "above", "at most");

            case KillWhen.CostPer1000Above:
                return new(c, null, c.Threshold, null, "no compute price is declared ([Experiment(ComputePricePerHour = …)]), so the cost per 1,000 predictions is unknown");

            case KillWhen.LatencyAbove:
            {
                var limit = double.IsNaN(c.Threshold) ? LatencyBudgetMs(e.Latency) : c.Threshold;
                if (limit is null)
                {
                    return new(c, null, null, null, $"no Threshold and the brief's latency class ({e.Latency}) has no budget");
                }

                if (e.P99LatencyMs is not { } p99)
                {
                    return new(c, null, limit, null, "latency was not measured");
                }

                return Judge(c, p99, limit.Value, p99 > limit.Value, Invariant($"p99 single-row latency {p99:0.###} ms in process"), "above", "at most");
            }

            default:
                return new(c, null, null, null, $"{c.When} is not a kill condition this version checks");
        }
    }

    private static KillCriterionResult Judge(KillCriterion c, double value, double limit, bool fired, string measured, string firedWord, string safeWord) =>
        new(c, value, limit, fired, Invariant($"{measured}: {(fired ? firedWord : safeWord)} the limit {limit:0.####}{(fired ? " — fired" : "")}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
