using System;
using System.Collections.Generic;
using System.Linq;

namespace MlAsCode.Evaluation;

/// <summary>Computes a declared <see cref="Metric"/> from labels and predictions, and says which way is better.</summary>
public static class MetricScorer
{
    /// <summary>Whether higher values of the metric are better (false for losses and errors).</summary>
    public static bool HigherIsBetter(Metric metric) => metric is not (Metric.LogLoss or Metric.Brier or Metric.Mae or Metric.Rmse or Metric.Mape or Metric.MedianAbsoluteError or Metric.DaviesBouldin);

    /// <summary>The metrics a binary classifier is scored on, primary first.</summary>
    public static IReadOnlyList<Metric> Binary(Metric primary) =>
        [.. new[] { primary, Metric.RocAuc, Metric.PrAuc, Metric.LogLoss, Metric.Brier, Metric.F1, Metric.Accuracy }.Distinct()];

    /// <summary>The metrics a multiclass classifier is scored on, primary first.</summary>
    public static IReadOnlyList<Metric> Multiclass(Metric primary) =>
        [.. new[] { primary, Metric.MacroF1, Metric.Accuracy, Metric.WeightedF1, Metric.CohenKappa }.Distinct()];

    /// <summary>The metrics a regressor is scored on, primary first.</summary>
    public static IReadOnlyList<Metric> Regression(Metric primary) =>
        [.. new[] { primary, Metric.Mae, Metric.Rmse, Metric.R2 }.Distinct()];

    /// <summary>A binary metric from labels and positive-class probabilities (threshold 0.5 for F1 and the like).</summary>
    /// <exception cref="ArgumentException">The metric is not a binary classification metric.</exception>
    public static double Score(Metric metric, IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities) => metric switch
    {
        Metric.RocAuc => Metrics.RocAuc(labels, probabilities),
        Metric.PrAuc => Metrics.AveragePrecision(labels, probabilities),
        Metric.LogLoss => Metrics.LogLoss(labels, probabilities),
        Metric.Brier => Metrics.Brier(labels, probabilities),
        Metric.F1 => Metrics.Confusion(labels, probabilities).F1,
        Metric.Precision => Metrics.Confusion(labels, probabilities).Precision,
        Metric.Recall => Metrics.Confusion(labels, probabilities).Recall,
        Metric.Accuracy => Metrics.Confusion(labels, probabilities).Accuracy,
        Metric.BalancedAccuracy => Metrics.Confusion(labels, probabilities).BalancedAccuracy,
        Metric.Mcc => Metrics.Confusion(labels, probabilities).Mcc,
        _ => throw new ArgumentException($"{metric} is not a binary classification metric; use RocAuc, PrAuc, LogLoss, Brier, F1, Precision, Recall, Accuracy, BalancedAccuracy or Mcc."),
    };

    /// <summary>A regression metric from targets and predictions.</summary>
    /// <exception cref="ArgumentException">The metric is not a regression metric.</exception>
    public static double Score(Metric metric, IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        var scores = Metrics.Regression(actual, predicted);
        return metric switch
        {
            Metric.Mae => scores.Mae,
            Metric.Rmse => scores.Rmse,
            Metric.R2 => scores.R2,
            Metric.Mape => scores.Mape,
            Metric.MedianAbsoluteError => scores.MedianAbsoluteError,
            _ => throw new ArgumentException($"{metric} is not a regression metric; use Mae, Rmse, R2, Mape or MedianAbsoluteError."),
        };
    }

    /// <summary>snake_case name for tracking (<c>pr_auc</c>).</summary>
    public static string Name(Metric metric) => Common.SnakeCase.From(metric.ToString());
}
