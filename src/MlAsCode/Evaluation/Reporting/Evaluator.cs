using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;

namespace MlAsCode.Evaluation.Reporting;

/// <summary>What an evaluation is given: the predictions on the evaluation rows, and what is declared about them.</summary>
public sealed record EvaluationInput
{
    /// <summary>What is evaluated.</summary>
    public required string Title { get; init; }

    /// <summary>Binary, multiclass or regression.</summary>
    public required MlTask Task { get; init; }

    /// <summary>The metric decisions are made on.</summary>
    public required Metric PrimaryMetric { get; init; }

    /// <summary>Binary: the labels.</summary>
    public IReadOnlyList<bool>? Labels { get; init; }

    /// <summary>Binary: positive-class probabilities. Regression: predicted values.</summary>
    public IReadOnlyList<double>? Scores { get; init; }

    /// <summary>Regression: the actual values.</summary>
    public IReadOnlyList<double>? Actual { get; init; }

    /// <summary>Multiclass: the true classes.</summary>
    public IReadOnlyList<string>? ActualClasses { get; init; }

    /// <summary>Multiclass: the predicted classes.</summary>
    public IReadOnlyList<string>? PredictedClasses { get; init; }

    /// <summary>Metrics already computed with intervals (the experiment runner shares its resamples with the
    /// baseline); computed here when empty.</summary>
    public ImmutableArray<MetricEstimate> Metrics { get; init; } = [];

    /// <summary>The baseline on the same rows.</summary>
    public BaselineComparison? Baseline { get; init; }

    /// <summary>Cross-validation fold scores of the chosen hyperparameters.</summary>
    public CrossValidationSummary? CrossValidation { get; init; }

    /// <summary>Whether the rows are a true holdout (never seen in training or tuning); unknown for a predictions file.</summary>
    public bool? TrueHoldout { get; init; }

    /// <summary>Segment column name → each row's value.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Segments { get; init; } = ImmutableDictionary<string, IReadOnlyList<string>>.Empty;

    /// <summary>Protected attribute → each row's group.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Protected { get; init; } = ImmutableDictionary<string, IReadOnlyList<string>>.Empty;

    /// <summary>Protected attributes declared (in the brief) whose values are not available, so fairness cannot run
    /// for them, with the reason.</summary>
    public IReadOnlyDictionary<string, string> ProtectedUnavailable { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>A row's feature values by name (for the worst predictions).</summary>
    public Func<int, IEnumerable<KeyValuePair<string, string>>>? RowFeatures { get; init; }

    /// <summary>Binary: labels of validation rows (out-of-fold on the training part; never the evaluated rows) the
    /// calibrators are fitted on.</summary>
    public IReadOnlyList<bool>? ValidationLabels { get; init; }

    /// <summary>Binary: the model's probabilities for the validation rows.</summary>
    public IReadOnlyList<double>? ValidationScores { get; init; }

    /// <summary>The decision threshold.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Bootstrap resamples for every interval.</summary>
    public int Resamples { get; init; } = 1000;

    /// <summary>Seed of the bootstrap.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Fairness limits (thresholds and resamples default to this input's).</summary>
    public FairnessOptions? Fairness { get; init; }

    /// <summary>Expected calibration error (10 uniform bins) above which calibration fails the checklist.</summary>
    public double CalibrationLimit { get; init; } = 0.05;

    /// <summary>Whether to check calibration (binary); when off the check is reported as not run.</summary>
    public bool CheckCalibration { get; init; } = true;

    /// <summary>How many worst predictions to list (the methodology's checklist says 50).</summary>
    public int WorstCount { get; init; } = 50;

    /// <summary>Regression: actual values of validation rows (out-of-fold on the training part; never the evaluated
    /// rows) the conformal prediction intervals are fitted on.</summary>
    public IReadOnlyList<double>? ValidationActual { get; init; }

    /// <summary>Regression: the model's predictions for the validation rows.</summary>
    public IReadOnlyList<double>? ValidationPredicted { get; init; }

    /// <summary>Regression: the coverage the prediction intervals promise (0.9).</summary>
    public double IntervalCoverage { get; init; } = 0.9;

    /// <summary>Regression: the transform the model was trained on; the intervals are built on its scale.</summary>
    public TargetTransform TargetTransform { get; init; }

    /// <summary>Each evaluated row's event time (<c>[EventTime]</c>), for the residuals over time.</summary>
    public IReadOnlyList<DateTime>? Times { get; init; }

    /// <summary>Segments (and periods) with fewer rows are listed with their value but no interval: too few for one.</summary>
    public int MinimumSegmentRows { get; init; } = 30;
}

/// <summary>Runs the methodology's evaluation rigor and bias detection checklists on one set of predictions.</summary>
public static partial class Evaluator
{
    /// <summary>Evaluates <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">The predictions do not fit the task, or lengths differ.</exception>
    public static EvaluationReport Evaluate(EvaluationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (rows, scored) = Prepare(input);
        var binary = input.Task == MlTask.BinaryClassification;
        var regression = input.Task == MlTask.Regression;
        var primary = MetricScorer.Name(input.PrimaryMetric);
        var metrics = input.Metrics.IsDefaultOrEmpty ? Headline(input, scored) : input.Metrics;
        var checks = new List<EvaluationCheck>();

        checks.Add(input.TrueHoldout switch
        {
            true => new("true_holdout", CheckStatus.Passed, "metrics computed once on a holdout carved before tuning and fingerprinted"),
            false => new("true_holdout", CheckStatus.Failed, "the evaluated rows were seen in training or tuning"),
            null => new("true_holdout", CheckStatus.NotRun, "unknown: predictions were given without their split"),
        });
        checks.Add(new("confidence_intervals", CheckStatus.Passed, FormattableString.Invariant($"{input.Resamples} seeded bootstrap resamples (seed {input.Seed}), 95% percentile intervals")));
        checks.Add(CrossValidationCheck(input.CrossValidation, metrics.FirstOrDefault(m => m.Name == primary)?.Score, MetricScorer.HigherIsBetter(input.PrimaryMetric)));
        checks.Add(input.Baseline is { } baseline
            ? new("baseline_comparison", baseline.Improvement.Lower > 0 ? CheckStatus.Passed : CheckStatus.Failed,
                FormattableString.Invariant($"{baseline.Baseline}: improvement {baseline.Improvement}"))
            : new("baseline_comparison", CheckStatus.NotRun, "no baseline was scored on the same rows"));

        var segments = input.Segments.Select(s => Segment(s.Key, s.Value, input, rows)).ToImmutableArray();
        checks.Add(segments.IsEmpty
            ? new("segment_breakdown", CheckStatus.NotRun, "no segment columns declared (Segments on [Experiment])")
            : new("segment_breakdown", CheckStatus.Passed, $"{primary} by {string.Join(", ", segments.Select(s => s.Column))}"));

        var worst = Worst(input, rows);
        checks.Add(new("error_analysis", CheckStatus.Passed, $"the {worst.Length} worst predictions are listed with their feature values for review"));

        CalibrationSummary? calibration = null;
        PredictionIntervalSummary? intervals = null;
        if (binary && !input.CheckCalibration)
        {
            checks.Add(new("calibration", CheckStatus.NotRun, "switched off by the experiment (CheckCalibration = false); the probabilities may not mean what they say"));
        }
        else if (binary)
        {
            calibration = Calibrate(input);
            var ece = calibration.Curve.ExpectedCalibrationError;
            checks.Add(new("calibration", ece <= input.CalibrationLimit ? CheckStatus.Passed : CheckStatus.Failed,
                FormattableString.Invariant($"expected calibration error {ece:0.0000} (limit {input.CalibrationLimit}); best calibrator on the holdout: {calibration.Best}")));
        }
        else if (regression)
        {
            // The regression counterpart of calibration: do the promised intervals hold on the holdout?
            checks.Add(IntervalCheck(input, rows, out intervals));
        }
        else
        {
            checks.Add(new("calibration", CheckStatus.NotRun, "multiclass predictions were given as classes, without probabilities"));
        }

        var fairness = ImmutableArray.CreateBuilder<FairnessReport>();
        foreach (var (attribute, groups) in input.Protected)
        {
            if (!binary)
            {
                checks.Add(new($"fairness:{attribute}", CheckStatus.NotRun, "rate-based fairness checks are defined for binary classification; see the segment breakdown"));
                continue;
            }

            var options = (input.Fairness ?? new FairnessOptions()) with { Threshold = input.Threshold, Resamples = input.Resamples, Seed = input.Seed };
            try
            {
                var report = MlAsCode.Evaluation.Fairness.Assess(attribute, groups, input.Labels!, input.Scores!, options);
                fairness.Add(report);
                checks.Add(new($"fairness:{attribute}", report.Passes ? CheckStatus.Passed : CheckStatus.Failed,
                    string.Join("; ", report.Checks.Select(c => c.ToString()))));
            }
            catch (ArgumentException e)
            {
                checks.Add(new($"fairness:{attribute}", CheckStatus.NotRun, e.Message));
            }
        }

        foreach (var (attribute, reason) in input.ProtectedUnavailable)
        {
            checks.Add(new($"fairness:{attribute}", CheckStatus.NotRun, reason));
        }

        if (input.Protected.Count == 0 && input.ProtectedUnavailable.Count == 0)
        {
            checks.Add(new("fairness", CheckStatus.NotRun, "no protected attributes declared"));
        }

        // The rows the regression plots show (at most 2,000, the same ones in each).
        int[] plotted = regression ? [.. Sample(rows, 2000)] : [];
        return new EvaluationReport
        {
            Title = input.Title,
            Task = input.Task,
            PrimaryMetric = primary,
            Rows = rows,
            Threshold = input.Threshold,
            Metrics = metrics,
            Baseline = input.Baseline,
            CrossValidation = input.CrossValidation,
            Segments = segments,
            Calibration = calibration,
            Fairness = fairness.ToImmutable(),
            Worst = worst,
            Roc = binary ? Curves.Thin(Curves.Roc(input.Labels!, input.Scores!)) : [],
            PrecisionRecall = binary ? Curves.Thin(Curves.PrecisionRecall(input.Labels!, input.Scores!)) : [],
            Residuals = regression ? [.. plotted.Select(i => new CurvePoint(input.Scores![i], input.Actual![i] - input.Scores[i]))] : [],
            PredictedVsActual = regression ? [.. plotted.Select(i => new CurvePoint(input.Actual![i], input.Scores![i]))] : [],
            ResidualsOverTime = regression ? ResidualsOverTime(input, rows) : [],
            PredictionIntervals = intervals,
            ScoreDistributions = input.Scores is null ? [] : [.. input.Protected.Select(p => new GroupScores(p.Key,
                [.. p.Value.Select((g, i) => (g, i)).GroupBy(x => x.g, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => (g.Key, g.Select(x => input.Scores[x.i]).ToImmutableArray()))]))],
            Checks = [.. checks],
        };
    }

    private static (int Rows, ScoredRows Scored) Prepare(EvaluationInput input)
    {
        switch (input.Task)
        {
            case MlTask.BinaryClassification when input.Labels is { } labels && input.Scores is { } scores:
                Same(labels.Count, scores.Count, "labels", "scores");
                return (labels.Count, ScoredRows.Binary(labels, scores, input.Threshold));
            case MlTask.MulticlassClassification when input.ActualClasses is { } actual && input.PredictedClasses is { } predicted:
                Same(actual.Count, predicted.Count, "true classes", "predicted classes");
                return (actual.Count, ScoredRows.Multiclass(actual, predicted));
            case MlTask.Regression when input.Actual is { } values && input.Scores is { } predictions:
                Same(values.Count, predictions.Count, "actual values", "predictions");
                return (values.Count, ScoredRows.Regression(values, predictions));
            default:
                throw new ArgumentException(input.Task switch
                {
                    MlTask.BinaryClassification => "Binary evaluation needs Labels and Scores (probabilities).",
                    MlTask.MulticlassClassification => "Multiclass evaluation needs ActualClasses and PredictedClasses.",
                    MlTask.Regression => "Regression evaluation needs Actual and Scores (predicted values).",
                    _ => $"{input.Task} is evaluated with its own functions (Ranking, Metrics.PrecisionAtK), not this report.",
                });
        }

        static void Same(int a, int b, string first, string second)
        {
            if (a != b)
            {
                throw new ArgumentException($"{a} {first} but {b} {second}.");
            }

            if (a == 0)
            {
                throw new ArgumentException("There are no rows to evaluate.");
            }
        }
    }

    // The folds' spread, and whether the holdout agrees with it: one split seed can carve a holdout easier (or harder)
    // than every fold, and a score outside the folds' range is then luck as much as skill.
    private static EvaluationCheck CrossValidationCheck(CrossValidationSummary? cv, Interval? holdout, bool higherIsBetter)
    {
        if (cv is null || cv.Folds.IsDefaultOrEmpty)
        {
            return new("cross_validation", CheckStatus.NotRun, "no cross-validation was run");
        }

        var summary = FormattableString.Invariant($"{cv.Folds.Length} folds: {cv.Metric} {cv.Mean:0.0000} ± {cv.StandardDeviation:0.0000}");
        var (low, high) = (cv.Folds.Min(), cv.Folds.Max());
        if (holdout is null || cv.Folds.Length < 2 || (holdout.Value >= low && holdout.Value <= high))
        {
            return new("cross_validation", CheckStatus.Passed, holdout is null ? summary : FormattableString.Invariant($"{summary}; the holdout's {holdout.Value:0.0000} lies within the folds' range [{low:0.0000}, {high:0.0000}]"));
        }

        var side = (holdout.Value > high) == higherIsBetter ? "better" : "worse";
        return new("cross_validation", CheckStatus.Warning, FormattableString.Invariant(
            $"{summary}; the holdout's {cv.Metric} {holdout.Value:0.0000} is {side} than every fold (range [{low:0.0000}, {high:0.0000}]): the split may be {(side == "better" ? "lucky" : "unlucky")}; expect production near the folds' mean, and check with another split seed"));
    }

    private static ImmutableArray<MetricEstimate> Headline(EvaluationInput input, ScoredRows scored)
    {
        var metrics = input.Task switch
        {
            MlTask.BinaryClassification => MetricScorer.Binary(input.PrimaryMetric),
            MlTask.MulticlassClassification => MetricScorer.Multiclass(input.PrimaryMetric),
            _ => MetricScorer.Regression(input.PrimaryMetric),
        };
        var intervals = Bootstrap.EstimateFromCounts(scored.Count, [.. metrics.Select(m => (Func<int[], double>)(c => scored.Score(m, c)))], input.Resamples, input.Seed);
        return [.. metrics.Select((m, i) => new MetricEstimate(MetricScorer.Name(m), intervals[i]))];
    }

    private static SegmentBreakdown Segment(string column, IReadOnlyList<string> values, EvaluationInput input, int rows)
    {
        if (values.Count != rows)
        {
            throw new ArgumentException($"Segment column {column} has {values.Count} values for {rows} rows.");
        }

        var groups = ImmutableArray.CreateBuilder<SegmentGroup>();
        foreach (var group in Enumerable.Range(0, rows).GroupBy(i => values[i], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var index = group.ToArray();
            try
            {
                var subset = input.Task switch
                {
                    MlTask.BinaryClassification => ScoredRows.Binary([.. index.Select(i => input.Labels![i])], [.. index.Select(i => input.Scores![i])], input.Threshold),
                    MlTask.MulticlassClassification => ScoredRows.Multiclass([.. index.Select(i => input.ActualClasses![i])], [.. index.Select(i => input.PredictedClasses![i])]),
                    _ => ScoredRows.Regression([.. index.Select(i => input.Actual![i])], [.. index.Select(i => input.Scores![i])]),
                };
                var residual = input.Task == MlTask.Regression ? index.Average(i => input.Actual![i] - input.Scores![i]) : (double?)null;
                if (index.Length < input.MinimumSegmentRows)
                {
                    // Too few rows for an interval to mean anything: the value is shown, marked, without one.
                    var value = subset.Score(input.PrimaryMetric, subset.AllOnce());
                    groups.Add(new SegmentGroup(group.Key, index.Length, new Interval(value, double.NaN, double.NaN, 0.95),
                        $"{index.Length} rows, below the minimum of {input.MinimumSegmentRows}: no confident interval") { MeanResidual = residual, Small = true });
                    continue;
                }

                var interval = Bootstrap.EstimateFromCounts(index.Length, c => subset.Score(input.PrimaryMetric, c), input.Resamples, input.Seed);
                groups.Add(new SegmentGroup(group.Key, index.Length, interval) { MeanResidual = residual });
            }
            catch (ArgumentException e)
            {
                groups.Add(new SegmentGroup(group.Key, index.Length, null, e.Message));
            }
        }

        return new SegmentBreakdown(column, MetricScorer.Name(input.PrimaryMetric), groups.ToImmutable());
    }

    private static ImmutableArray<WorstPrediction> Worst(EvaluationInput input, int rows)
    {
        string Number(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
        (double Loss, string Actual, string Predicted) Of(int i) => input.Task switch
        {
            // Log loss of the row, clipped as scikit-learn clips (1e-15).
            MlTask.BinaryClassification => (-Math.Log(Math.Clamp(input.Labels![i] ? input.Scores![i] : 1 - input.Scores![i], 1e-15, 1)),
                input.Labels[i] ? "1" : "0", Number(input.Scores[i])),
            MlTask.MulticlassClassification => (input.ActualClasses![i] == input.PredictedClasses![i] ? 0 : 1, input.ActualClasses[i], input.PredictedClasses[i]),
            _ => (Math.Abs(input.Actual![i] - input.Scores![i]), Number(input.Actual[i]), Number(input.Scores[i])),
        };

        return [.. Enumerable.Range(0, rows).Select(i => (Row: i, Of: Of(i)))
            .Where(r => r.Of.Loss > 0)
            .OrderByDescending(r => r.Of.Loss).ThenBy(r => r.Row)
            .Take(input.WorstCount)
            .Select(r => new WorstPrediction(r.Row, r.Of.Actual, r.Of.Predicted, r.Of.Loss,
                input.RowFeatures is { } features ? [.. features(r.Row)] : []))];
    }

    private static CalibrationSummary Calibrate(EvaluationInput input)
    {
        var labels = input.Labels!;
        var scores = input.Scores!;
        var curve = Calibration.Curve(labels, scores);
        var calibrators = ImmutableArray.CreateBuilder<CalibratorResult>();
        if (input.ValidationLabels is { } vl && input.ValidationScores is { } vs && vl.Count == vs.Count && vl.Distinct().Count() == 2)
        {
            var platt = Calibration.FitPlatt(vl, vs).Apply(scores);
            calibrators.Add(new CalibratorResult("platt", vl.Count, Metrics.Brier(labels, platt), Calibration.Curve(labels, platt)));
            var isotonic = Calibration.FitIsotonic(vl, vs).Apply(scores);
            calibrators.Add(new CalibratorResult("isotonic", vl.Count, Metrics.Brier(labels, isotonic), Calibration.Curve(labels, isotonic)));
        }

        return new CalibrationSummary(curve, Metrics.Brier(labels, scores), calibrators.ToImmutable());
    }

    // An even sample of row indexes (all of them when there are few), so a plot of many rows stays small.
    private static IEnumerable<int> Sample(int rows, int maximum) =>
        rows <= maximum ? Enumerable.Range(0, rows) : Enumerable.Range(0, maximum).Select(i => (int)((long)i * rows / maximum));
}
