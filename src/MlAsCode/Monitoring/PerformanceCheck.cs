using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MlAsCode.Evaluation;

namespace MlAsCode.Monitoring;

/// <summary>What the labelled outcomes say about the served model's primary metric.</summary>
/// <param name="Metric"><c>pr_auc</c>, <c>roc_auc</c>, <c>rmse</c> or <c>mae</c>.</param>
/// <param name="Labels">Labelled predictions judged.</param>
/// <param name="Positives">Positive labels among them (classification; 0 for regression).</param>
/// <param name="Value">The metric with its bootstrap interval; null while there are not enough labels.</param>
/// <param name="Baseline">The metric on the training holdout.</param>
/// <param name="Dropped">Whether the drop is established: more than the allowed relative drop, and the interval does
/// not reach the holdout's value.</param>
/// <param name="Note">Why nothing was judged (too few labels or positives), or how the judgement was reached.</param>
public sealed record PerformanceJudgement(string Metric, int Labels, int Positives, Interval? Value, double Baseline, bool Dropped, string Note)
{
    /// <summary>The relative drop of the point estimate from the holdout's value (negative when better).</summary>
    public double? RelativeDrop => Value is null ? null : PerformanceCheck.RelativeDrop(Metric, Value.Value, Baseline);
}

/// <summary>
/// Judges the primary metric on labelled outcomes against the training holdout's value. A handful of outcomes is
/// noise, so a drop is reported only when it is both larger than the allowed relative drop and outside the metric's
/// percentile-bootstrap interval (the same seeded bootstrap the evaluation uses): a window whose interval still covers
/// the holdout's value is no evidence of concept drift. Below the minimum number of labels (and, for PR-AUC and
/// ROC-AUC, of positives) nothing is judged and the note says how many more are needed.
/// </summary>
public static class PerformanceCheck
{
    /// <summary>The metrics the check knows.</summary>
    public static readonly IReadOnlyList<string> Metrics = ["pr_auc", "roc_auc", "rmse", "mae"];

    /// <summary>Whether a lower value of <paramref name="metric"/> is better (errors).</summary>
    public static bool LowerIsBetter(string metric) => metric is "rmse" or "mae";

    /// <summary>How much worse <paramref name="value"/> is than <paramref name="baseline"/>, relative to it (negative when better).</summary>
    public static double RelativeDrop(string metric, double value, double baseline) =>
        (LowerIsBetter(metric) ? value - baseline : baseline - value) / Math.Max(Math.Abs(baseline), 1e-12);

    /// <summary>Judges <paramref name="window"/> (score, label) pairs.</summary>
    /// <param name="window">The latest labelled predictions: the model's score and the outcome (1/0, or the value).</param>
    /// <param name="metric">The metric.</param>
    /// <param name="baseline">Its value on the training holdout.</param>
    /// <param name="maxDrop">The relative drop that counts (0.05: 5% worse).</param>
    /// <param name="minimumLabels">Fewest labelled predictions to judge.</param>
    /// <param name="minimumPositives">Fewest positives to judge a ranking metric (PR-AUC, ROC-AUC), and fewest negatives for ROC-AUC.</param>
    /// <param name="seed">Seed of the bootstrap.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <exception cref="ArgumentException">An unknown metric.</exception>
    public static PerformanceJudgement Judge(IReadOnlyList<(double Score, double Label)> window, string metric, double baseline, double maxDrop,
        int minimumLabels, int minimumPositives, int seed = 42, int resamples = 1000)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (!Metrics.Contains(metric))
        {
            throw new ArgumentException($"Monitor PerformanceMetric '{metric}' is not one of {string.Join(", ", Metrics)}.", nameof(metric));
        }

        var labels = window.Count;
        var ranking = !LowerIsBetter(metric);
        var positives = ranking ? window.Count(w => w.Label > 0.5) : 0;
        var negatives = labels - positives;
        string? missing = null;
        if (labels < Math.Max(1, minimumLabels))
        {
            missing = Invariant($"not enough labels yet: {labels} labelled predictions, performance is judged from {minimumLabels} (Monitor:MinimumLabels)");
        }
        else if (ranking && positives < Math.Max(1, minimumPositives))
        {
            missing = Invariant($"not enough labels yet: {positives} positive outcomes among {labels}, {metric} is judged from {minimumPositives} (Monitor:MinimumPositives)");
        }
        else if (metric == "roc_auc" && negatives < Math.Max(1, minimumPositives))
        {
            missing = Invariant($"not enough labels yet: {negatives} negative outcomes among {labels}, roc_auc is judged from {minimumPositives} of each class (Monitor:MinimumPositives)");
        }

        if (missing is not null)
        {
            return new PerformanceJudgement(metric, labels, positives, null, baseline, false, missing);
        }

        var scores = window.Select(w => w.Score).ToArray();
        var outcomes = window.Select(w => w.Label).ToArray();
        var classes = outcomes.Select(l => l > 0.5).ToArray();
        Func<IReadOnlyList<int>, double> score = metric switch
        {
            "pr_auc" => rows => Evaluation.Metrics.AveragePrecision([.. rows.Select(i => classes[i])], [.. rows.Select(i => scores[i])]),
            "roc_auc" => rows => Evaluation.Metrics.RocAuc([.. rows.Select(i => classes[i])], [.. rows.Select(i => scores[i])]),
            "rmse" => rows => Math.Sqrt(rows.Average(i => (scores[i] - outcomes[i]) * (scores[i] - outcomes[i]))),
            _ => rows => rows.Average(i => Math.Abs(scores[i] - outcomes[i])),
        };
        var interval = Bootstrap.Estimate(labels, score, resamples, seed);
        var drop = RelativeDrop(metric, interval.Value, baseline);
        var excludesHoldout = LowerIsBetter(metric) ? interval.Lower > baseline : interval.Upper < baseline;
        var dropped = drop > maxDrop && excludesHoldout;
        var note = dropped
            ? Invariant($"{metric} {interval} on {labels} outcomes is {drop * 100:0.0}% worse than the holdout's {baseline:0.####}, and the 95% interval excludes it")
            : drop > maxDrop
                ? Invariant($"{metric} {interval} on {labels} outcomes is {drop * 100:0.0}% under the holdout's {baseline:0.####}, but the 95% interval covers it: not a finding yet")
                : Invariant($"{metric} {interval} on {labels} outcomes is within {maxDrop * 100:0.#}% of the holdout's {baseline:0.####}");
        return new PerformanceJudgement(metric, labels, positives, interval, baseline, dropped, note);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
