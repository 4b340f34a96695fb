using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using MlAsCode.Evaluation;
using MlAsCode.Tests.Features;

namespace MlAsCode.Tests.Evaluation;

/// <summary>
/// Reliability curves, calibration errors and calibrators against scikit-learn 1.2.1: the uniform curve from the shared
/// fixture (reference_metrics.json), Platt, isotonic and the quantile curve from data/make_calibration_reference.py
/// run on the same cases.
/// </summary>
public class CalibrationTests
{
    private static readonly JsonElement Binary = JsonDocument.Parse(File.ReadAllText(TestData.PathOf("reference_metrics.json"))).RootElement.GetProperty("cases").GetProperty("binary");
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(TestData.PathOf("calibration_reference.json"))).RootElement.GetProperty("cases");

    private static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    private static (bool[] Labels, double[] Scores) Case(JsonElement c) =>
        ([.. c.GetProperty("label").EnumerateArray().Select(v => v.GetInt32() == 1)], Doubles(c.GetProperty("score")));

    [Fact]
    public void The_uniform_reliability_curve_matches_scikit_learns_calibration_curve()
    {
        foreach (var c in Binary.EnumerateArray())
        {
            var (labels, scores) = Case(c);
            var expected = c.GetProperty("expected").GetProperty("calibration_curve_uniform_10");
            var curve = Calibration.Curve(labels, scores);
            Assert.Equal(Doubles(expected.GetProperty("mean_predicted")), curve.Bins.Select(b => b.MeanPredicted), new Close(1e-9));
            Assert.Equal(Doubles(expected.GetProperty("fraction_of_positives")), curve.Bins.Select(b => b.FractionOfPositives), new Close(1e-9));
            Assert.Equal(labels.Length, curve.Bins.Sum(b => b.Count));

            // ECE recomputed from the reference bins: the weights are each bin's share of rows.
            var ece = curve.Bins.Sum(b => (double)b.Count / labels.Length * Math.Abs(b.FractionOfPositives - b.MeanPredicted));
            Assert.Equal(ece, curve.ExpectedCalibrationError, 12);
            Assert.Equal(curve.Bins.Max(b => Math.Abs(b.FractionOfPositives - b.MeanPredicted)), curve.MaximumCalibrationError, 12);
        }
    }

    [Fact]
    public void The_quantile_curve_platt_and_isotonic_calibrators_match_scikit_learn()
    {
        foreach (var (c, r) in Binary.EnumerateArray().Zip(Reference.EnumerateArray()))
        {
            var (labels, scores) = Case(c);
            var quantile = Calibration.Curve(labels, scores, bins: 5, CalibrationBinning.Quantile);
            Assert.Equal(Doubles(r.GetProperty("quantile_5_mean_predicted")), quantile.Bins.Select(b => b.MeanPredicted), new Close(1e-9));
            Assert.Equal(Doubles(r.GetProperty("quantile_5_fraction_of_positives")), quantile.Bins.Select(b => b.FractionOfPositives), new Close(1e-9));

            // scikit-learn stops BFGS at a gradient norm of 1e-5; Newton here goes to 1e-12, so agree to ~1e-4.
            var platt = Calibration.FitPlatt(labels, scores);
            Assert.Equal(r.GetProperty("platt_a").GetDouble(), platt.A, 3);
            Assert.Equal(r.GetProperty("platt_b").GetDouble(), platt.B, 3);

            var isotonic = Calibration.FitIsotonic(labels, scores);
            Assert.Equal(Doubles(r.GetProperty("isotonic_at_grid")), isotonic.Apply(Doubles(r.GetProperty("isotonic_grid"))), new Close(1e-9));
            Assert.Equal(Doubles(r.GetProperty("isotonic_at_scores")), isotonic.Apply(scores), new Close(1e-9));
        }
    }

    [Fact]
    public void Calibrators_fitted_on_validation_rows_repair_distorted_probabilities_on_other_rows()
    {
        // Well-calibrated probabilities pushed towards the extremes (p³ / (p³ + (1 − p)³)): overconfident.
        var random = new Random(5);
        var truth = Enumerable.Range(0, 4000).Select(_ => random.NextDouble()).ToArray();
        var labels = truth.Select(p => random.NextDouble() < p).ToArray();
        var distorted = truth.Select(p => Math.Pow(p, 3) / (Math.Pow(p, 3) + Math.Pow(1 - p, 3))).ToArray();
        var (fitLabels, fitScores) = (labels[..2000], distorted[..2000]);
        var (testLabels, testScores) = (labels[2000..], distorted[2000..]);

        var before = Calibration.Curve(testLabels, testScores).ExpectedCalibrationError;
        var isotonic = Calibration.Curve(testLabels, Calibration.FitIsotonic(fitLabels, fitScores).Apply(testScores)).ExpectedCalibrationError;
        var platt = Calibration.FitPlatt(fitLabels, fitScores.Select(p => Math.Log(p / (1 - p))).ToArray());
        var plattEce = Calibration.Curve(testLabels, platt.Apply(testScores.Select(p => Math.Log(p / (1 - p))).ToArray())).ExpectedCalibrationError;
        Assert.True(before > 0.08, $"distortion ECE {before}");
        Assert.True(isotonic < before / 2, $"isotonic {isotonic} vs {before}");
        Assert.True(plattEce < before / 2, $"platt {plattEce} vs {before}");
        // On the log-odds, the distortion is a slope of 3: Platt recovers about A = −1/3.
        Assert.InRange(platt.A, -0.40, -0.27);
    }

    [Fact]
    public void Bad_inputs_are_refused_with_the_row_and_reason()
    {
        Assert.Contains("Prediction 2 is 1.5", Assert.Throws<ArgumentException>(() => Calibration.Curve([true, false], [0.2, 1.5])).Message);
        Assert.Contains("Prediction 1 is NaN", Assert.Throws<ArgumentException>(() => Calibration.FitPlatt([true, false], [double.NaN, 0.1])).Message);
        Assert.Contains("needs both classes", Assert.Throws<ArgumentException>(() => Calibration.FitIsotonic([true, true], [0.2, 0.4])).Message);
        Assert.Contains("2 labels but 1 predictions", Assert.Throws<ArgumentException>(() => Calibration.Curve([true, false], [0.2])).Message);
    }

    private sealed class Close(double tolerance) : System.Collections.Generic.IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
