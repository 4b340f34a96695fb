using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace MlAsCode.Evaluation.Reporting;

/// <summary>A metric (snake_case name, as in the scikit-learn fixture) with its bootstrap interval.</summary>
public sealed record MetricEstimate(string Name, Interval Score);

/// <summary>The primary metric on each cross-validation fold of the chosen hyperparameters.</summary>
public sealed record CrossValidationSummary(string Metric, ImmutableArray<double> Folds)
{
    /// <summary>Mean over folds.</summary>
    public double Mean => Folds.Average();

    /// <summary>Sample standard deviation over folds (0 with one fold).</summary>
    public double StandardDeviation => Folds.Length < 2 ? 0 : Math.Sqrt(Folds.Sum(f => (f - Mean) * (f - Mean)) / (Folds.Length - 1));
}

/// <summary>The primary metric for the rows of one value of a segment column.</summary>
/// <param name="Value">The segment value.</param>
/// <param name="Rows">Rows with that value.</param>
/// <param name="Score">The primary metric with its interval; <c>null</c> when it cannot be computed on these rows
/// (one class only, too few rows).</param>
/// <param name="Reason">Why there is no score.</param>
public sealed record SegmentGroup(string Value, int Rows, Interval? Score, string? Reason = null)
{
    /// <summary>Regression: the mean of actual − predicted in the group (positive: the model predicts too low there).</summary>
    public double? MeanResidual { get; init; }

    /// <summary>Fewer rows than the minimum: the score is shown without an interval.</summary>
    public bool Small { get; init; }
}

/// <summary>Regression residuals over one period of the evaluated rows' event times (equal row counts, in time order).</summary>
public sealed record PeriodResiduals(DateTime From, DateTime To, int Rows, double MeanResidual, double MeanAbsoluteError);

/// <summary>The regression counterpart of calibration: conformal prediction intervals and their coverage on the
/// evaluated rows.</summary>
/// <param name="Interval">The intervals, fitted on validation rows.</param>
/// <param name="Coverage">The share of evaluated rows inside their interval, with its bootstrap interval.</param>
/// <param name="MedianWidth">The median width of the intervals on the evaluated rows, in the target's units.</param>
public sealed record PredictionIntervalSummary(ConformalInterval Interval, Interval Coverage, double MedianWidth);

/// <summary>Performance broken down by a declared segment column.</summary>
public sealed record SegmentBreakdown(string Column, string Metric, ImmutableArray<SegmentGroup> Groups);

/// <summary>A calibrator fitted on validation predictions (never the holdout) and applied to the holdout's.</summary>
/// <param name="Method"><c>platt</c> or <c>isotonic</c>.</param>
/// <param name="ValidationRows">Rows it was fitted on.</param>
/// <param name="Brier">Brier score of the calibrated holdout probabilities.</param>
/// <param name="Curve">Reliability curve of the calibrated holdout probabilities.</param>
public sealed record CalibratorResult(string Method, int ValidationRows, double Brier, CalibrationCurve Curve);

/// <summary>Calibration of binary probabilities on the holdout, before and after the calibrators.</summary>
public sealed record CalibrationSummary(CalibrationCurve Curve, double Brier, ImmutableArray<CalibratorResult> Calibrators)
{
    /// <summary>The method with the lowest expected calibration error on the holdout: <c>none</c>, <c>platt</c> or <c>isotonic</c>.</summary>
    public string Best => Calibrators.Where(c => c.Curve.ExpectedCalibrationError < Curve.ExpectedCalibrationError)
        .OrderBy(c => c.Curve.ExpectedCalibrationError).Select(c => c.Method).FirstOrDefault() ?? "none";
}

/// <summary>One of the worst holdout predictions, with the row's declared feature values as read from the source.</summary>
/// <param name="Row">Position in the holdout (0-based).</param>
/// <param name="Actual">The true label or value.</param>
/// <param name="Predicted">The probability, class or value predicted.</param>
/// <param name="Loss">How wrong: log loss (binary), 1 (a wrong class), absolute error (regression).</param>
/// <param name="Features">Feature values by name.</param>
public sealed record WorstPrediction(int Row, string Actual, string Predicted, double Loss, ImmutableArray<KeyValuePair<string, string>> Features);

/// <summary>How a check of the methodology's evaluation rigor and bias detection checklists came out.</summary>
public enum CheckStatus
{
    /// <summary>Done, and the result is acceptable.</summary>
    Passed,

    /// <summary>Done, and the result is not acceptable (or not shown to be acceptable).</summary>
    Failed,

    /// <summary>Not done: the reason says what is missing.</summary>
    NotRun,

    /// <summary>Done and not disqualifying, but a reader should look: e.g. a holdout score outside the range of every
    /// cross-validation fold (a lucky or unlucky split).</summary>
    Warning,
}

/// <summary>A checklist item with its outcome and the evidence.</summary>
public sealed record EvaluationCheck(string Name, CheckStatus Status, string Detail);

/// <summary>Score distribution by group of a protected attribute (for the report's plots).</summary>
public sealed record GroupScores(string Attribute, ImmutableArray<(string Group, ImmutableArray<double> Scores)> Groups);

/// <summary>
/// Everything one evaluation found: metrics with intervals, baseline comparison, cross-validation, segments,
/// calibration, fairness for every protected attribute, the worst predictions, the curves, and the checklist.
/// Written as HTML (<c>HtmlReport</c> in MlAsCode.Operations), JSON (<see cref="EvaluationJson"/>) and a console summary
/// (<see cref="ToSummary"/>).
/// </summary>
public sealed record EvaluationReport
{
    /// <summary>What was evaluated (e.g. the experiment id and model).</summary>
    public required string Title { get; init; }

    /// <summary>The task.</summary>
    public required MlTask Task { get; init; }

    /// <summary>The primary metric's name.</summary>
    public required string PrimaryMetric { get; init; }

    /// <summary>Evaluation rows.</summary>
    public required int Rows { get; init; }

    /// <summary>The decision threshold for the binary counts (F1, fairness rates).</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Every metric of the task, the primary first.</summary>
    public ImmutableArray<MetricEstimate> Metrics { get; init; } = [];

    /// <summary>The baseline on the same rows, when one was scored.</summary>
    public BaselineComparison? Baseline { get; init; }

    /// <summary>Cross-validation on the training part, when tuning ran.</summary>
    public CrossValidationSummary? CrossValidation { get; init; }

    /// <summary>One breakdown per declared segment column.</summary>
    public ImmutableArray<SegmentBreakdown> Segments { get; init; } = [];

    /// <summary>Binary classification: the reliability curve and calibrators.</summary>
    public CalibrationSummary? Calibration { get; init; }

    /// <summary>One report per protected attribute with values.</summary>
    public ImmutableArray<FairnessReport> Fairness { get; init; } = [];

    /// <summary>The worst predictions, worst first.</summary>
    public ImmutableArray<WorstPrediction> Worst { get; init; } = [];

    /// <summary>Binary: the ROC curve (false-positive rate, true-positive rate).</summary>
    public ImmutableArray<CurvePoint> Roc { get; init; } = [];

    /// <summary>Binary: the precision–recall curve (recall, precision).</summary>
    public ImmutableArray<CurvePoint> PrecisionRecall { get; init; } = [];

    /// <summary>Regression: (predicted, actual − predicted) for each row.</summary>
    public ImmutableArray<CurvePoint> Residuals { get; init; } = [];

    /// <summary>Regression: (actual, predicted) for up to 2,000 rows.</summary>
    public ImmutableArray<CurvePoint> PredictedVsActual { get; init; } = [];

    /// <summary>Regression with event times: residuals per period, oldest first.</summary>
    public ImmutableArray<PeriodResiduals> ResidualsOverTime { get; init; } = [];

    /// <summary>Regression: the conformal intervals and their measured coverage, when validation rows were given.</summary>
    public PredictionIntervalSummary? PredictionIntervals { get; init; }

    /// <summary>Score (or predicted value) distributions by protected group.</summary>
    public ImmutableArray<GroupScores> ScoreDistributions { get; init; } = [];

    /// <summary>The methodology's evaluation rigor and bias detection checklist, as run.</summary>
    public ImmutableArray<EvaluationCheck> Checks { get; init; } = [];

    /// <summary>The primary metric.</summary>
    public MetricEstimate Primary => Metrics[0];

    /// <summary>A few lines for the console: the headline metric, the baseline, calibration, fairness and any check
    /// that failed or did not run.</summary>
    public string ToSummary()
    {
        var lines = new List<string>
        {
            FormattableString.Invariant($"{Title}: {Rows} rows, {Primary.Name} {Primary.Score}"),
        };
        if (Baseline is { } b)
        {
            lines.Add(FormattableString.Invariant($"  baseline {b.BaselineScore.Value:0.0000}, improvement {b.Improvement}"));
        }

        if (Calibration is { } c)
        {
            lines.Add(FormattableString.Invariant($"  calibration: ECE {c.Curve.ExpectedCalibrationError:0.0000}, Brier {c.Brier:0.0000}; best calibrator on the holdout: {c.Best}"));
        }

        foreach (var f in Fairness)
        {
            lines.Add($"  fairness {f.Attribute}: {string.Join("; ", f.Checks.Select(k => $"{k.Name} {k.Value.Value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)} {k.Outcome.ToString().ToLowerInvariant()}"))}");
        }

        // Fairness outcomes are on the lines above; the remaining checks that failed or did not run follow.
        foreach (var check in Checks.Where(k => k.Status != CheckStatus.Passed && !Fairness.Any(f => k.Name == $"fairness:{f.Attribute}")))
        {
            lines.Add($"  {check.Status switch { CheckStatus.Failed => "FAILED", CheckStatus.Warning => "WARNING", _ => "not run" }}: {check.Name} - {check.Detail}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
