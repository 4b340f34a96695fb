using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MlAsCode.Analyzers.Common;

namespace MlAsCode.Analyzers.ProblemFraming;

/// <summary>
/// Which metrics fit which task (the methodology's Phase 4 metric selection table), and the two traps it names: accuracy on
/// an imbalanced target and RMSE where outliers must not dominate.
/// </summary>
internal static class MetricFitness
{
    /// <summary>The positive rate under which accuracy is reported as unfit for binary classification.</summary>
    public const double ImbalancedPositiveRate = 0.2;

    // Primary: the methodology's Phase 4 choice where its table has a row for the task; for recommendation and clustering,
    // which it does not list, the usual default (SeedRow = false) so messages do not claim the methodology chose it.
    private static readonly Dictionary<MlTask, (Metric Primary, Metric[] Fitting)> Table = new()
    {
        [MlTask.BinaryClassification] = (Metric.F1, [Metric.Accuracy, Metric.BalancedAccuracy, Metric.Precision, Metric.Recall, Metric.F1, Metric.RocAuc, Metric.PrAuc, Metric.Mcc, Metric.LogLoss, Metric.Brier]),
        [MlTask.MulticlassClassification] = (Metric.MacroF1, [Metric.Accuracy, Metric.BalancedAccuracy, Metric.Precision, Metric.Recall, Metric.MacroF1, Metric.MicroF1, Metric.WeightedF1, Metric.CohenKappa, Metric.Mcc, Metric.LogLoss]),
        [MlTask.Regression] = (Metric.Mae, [Metric.Mae, Metric.Rmse, Metric.R2, Metric.Mape, Metric.MedianAbsoluteError]),
        [MlTask.Ranking] = (Metric.NdcgAtK, [Metric.NdcgAtK, Metric.Map, Metric.Mrr, Metric.PrecisionAtK, Metric.RecallAtK]),
        [MlTask.Recommendation] = (Metric.NdcgAtK, [Metric.NdcgAtK, Metric.Map, Metric.Mrr, Metric.PrecisionAtK, Metric.RecallAtK]),
        [MlTask.AnomalyDetection] = (Metric.PrecisionAtK, [Metric.PrecisionAtK, Metric.RecallAtK, Metric.Precision, Metric.Recall, Metric.F1, Metric.PrAuc, Metric.RocAuc]),
        [MlTask.Clustering] = (Metric.Silhouette, [Metric.Silhouette, Metric.AdjustedRandIndex, Metric.DaviesBouldin]),
        [MlTask.Generation] = (Metric.HumanEvaluation, [Metric.HumanEvaluation, Metric.Bleu, Metric.Rouge, Metric.Faithfulness, Metric.AnswerRelevance]),
    };

    /// <summary>Why <paramref name="metric"/> does not fit, or <c>null</c> when it does (or too little is declared to tell).</summary>
    public static string? Unfit(MlTask task, Metric metric, double? positiveRate, bool outliersMustNotDominate)
    {
        if (metric == Metric.Unspecified || !Table.TryGetValue(task, out var entry))
        {
            return null;
        }

        if (!entry.Fitting.Contains(metric))
        {
            var why = task is MlTask.Recommendation or MlTask.Clustering ? "the usual choice" : "the methodology's choice";
            return $"{metric} is not a {Describe(task)} metric; use {entry.Primary} ({why} for {Describe(task)}) or one of {string.Join(", ", entry.Fitting)}";
        }

        // Rare negatives hide just as well as rare positives: what matters is the minority share. The tolerance keeps
        // 0.8 (whose complement is 0.19999999999999996 in binary floating point) on the balanced side, like 0.2.
        if (task == MlTask.BinaryClassification && metric == Metric.Accuracy
            && positiveRate is > 0 and < 1 && Math.Min(positiveRate.Value, 1 - positiveRate.Value) < ImbalancedPositiveRate - 1e-12)
        {
            var rate = positiveRate.Value.ToString("0.#%", CultureInfo.InvariantCulture);
            return $"Accuracy hides a rare class (declared positive rate {rate}, so the minority class is under 20%): always predicting the majority scores high; use PrAuc or F1";
        }

        if (metric == Metric.Rmse && outliersMustNotDominate)
        {
            return "Rmse lets large errors dominate, but the brief says outliers must not; use Mae";
        }

        return null;
    }

    /// <summary>Why a declared positive rate is not a share, or <c>null</c> when it is.</summary>
    public static string? InvalidPositiveRate(double? positiveRate) => positiveRate switch
    {
        double rate when double.IsNaN(rate) || rate < 0 || rate > 1 =>
            $"PositiveRate {rate.ToString(CultureInfo.InvariantCulture)} is not a share between 0 and 1 (write 0.265 for 26.5%), so the metric cannot be checked against it",
        0 or 1 => $"PositiveRate {positiveRate.Value.ToString(CultureInfo.InvariantCulture)} declares a single class, which leaves nothing to classify; give the expected share of positives",
        _ => null,
    };

    private static string Describe(MlTask task) => task switch
    {
        MlTask.BinaryClassification => "binary classification",
        MlTask.MulticlassClassification => "multiclass classification",
        MlTask.AnomalyDetection => "anomaly detection",
        _ => task.ToString().ToLowerInvariant(),
    };
}
