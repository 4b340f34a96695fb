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
