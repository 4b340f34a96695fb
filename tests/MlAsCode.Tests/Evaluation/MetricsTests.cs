using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using MlAsCode.Evaluation;
using MlAsCode.Tests.Features;

namespace MlAsCode.Tests.Evaluation;

/// <summary>Every metric against scikit-learn 1.2.1 (data/reference_metrics.json, copied from the shared fixtures).</summary>
public class MetricsTests
{
    private const int Digits = 9;
    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(TestData.PathOf("reference_metrics.json"))).RootElement.GetProperty("cases");

    private static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    [Fact]
    public void Binary_metrics_match_scikit_learn()
    {
        foreach (var @case in Cases.GetProperty("binary").EnumerateArray())
        {
            bool[] labels = [.. @case.GetProperty("label").EnumerateArray().Select(v => v.GetInt32() == 1)];
            var scores = Doubles(@case.GetProperty("score"));
            var expected = @case.GetProperty("expected");
            Assert.Equal(expected.GetProperty("roc_auc").GetDouble(), Metrics.RocAuc(labels, scores), Digits);
            Assert.Equal(expected.GetProperty("pr_auc_average_precision").GetDouble(), Metrics.AveragePrecision(labels, scores), Digits);
            Assert.Equal(expected.GetProperty("brier").GetDouble(), Metrics.Brier(labels, scores), Digits);
            Assert.Equal(expected.GetProperty("log_loss").GetDouble(), Metrics.LogLoss(labels, scores), Digits);
            var counts = Metrics.Confusion(labels, scores, @case.GetProperty("threshold").GetDouble());
            Assert.Equal(expected.GetProperty("f1").GetDouble(), counts.F1, Digits);
            Assert.Equal(expected.GetProperty("precision").GetDouble(), counts.Precision, Digits);
            Assert.Equal(expected.GetProperty("recall").GetDouble(), counts.Recall, Digits);
            Assert.Equal(expected.GetProperty("accuracy").GetDouble(), counts.Accuracy, Digits);
            Assert.Equal(expected.GetProperty("mcc").GetDouble(), counts.Mcc, Digits);
            Assert.Equal(expected.GetProperty("balanced_accuracy").GetDouble(), counts.BalancedAccuracy, Digits);
        }
    }

    [Fact]
    public void All_binary_metrics_from_one_sort_match_scikit_learn()
    {
        foreach (var @case in Cases.GetProperty("binary").EnumerateArray())
        {
            bool[] labels = [.. @case.GetProperty("label").EnumerateArray().Select(v => v.GetInt32() == 1)];
            var expected = @case.GetProperty("expected");
            var all = Metrics.Binary(labels, Doubles(@case.GetProperty("score")), @case.GetProperty("threshold").GetDouble());
            Assert.Equal(expected.GetProperty("roc_auc").GetDouble(), all.RocAuc, Digits);
            Assert.Equal(expected.GetProperty("pr_auc_average_precision").GetDouble(), all.PrAuc, Digits);
            Assert.Equal(expected.GetProperty("brier").GetDouble(), all.Brier, Digits);
            Assert.Equal(expected.GetProperty("log_loss").GetDouble(), all.LogLoss, Digits);
            Assert.Equal(expected.GetProperty("f1").GetDouble(), all.F1, Digits);
            Assert.Equal(expected.GetProperty("precision").GetDouble(), all.Precision, Digits);
            Assert.Equal(expected.GetProperty("recall").GetDouble(), all.Recall, Digits);
            Assert.Equal(expected.GetProperty("accuracy").GetDouble(), all.Accuracy, Digits);
            Assert.Equal(expected.GetProperty("mcc").GetDouble(), all.Mcc, Digits);
            Assert.Equal(expected.GetProperty("balanced_accuracy").GetDouble(), all.BalancedAccuracy, Digits);
        }

        // Many ties (scores rounded to one decimal) on many rows: the one-sort walk equals the rank formulas.
        var random = new Random(9);
        bool[] tiedLabels = [.. Enumerable.Range(0, 20_000).Select(_ => random.NextDouble() < 0.3)];
        double[] tiedScores = [.. tiedLabels.Select(l => Math.Round(Math.Clamp((l ? 0.6 : 0.4) + ((random.NextDouble() - 0.5) * 0.8), 0, 1), 1))];
        var tied = Metrics.Binary(tiedLabels, tiedScores);
        Assert.Equal(Metrics.RocAuc(tiedLabels, tiedScores), tied.RocAuc, 12);
        Assert.Equal(Metrics.AveragePrecision(tiedLabels, tiedScores), tied.PrAuc, 12);
        Assert.Contains("both classes", Assert.Throws<ArgumentException>(() => Metrics.Binary([true, true], [0.2, 0.9])).Message);
        Assert.Contains("Score 1 is not a number", Assert.Throws<ArgumentException>(() => Metrics.Binary([true, false], [0.2, double.NaN])).Message);
    }

    [Fact]
    public void Multiclass_metrics_match_scikit_learn()
    {
        foreach (var @case in Cases.GetProperty("multiclass").EnumerateArray())
        {
            string[] labels = [.. @case.GetProperty("label").EnumerateArray().Select(v => v.ToString())];
            string[] predicted = [.. @case.GetProperty("predicted").EnumerateArray().Select(v => v.ToString())];
            var expected = @case.GetProperty("expected");
            var scores = Metrics.Multiclass(labels, predicted);
            Assert.Equal(expected.GetProperty("macro_f1").GetDouble(), scores.MacroF1, Digits);
            Assert.Equal(expected.GetProperty("micro_f1").GetDouble(), scores.MicroF1, Digits);
            Assert.Equal(expected.GetProperty("weighted_f1").GetDouble(), scores.WeightedF1, Digits);
            Assert.Equal(expected.GetProperty("accuracy").GetDouble(), scores.Accuracy, Digits);
            Assert.Equal(expected.GetProperty("cohen_kappa").GetDouble(), scores.CohenKappa, Digits);
        }
    }

    [Fact]
    public void Regression_metrics_match_scikit_learn()
    {
        foreach (var @case in Cases.GetProperty("regression").EnumerateArray())
        {
            var expected = @case.GetProperty("expected");
            var scores = Metrics.Regression(Doubles(@case.GetProperty("label")), Doubles(@case.GetProperty("predicted")));
            Assert.Equal(expected.GetProperty("mae").GetDouble(), scores.Mae, Digits);
            Assert.Equal(expected.GetProperty("rmse").GetDouble(), scores.Rmse, Digits);
            Assert.Equal(expected.GetProperty("r2").GetDouble(), scores.R2, Digits);
            Assert.Equal(expected.GetProperty("mape").GetDouble(), scores.Mape, Digits);
            Assert.Equal(expected.GetProperty("median_ae").GetDouble(), scores.MedianAbsoluteError, Digits);
        }
    }

    [Fact]
    public void Mismatched_or_one_class_inputs_are_refused()
    {
        Assert.Contains("one prediction per label", Assert.Throws<ArgumentException>(() => Metrics.RocAuc([true, false], [0.5])).Message);
        Assert.Contains("both classes", Assert.Throws<ArgumentException>(() => Metrics.RocAuc([true, true], [0.5, 0.2])).Message);
    }
}

public class ScoredRowsTests
{
    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(TestData.PathOf("reference_metrics.json"))).RootElement.GetProperty("cases");

    private static readonly Metric[] BinaryMetrics = [Metric.RocAuc, Metric.PrAuc, Metric.LogLoss, Metric.Brier, Metric.F1, Metric.Precision, Metric.Recall, Metric.Accuracy, Metric.BalancedAccuracy, Metric.Mcc];
    private static readonly Metric[] RegressionMetrics = [Metric.Mae, Metric.Rmse, Metric.R2, Metric.Mape, Metric.MedianAbsoluteError];

    // The row-list metrics checked against scikit-learn above, by declared metric.
    private static double Reference(Metric metric, bool[] labels, double[] scores) => metric switch
    {
        Metric.RocAuc => Metrics.RocAuc(labels, scores),
        Metric.PrAuc => Metrics.AveragePrecision(labels, scores),
        Metric.LogLoss => Metrics.LogLoss(labels, scores),
        Metric.Brier => Metrics.Brier(labels, scores),
        Metric.F1 => Metrics.Confusion(labels, scores).F1,
        Metric.Precision => Metrics.Confusion(labels, scores).Precision,
        Metric.Recall => Metrics.Confusion(labels, scores).Recall,
        Metric.Accuracy => Metrics.Confusion(labels, scores).Accuracy,
        Metric.BalancedAccuracy => Metrics.Confusion(labels, scores).BalancedAccuracy,
        _ => Metrics.Confusion(labels, scores).Mcc,
    };

    private static double Reference(Metric metric, double[] actual, double[] predicted)
    {
        var scores = Metrics.Regression(actual, predicted);
        return metric switch
        {
            Metric.Mae => scores.Mae,
            Metric.Rmse => scores.Rmse,
            Metric.R2 => scores.R2,
            Metric.Mape => scores.Mape,
            _ => scores.MedianAbsoluteError,
        };
    }

    [Fact]
    public void Counts_of_one_and_bootstrap_counts_give_the_same_numbers_as_the_rows_themselves()
    {
        var random = new Random(5);
        foreach (var @case in Cases.GetProperty("binary").EnumerateArray())
        {
            bool[] labels = [.. @case.GetProperty("label").EnumerateArray().Select(v => v.GetInt32() == 1)];
            double[] scores = [.. @case.GetProperty("score").EnumerateArray().Select(v => v.GetDouble())];
            var rows = ScoredRows.Binary(labels, scores);
            int[] sample = [.. Enumerable.Range(0, labels.Length).Select(_ => random.Next(labels.Length))];
            var counts = new int[labels.Length];
            foreach (var i in sample)
            {
                counts[i]++;
            }

            foreach (var metric in BinaryMetrics)
            {
                Assert.Equal(Reference(metric, labels, scores), rows.Score(metric, rows.AllOnce()), 12);
                Assert.Equal(Reference(metric, [.. sample.Select(i => labels[i])], [.. sample.Select(i => scores[i])]), rows.Score(metric, counts), 12);
            }
        }

        foreach (var @case in Cases.GetProperty("regression").EnumerateArray())
        {
            double[] actual = [.. @case.GetProperty("label").EnumerateArray().Select(v => v.GetDouble())];
            double[] predicted = [.. @case.GetProperty("predicted").EnumerateArray().Select(v => v.GetDouble())];
            var rows = ScoredRows.Regression(actual, predicted);
            int[] sample = [.. Enumerable.Range(0, actual.Length).Select(_ => random.Next(actual.Length))];
            var counts = new int[actual.Length];
            foreach (var i in sample)
            {
                counts[i]++;
            }

            foreach (var metric in RegressionMetrics)
            {
                Assert.Equal(Reference(metric, actual, predicted), rows.Score(metric, rows.AllOnce()), 9);
                Assert.Equal(Reference(metric, [.. sample.Select(i => actual[i])], [.. sample.Select(i => predicted[i])]), rows.Score(metric, counts), 9);
            }
        }
    }

    [Fact]
    public void Multiclass_counts_match_the_scikit_learn_checked_metrics()
    {
        Metric[] metrics = [Metric.MacroF1, Metric.MicroF1, Metric.WeightedF1, Metric.Accuracy, Metric.CohenKappa];
        var random = new Random(8);
        foreach (var @case in Cases.GetProperty("multiclass").EnumerateArray())
        {
            string[] labels = [.. @case.GetProperty("label").EnumerateArray().Select(v => v.ToString())];
            string[] predicted = [.. @case.GetProperty("predicted").EnumerateArray().Select(v => v.ToString())];
            var rows = ScoredRows.Multiclass(labels, predicted);
            int[] sample = [.. Enumerable.Range(0, labels.Length).Select(_ => random.Next(labels.Length))];
            var counts = new int[labels.Length];
            foreach (var i in sample)
            {
                counts[i]++;
            }

            var whole = Metrics.Multiclass(labels, predicted);
            var resampled = Metrics.Multiclass([.. sample.Select(i => labels[i])], [.. sample.Select(i => predicted[i])]);
            double[] expected = [whole.MacroF1, whole.MicroF1, whole.WeightedF1, whole.Accuracy, whole.CohenKappa];
            double[] expectedResampled = [resampled.MacroF1, resampled.MicroF1, resampled.WeightedF1, resampled.Accuracy, resampled.CohenKappa];
            for (var m = 0; m < metrics.Length; m++)
            {
                Assert.Equal(expected[m], rows.Score(metrics[m], rows.AllOnce()), 12);
                Assert.Equal(expectedResampled[m], rows.Score(metrics[m], counts), 12);
            }
        }
    }

    [Fact]
    public void Every_metric_that_fits_a_task_can_be_scored_for_it()
    {
        var binary = ScoredRows.Binary([true, false, true, false], [0.9, 0.2, 0.6, 0.4]);
        var regression = ScoredRows.Regression([1.0, 2.0, 4.0], [1.5, 2.0, 3.0]);
        var multiclass = ScoredRows.Multiclass(["a", "b", "c"], ["a", "c", "c"]);
        foreach (var metric in Enum.GetValues<Metric>())
        {
            foreach (var (task, rows) in new[] { (MlTask.BinaryClassification, binary), (MlTask.Regression, regression), (MlTask.MulticlassClassification, multiclass) })
            {
                if (MetricScorer.Fits(metric, task))
                {
                    Assert.True(double.IsFinite(rows.Score(metric, rows.AllOnce())), $"{metric} for {task}");
                }
                else
                {
                    Assert.Throws<ArgumentException>(() => rows.Score(metric, rows.AllOnce()));
                }
            }
        }
    }

    [Fact]
    public void The_count_bootstrap_draws_the_same_resamples_as_the_index_bootstrap()
    {
        var @case = Cases.GetProperty("binary")[0];
        bool[] labels = [.. @case.GetProperty("label").EnumerateArray().Select(v => v.GetInt32() == 1)];
        double[] scores = [.. @case.GetProperty("score").EnumerateArray().Select(v => v.GetDouble())];
        var rows = ScoredRows.Binary(labels, scores);
        var byIndex = Bootstrap.Estimate(labels.Length, s => Metrics.RocAuc([.. s.Select(i => labels[i])], [.. s.Select(i => scores[i])]), 200, seed: 3);
        var byCounts = Bootstrap.EstimateFromCounts(labels.Length, c => rows.Score(Metric.RocAuc, c), 200, seed: 3);
        Assert.Equal(byIndex.Value, byCounts.Value, 12);
        Assert.Equal(byIndex.Lower, byCounts.Lower, 12);
        Assert.Equal(byIndex.Upper, byCounts.Upper, 12);
        Assert.True(byCounts.Lower < byCounts.Value && byCounts.Value < byCounts.Upper);
    }

    [Fact]
    public void Parallel_resamples_give_the_same_intervals_as_one_core()
    {
        var random = new Random(4);
        bool[] labels = [.. Enumerable.Range(0, 3000).Select(_ => random.NextDouble() < 0.25)];
        double[] scores = [.. labels.Select(l => Math.Clamp((l ? 0.6 : 0.35) + ((random.NextDouble() - 0.5) * 0.6), 0, 1))];
        var rows = ScoredRows.Binary(labels, scores);
        Func<int[], double>[] metrics = [c => rows.Score(Metric.RocAuc, c), c => rows.Score(Metric.PrAuc, c), c => rows.Score(Metric.F1, c)];
        var parallel = Bootstrap.EstimateFromCounts(labels.Length, metrics, 300, seed: 8);
        var single = Bootstrap.EstimateFromCounts(labels.Length, metrics, 300, seed: 8, maxDegreeOfParallelism: 1);
        Assert.Equal(single, parallel);
        Assert.NotEqual(single, Bootstrap.EstimateFromCounts(labels.Length, metrics, 300, seed: 9));
    }
}
