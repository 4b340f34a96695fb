using System;
using System.Collections.Immutable;
using MlAsCode.Evaluation;
using MlAsCode.Experiments.Tuning;

namespace MlAsCode.Experiments;

/// <summary>An experiment as declared with <c>[Experiment]</c>, <c>[SearchSpace]</c>, <c>[Hyperparameter]</c> and <c>[Tuning]</c>.</summary>
public sealed record ExperimentSettings
{
    /// <summary>EXP-YYYY-MM-DD-NNN.</summary>
    public required string Id { get; init; }

    /// <summary>What the experiment tests.</summary>
    public string Hypothesis { get; init; } = "";

    /// <summary>How the holdout is carved.</summary>
    public SplitStrategy Split { get; init; } = SplitStrategy.Random;

    /// <summary>Share of rows in the holdout.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Cross-validation for tuning.</summary>
    public CrossValidationStrategy CrossValidation { get; init; } = CrossValidationStrategy.KFold;

    /// <summary>Folds for tuning.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed of every random choice.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Margin the model must beat the baseline by, on the primary metric, to be promoted.</summary>
    public double Margin { get; init; }

    /// <summary>Data quality gate (out of 30), applied when the run is given the source file.</summary>
    public int QualityGate { get; init; } = 18;

    /// <summary>How hyperparameters are searched.</summary>
    public TuningStrategy Tuning { get; init; } = TuningStrategy.Manual;

    /// <summary>Maximum trials.</summary>
    public int Trials { get; init; } = 20;

    /// <summary>Grid points per numeric parameter.</summary>
    public int GridPoints { get; init; } = 5;

    /// <summary>The search space.</summary>
    public ImmutableArray<SearchParameter> SearchSpace { get; init; } = [];

    /// <summary>Fixed hyperparameters (held constant; all of them for manual tuning).</summary>
    public ImmutableSortedDictionary<string, object> Fixed { get; init; } = ImmutableSortedDictionary<string, object>.Empty;

    /// <summary>Bootstrap resamples for confidence intervals.</summary>
    public int Resamples { get; init; } = 1000;

    /// <summary>Columns (row properties) the holdout performance is broken down by, besides the protected attributes.</summary>
    public ImmutableArray<string> Segments { get; init; } = [];

    /// <summary>Limits of the fairness checks run for every protected attribute (the disparate impact limit defaults
    /// to 0.8, the US employment four-fifths rule; the decision threshold is 0.5 as for F1; resamples and seed are the run's).</summary>
    public FairnessOptions Fairness { get; init; } = new();

    /// <summary>Expected calibration error above which the calibration check fails (binary classification).</summary>
    public double CalibrationLimit { get; init; } = 0.05;

    /// <summary>Whether calibration is checked (binary classification); off, the check is reported as not run.</summary>
    public bool CheckCalibration { get; init; } = true;
}

/// <summary>How the model compares with the baseline on the holdout.</summary>
/// <param name="Baseline">What the baseline is.</param>
/// <param name="BaselineScore">The baseline's primary metric on the same holdout (with an interval when it was
/// computed from predictions; a measured baseline has none).</param>
/// <param name="Improvement">Model minus baseline, signed so that positive is better, with its paired interval.</param>
public sealed record BaselineComparison(string Baseline, Interval BaselineScore, Interval Improvement);

/// <summary>Every field of the seed's experiment template for one run.</summary>
public sealed record ExperimentReport(
    string Id,
    string Hypothesis,
    string DatasetSha256,
    string HoldoutFingerprint,
    ImmutableArray<string> FeaturesUsed,
    ModelFamily ModelType,
    ImmutableSortedDictionary<string, string> Hyperparameters,
    TimeSpan TrainingTime,
    Metric PrimaryMetric,
    ImmutableArray<(Metric Metric, Interval Score)> Metrics,
    double CrossValidationScore,
    BaselineComparison Baseline,
    string Verdict,
    string Notes,
    ImmutableArray<string> Artifacts,
    int TrainRows,
    int HoldoutRows,
    int TuningTrials,
    string? RunId)
{
    /// <summary>The primary metric on the holdout.</summary>
    public Interval Primary => Metrics[0].Score;

    /// <summary>The full evaluation of the holdout: calibration, fairness for every protected attribute, segments,
    /// cross-validation, the worst predictions and the checklist.</summary>
    public Evaluation.Reporting.EvaluationReport? Evaluation { get; init; }

    /// <summary>One line per experiment for a comparison table.</summary>
    public string ToRow() => FormattableString.Invariant(
        $"{Id,-20} {ModelType,-9} {PrimaryMetric} {Primary}  baseline {Baseline.BaselineScore.Value:0.0000}  lift {Baseline.Improvement}  {Verdict}");
}
