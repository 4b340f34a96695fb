using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MlAsCode.Evaluation;
using MlAsCode.Evaluation.Reporting;
using MlAsCode.Tests.Features;

namespace MlAsCode.Tests.Evaluation;

public class ReportTests
{
    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(TestData.PathOf("reference_metrics.json"))).RootElement.GetProperty("cases");

    // Labels drawn from a true probability; the model reports its square (over-confident towards 0): badly calibrated
    // but well ranked. Group "b" rows are every third row.
    private static (bool[] Labels, double[] Scores, string[] Groups, double[] Truth) Draw(int rows, int seed)
    {
        var random = new Random(seed);
        var truth = Enumerable.Range(0, rows).Select(_ => random.NextDouble()).ToArray();
        var labels = truth.Select(p => random.NextDouble() < p).ToArray();
        return (labels, [.. truth.Select(p => p * p)], [.. Enumerable.Range(0, rows).Select(i => i % 3 == 0 ? "b" : "a")], truth);
    }

    internal static EvaluationInput Binary(int rows = 3000)
    {
        var (labels, scores, groups, truth) = Draw(rows, seed: 1);
        var (validationLabels, validationScores, _, _) = Draw(rows, seed: 2);
        return new EvaluationInput
        {
            Title = "squared probabilities",
            Task = MlTask.BinaryClassification,
            PrimaryMetric = Metric.PrAuc,
            Labels = labels,
            Scores = scores,
            ValidationLabels = validationLabels,
            ValidationScores = validationScores,
            Protected = new Dictionary<string, IReadOnlyList<string>> { ["group"] = groups },
            RowFeatures = i => [new("true_probability", truth[i].ToString("0.000", System.Globalization.CultureInfo.InvariantCulture))],
            Resamples = 200,
        };
    }

    [Fact]
    public void A_holdout_better_than_every_cross_validation_fold_is_a_warning_that_shows_both()
    {
        var input = Binary();
        var holdout = Evaluator.Evaluate(input).Primary.Score.Value;
        var lucky = Evaluator.Evaluate(input with { CrossValidation = new CrossValidationSummary("pr_auc", [holdout - 0.08, holdout - 0.05, holdout - 0.06]) })
            .Checks.Single(c => c.Name == "cross_validation");
        Assert.Equal(CheckStatus.Warning, lucky.Status);
        Assert.Contains("is better than every fold", lucky.Detail, StringComparison.Ordinal);
        Assert.Contains("the split may be lucky", lucky.Detail, StringComparison.Ordinal);
        Assert.Contains(holdout.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture), lucky.Detail, StringComparison.Ordinal);

        var agreeing = Evaluator.Evaluate(input with { CrossValidation = new CrossValidationSummary("pr_auc", [holdout - 0.02, holdout + 0.01, holdout]) })
            .Checks.Single(c => c.Name == "cross_validation");
        Assert.Equal(CheckStatus.Passed, agreeing.Status);
        Assert.Contains("lies within the folds' range", agreeing.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Curves_integrate_to_the_reference_roc_auc_and_average_precision()
    {
        foreach (var @case in Cases.GetProperty("binary").EnumerateArray())
        {
            bool[] labels = [.. @case.GetProperty("label").EnumerateArray().Select(v => v.GetInt32() == 1)];
            double[] scores = [.. @case.GetProperty("score").EnumerateArray().Select(v => v.GetDouble())];
            var expected = @case.GetProperty("expected");
            Assert.Equal(expected.GetProperty("roc_auc").GetDouble(), Curves.Area(Curves.Roc(labels, scores)), 9);
            var pr = Curves.PrecisionRecall(labels, scores);
            var ap = Enumerable.Range(1, pr.Length - 1).Sum(i => (pr[i].X - pr[i - 1].X) * pr[i].Y);
            Assert.Equal(expected.GetProperty("pr_auc_average_precision").GetDouble(), ap, 9);
        }
    }

    [Fact]
    public void Calibrators_fitted_on_validation_rows_repair_miscalibrated_probabilities_on_the_holdout()
    {
        var report = Evaluator.Evaluate(Binary());
        var calibration = report.Calibration!;
        Assert.True(calibration.Curve.ExpectedCalibrationError > 0.1, calibration.Curve.ExpectedCalibrationError.ToString());
        Assert.Equal(["platt", "isotonic"], calibration.Calibrators.Select(c => c.Method));
        Assert.All(calibration.Calibrators, c =>
        {
            Assert.Equal(3000, c.ValidationRows);
            Assert.True(c.Curve.ExpectedCalibrationError < calibration.Curve.ExpectedCalibrationError / 2, $"{c.Method} {c.Curve.ExpectedCalibrationError}");
            Assert.True(c.Brier < calibration.Brier, c.Method);
        });
        Assert.NotEqual("none", calibration.Best);
        Assert.Equal(CheckStatus.Failed, report.Checks.Single(c => c.Name == "calibration").Status);
    }

    [Fact]
    public void A_calibration_check_switched_off_is_reported_as_not_run()
    {
        var report = Evaluator.Evaluate(Binary() with { CheckCalibration = false });
        Assert.Null(report.Calibration);
        var check = report.Checks.Single(c => c.Name == "calibration");
        Assert.Equal(CheckStatus.NotRun, check.Status);
        Assert.Contains("CheckCalibration = false", check.Detail);
        Assert.Equal(["ROC curve", "Precision-recall curve", "Scores by group"],
            Regex.Matches(HtmlReport.Write(report), "aria-label=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
    }

    [Fact]
    public void The_worst_predictions_are_the_largest_log_losses_with_their_feature_values()
    {
        var input = Binary();
        var report = Evaluator.Evaluate(input);
        Assert.Equal(50, report.Worst.Length);
        var losses = Enumerable.Range(0, input.Labels!.Count)
            .Select(i => -Math.Log(Math.Clamp(input.Labels[i] ? input.Scores![i] : 1 - input.Scores![i], 1e-15, 1)))
            .OrderDescending().Take(50).ToArray();
        Assert.Equal(losses, report.Worst.Select(w => w.Loss).ToArray());
        var first = report.Worst[0];
        Assert.Equal(input.Labels[first.Row] ? "1" : "0", first.Actual);
        Assert.Equal("true_probability", Assert.Single(first.Features).Key);
    }

    [Fact]
    public void Fairness_runs_for_every_protected_attribute_and_missing_ones_are_reported_as_not_run()
    {
        var report = Evaluator.Evaluate(Binary() with
        {
            ProtectedUnavailable = new Dictionary<string, string> { ["age"] = "no such column" },
        });
        var fairness = Assert.Single(report.Fairness);
        Assert.Equal("group", fairness.Attribute);
        Assert.Equal(["a", "b"], fairness.Groups.Select(g => g.Group));
        Assert.Equal(2000, fairness.Groups[0].Rows);
        Assert.Contains(report.Checks, c => c.Name == "fairness:group" && c.Status != CheckStatus.NotRun);
        Assert.Equal(CheckStatus.NotRun, report.Checks.Single(c => c.Name == "fairness:age").Status);
        Assert.Equal(["a", "b"], Assert.Single(report.ScoreDistributions).Groups.Select(g => g.Group));
    }

    [Fact]
    public void Segments_score_each_value_and_explain_a_value_that_cannot_be_scored()
    {
        var input = Binary(600);
        // "tiny" holds three negative rows: PR-AUC needs a positive.
        var negatives = Enumerable.Range(0, 600).Where(i => !input.Labels![i]).Take(3).ToHashSet();
        var segment = Enumerable.Range(0, 600).Select(i => negatives.Contains(i) ? "tiny" : i % 2 == 0 ? "even" : "odd").ToArray();
        var report = Evaluator.Evaluate(input with { Segments = new Dictionary<string, IReadOnlyList<string>> { ["parity"] = segment } });

        var breakdown = Assert.Single(report.Segments);
        Assert.Equal(["even", "odd", "tiny"], breakdown.Groups.Select(g => g.Value));
        var even = Enumerable.Range(0, 600).Where(i => segment[i] == "even").ToArray();
        Assert.Equal(Metrics.AveragePrecision([.. even.Select(i => input.Labels![i])], [.. even.Select(i => input.Scores![i])]), breakdown.Groups[0].Score!.Value, 12);
        Assert.Null(breakdown.Groups[2].Score);
        Assert.Contains("positive", breakdown.Groups[2].Reason);
        Assert.Equal(CheckStatus.Passed, report.Checks.Single(c => c.Name == "segment_breakdown").Status);
    }

    [Fact]
    public void Json_holds_every_number_under_the_fixture_metric_names()
    {
        var input = Binary();
        var report = Evaluator.Evaluate(input);
        var json = JsonDocument.Parse(EvaluationJson.Write(report)).RootElement;
        Assert.Equal(Metrics.RocAuc(input.Labels!, input.Scores!), json.GetProperty("metrics").GetProperty("roc_auc").GetProperty("value").GetDouble(), 12);
        Assert.Equal(Metrics.AveragePrecision(input.Labels!, input.Scores!), json.GetProperty("metrics").GetProperty("pr_auc").GetProperty("value").GetDouble(), 12);
        Assert.Equal(report.Calibration!.Curve.ExpectedCalibrationError, json.GetProperty("calibration").GetProperty("ece").GetDouble(), 12);
        Assert.Equal(2, json.GetProperty("fairness").GetProperty("group").GetProperty("groups").EnumerateObject().Count());
        Assert.Equal(50, json.GetProperty("worst_predictions").GetArrayLength());
        Assert.Contains(json.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "calibration" && c.GetProperty("status").GetString() == "failed");
    }

    [Fact]
    public void Html_is_self_contained_with_well_formed_plots()
    {
        var html = HtmlReport.Write(Evaluator.Evaluate(Binary()));
        var plots = Regex.Matches(html, "<svg.*?</svg>", RegexOptions.Singleline).Select(m => XDocument.Parse(m.Value)).ToList();
        Assert.Equal(["ROC curve", "Precision-recall curve", "Calibration (reliability)", "Scores by group"],
            plots.Select(p => p.Root!.Attribute("aria-label")!.Value));
        Assert.All(plots, p => Assert.Contains(p.Descendants(), e => e.Attribute("class")?.Value == "series"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["http://www.w3.org/2000/svg"], Regex.Matches(html, "https?://[^\"' ]+").Select(m => m.Value).Distinct());
        Assert.Contains("id=\"worst\"", html);
        Assert.Contains("four-fifths", html);
    }

    [Fact]
    public void Regression_reports_predicted_vs_actual_conformal_intervals_with_their_coverage_and_residuals_over_time_and_by_segment()
    {
        var random = new Random(3);
        // Evaluated rows and out-of-fold validation rows from one process: noise uniform in ±5 around the truth.
        var actual = Enumerable.Range(0, 500).Select(_ => random.NextDouble() * 100).ToArray();
        var predicted = actual.Select(a => a + ((random.NextDouble() - 0.5) * 10)).ToArray();
        var validationActual = Enumerable.Range(0, 1000).Select(_ => random.NextDouble() * 100).ToArray();
        var validationPredicted = validationActual.Select(a => a + ((random.NextDouble() - 0.5) * 10)).ToArray();
        var times = Enumerable.Range(0, 500).Select(i => new DateTime(2024, 1, 1).AddDays(499 - i)).ToArray();
        var region = Enumerable.Range(0, 500).Select(i => i % 25 == 0 ? "islands" : "mainland").ToArray();
        var input = new EvaluationInput
        {
            Title = "regression",
            Task = MlTask.Regression,
            PrimaryMetric = Metric.Mae,
            Actual = actual,
            Scores = predicted,
            ValidationActual = validationActual,
            ValidationPredicted = validationPredicted,
            Times = times,
            Segments = new Dictionary<string, IReadOnlyList<string>> { ["region"] = region },
            Resamples = 200,
        };
        var report = Evaluator.Evaluate(input);
        Assert.Equal("mae", report.Primary.Name);
        Assert.Equal(Metrics.Regression(actual, predicted).Mae, report.Primary.Score.Value, 12);
        Assert.Equal(500, report.Residuals.Length);
        Assert.Equal(actual[7] - predicted[7], report.Residuals[7].Y, 12);
        Assert.Equal((actual[7], predicted[7]), (report.PredictedVsActual[7].X, report.PredictedVsActual[7].Y));
        // Regression has no probabilities to calibrate: its counterpart is the intervals' coverage, not "calibration not run".
        Assert.DoesNotContain(report.Checks, c => c.Name == "calibration");
        Assert.Null(report.Calibration);

        // Split conformal: q is the ⌈(n + 1)·0.9⌉-th smallest validation |residual| (901st of 1,000).
        var q = validationActual.Zip(validationPredicted, (a, p) => Math.Abs(a - p)).Order().ElementAt(900);
        var intervals = report.PredictionIntervals!;
        Assert.Equal(q, intervals.Interval.HalfWidth, 12);
        Assert.Equal(actual.Zip(predicted).Count(x => Math.Abs(x.First - x.Second) <= q) / 500.0, intervals.Coverage.Value, 12);
        Assert.InRange(0.9, intervals.Coverage.Lower, intervals.Coverage.Upper);
        Assert.Equal(2 * q, intervals.MedianWidth, 9);
        Assert.Equal(CheckStatus.Passed, report.Checks.Single(c => c.Name == "prediction_intervals").Status);

        // Evaluated rows twice as noisy as the folds: the promised 90% does not hold, and the checklist says so.
        var noisier = actual.Select((a, i) => a + (2 * (predicted[i] - a))).ToArray();
        var shifted = Evaluator.Evaluate(input with { Scores = noisier });
        Assert.True(shifted.PredictionIntervals!.Coverage.Upper < 0.9);
        Assert.Contains("below the promised 90%", shifted.Checks.Single(c => c.Name == "prediction_intervals" && c.Status == CheckStatus.Warning).Detail, StringComparison.Ordinal);

        // Residuals over time: ten periods of 50 rows in time order (the rows were given newest first).
        Assert.Equal(10, report.ResidualsOverTime.Length);
        var oldest = Enumerable.Range(450, 50).ToArray();
        Assert.Equal((times[499], times[450], 50), (report.ResidualsOverTime[0].From, report.ResidualsOverTime[0].To, report.ResidualsOverTime[0].Rows));
        Assert.Equal(oldest.Average(i => actual[i] - predicted[i]), report.ResidualsOverTime[0].MeanResidual, 12);

        // A segment of 20 rows is marked and shown without an interval; the other has its interval and mean residual.
        var groups = report.Segments.Single().Groups;
        var islands = groups.Single(g => g.Value == "islands");
        Assert.True(islands.Small);
        Assert.Equal(20, islands.Rows);
        Assert.True(double.IsNaN(islands.Score!.Lower));
        Assert.Contains("20 rows, below the minimum of 30", islands.Reason, StringComparison.Ordinal);
        var mainland = groups.Single(g => g.Value == "mainland");
        Assert.False(mainland.Small);
        Assert.True(mainland.Score!.Lower < mainland.Score.Value);
        Assert.Equal(Enumerable.Range(0, 500).Where(i => region[i] == "mainland").Average(i => actual[i] - predicted[i]), mainland.MeanResidual!.Value, 12);

        var html = HtmlReport.Write(report);
        foreach (var part in new[] { "aria-label=\"Residuals\"", "aria-label=\"Predicted vs actual\"", "aria-label=\"Residuals over time\"", "<h2>Prediction intervals</h2>", "class=\"small\"" })
        {
            Assert.Contains(part, html, StringComparison.Ordinal);
        }

        var json = System.Text.Json.Nodes.JsonNode.Parse(EvaluationJson.Write(report))!;
        Assert.Equal(intervals.Coverage.Value, json["prediction_intervals"]!["coverage"]!["value"]!.GetValue<double>(), 12);
        Assert.Equal(10, json["residuals_over_time"]!.AsArray().Count);
        Assert.True(json["segments"]!["region"]!["groups"]!["islands"]!["small"]!.GetValue<bool>());
    }

    [Fact]
    public void Conformal_intervals_follow_the_split_conformal_quantile_and_are_multiplicative_on_a_log_scale()
    {
        // Nine validation rows with residuals 1..9: ⌈10 × 0.9⌉ = 9, so q is the largest.
        double[] truth = [10, 20, 30, 40, 50, 60, 70, 80, 90];
        var guesses = truth.Select((t, i) => t + (i % 2 == 0 ? i + 1 : -(i + 1))).ToArray();
        var interval = ConformalInterval.Fit(truth, guesses, 0.9);
        Assert.Equal(9, interval.HalfWidth);
        Assert.Equal((91.0, 109.0), interval.Bounds(100));
        Assert.Contains("cannot give a 90% interval; it needs at least 9",
            Assert.Throws<ArgumentException>(() => ConformalInterval.Fit(truth[..8], guesses[..8], 0.9)).Message, StringComparison.Ordinal);

        // On the log scale the same relative error gives a wider interval around a larger prediction.
        var logged = ConformalInterval.Fit([100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600], [110, 180, 440, 720, 1760, 2880, 7040, 11520, 28160], 0.9, TargetTransform.Log);
        Assert.Equal(Math.Log(1 / 0.9), logged.HalfWidth, 12);
        var (low, high) = logged.Bounds(1000);
        Assert.Equal((900.0, 1000 / 0.9), (low, high), new ToleranceComparer(1e-9));
        Assert.True(logged.Covers(1100, 1000));
        Assert.False(logged.Covers(850, 1000));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) x, (double, double) y) => Math.Abs(x.Item1 - y.Item1) < tolerance && Math.Abs(x.Item2 - y.Item2) < tolerance;

        public int GetHashCode((double, double) obj) => 0;
    }

    [Fact]
    public void Inputs_that_do_not_fit_the_task_are_refused_with_the_reason()
    {
        var input = Binary();
        Assert.Contains("Binary evaluation needs Labels and Scores", Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(input with { Scores = null })).Message);
        Assert.Contains("3000 labels but 10 scores", Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(input with { Scores = new double[10] })).Message);
    }
}
