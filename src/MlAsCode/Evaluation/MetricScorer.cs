using System;
using System.Collections.Generic;
using System.Linq;

namespace MlAsCode.Evaluation;

/// <summary>Which metrics fit which task, which way each is better, and their tracking names; <see cref="ScoredRows"/> computes them.</summary>
public static class MetricScorer
{
    /// <summary>Whether higher values of the metric are better (false for losses and errors).</summary>
    public static bool HigherIsBetter(Metric metric) => metric is not (Metric.LogLoss or Metric.Brier or Metric.Mae or Metric.Rmse or Metric.Mape or Metric.MedianAbsoluteError or Metric.DaviesBouldin);

    /// <summary>The metrics a binary classifier is scored on, primary first.</summary>
    public static IReadOnlyList<Metric> Binary(Metric primary) =>
        [.. new[] { primary, Metric.RocAuc, Metric.PrAuc, Metric.LogLoss, Metric.Brier, Metric.F1, Metric.Precision, Metric.Recall, Metric.Accuracy, Metric.BalancedAccuracy, Metric.Mcc }.Distinct()];

    /// <summary>The metrics a multiclass classifier is scored on, primary first.</summary>
    public static IReadOnlyList<Metric> Multiclass(Metric primary) =>
        [.. new[] { primary, Metric.MacroF1, Metric.MicroF1, Metric.WeightedF1, Metric.Accuracy, Metric.CohenKappa }.Distinct()];

    /// <summary>The metrics a regressor is scored on, primary first.</summary>
    public static IReadOnlyList<Metric> Regression(Metric primary) =>
        [.. new[] { primary, Metric.Mae, Metric.Rmse, Metric.R2, Metric.Mape, Metric.MedianAbsoluteError }.Distinct()];

    /// <summary>Whether the metric scores the task (what <see cref="ScoredRows"/> computes for it).</summary>
    public static bool Fits(Metric metric, MlTask task) => task switch
    {
        MlTask.BinaryClassification => metric is Metric.RocAuc or Metric.PrAuc or Metric.LogLoss or Metric.Brier or Metric.F1
            or Metric.Precision or Metric.Recall or Metric.Accuracy or Metric.BalancedAccuracy or Metric.Mcc,
        MlTask.MulticlassClassification => metric is Metric.MacroF1 or Metric.MicroF1 or Metric.WeightedF1 or Metric.Accuracy or Metric.CohenKappa,
        MlTask.Regression => metric is Metric.Mae or Metric.Rmse or Metric.R2 or Metric.Mape or Metric.MedianAbsoluteError,
        _ => false,
    };

    /// <summary>snake_case name for tracking (<c>pr_auc</c>).</summary>
    public static string Name(Metric metric) => Common.SnakeCase.From(metric.ToString());
}
