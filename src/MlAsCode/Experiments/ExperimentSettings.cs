using System;
using System.Collections.Generic;
using System.Linq;
using System.Collections.Immutable;
using MlAsCode.Evaluation;
using MlAsCode.Experiments.Tuning;

namespace MlAsCode.Experiments;

/// <summary>An experiment as declared with <c>[Experiment]</c>, <c>[SearchSpace]</c>, <c>[Hyperparameter]</c> and <c>[Tuning]</c>.</summary>
public sealed partial record ExperimentSettings
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
    /// to 0.8, the US employment four-fifths rule; the decision threshold, resamples and seed are the run's).</summary>
    public FairnessOptions Fairness { get; init; } = new();

    /// <summary>Expected calibration error above which the calibration check fails (binary classification).</summary>
    public double CalibrationLimit { get; init; } = 0.05;

    /// <summary>Whether calibration is checked (binary classification); off, the check is reported as not run.</summary>
    public bool CheckCalibration { get; init; } = true;

    /// <summary>The decision threshold (binary classification): a probability at or above it is the positive label.
    /// Evaluation (F1, precision, recall), the fairness checks and the served model's <c>label</c> all use it; it is
    /// written into the ONNX model's metadata (<see cref="OnnxMetadata.DecisionThreshold"/>).</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>The price of one compute hour, for the cost per 1,000 predictions (NaN: unknown, and a
    /// <c>CostPer1000Above</c> kill criterion cannot be checked).</summary>
    public double ComputePricePerHour { get; init; } = double.NaN;

    /// <summary>From this many evaluations of one holdout (this run included, counted in the tracking store), the
    /// run's evaluation warns that the holdout is being reused: each look at it makes its score a little more
    /// optimistic. 0 never warns.</summary>
    public int HoldoutReuseWarning { get; init; } = 5;

    /// <summary>Checks the team accepts failing, each with the recorded reason (<c>[VerdictOverride]</c>): a failed
    /// fairness check or a fired kill criterion blocks the <c>promoted</c> verdict unless it is overridden here.</summary>
    public ImmutableArray<VerdictOverride> Overrides { get; init; } = [];
}

/// <summary>A check the team accepts failing, and why (recorded in the report, the model card and the registry).</summary>
/// <param name="Check"><c>fairness</c> (every fairness check), <c>fairness:{attribute}</c>, <c>kill_criteria</c>
/// (every kill criterion) or <c>kill_criterion:{when}</c> (e.g. <c>kill_criterion:baseline_share_above</c>).</param>
/// <param name="Reason">Why the team accepts it.</param>
public sealed record VerdictOverride(string Check, string Reason)
{
    /// <summary>Whether this override covers the blocking check <paramref name="name"/>.</summary>
    public bool Covers(string name) => name == Check || name.StartsWith(Check + ":", StringComparison.Ordinal)
        || (Check == "kill_criteria" && name.StartsWith("kill_criterion:", StringComparison.Ordinal));
}

/// <summary>Every field of the methodology's experiment template for one run.</summary>
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

    /// <summary>The decision threshold the run was evaluated at (binary classification).</summary>
    public double? Threshold { get; init; }

    /// <summary>Each kill criterion of the brief, checked on the holdout (fired, not fired, or not checked and why).</summary>
    public ImmutableArray<KillCriterionResult> KillCriteria { get; init; } = [];

    /// <summary>Checks that failed and kept the run from <c>promoted</c> (<c>fairness:{attribute}</c>, <c>kill_criterion:{when}</c>).</summary>
    public ImmutableArray<string> Blockers { get; init; } = [];

    /// <summary>How many finished runs were evaluated on this run's holdout, this one included (known with a
    /// tracking store; 1 without one).</summary>
    public int HoldoutUses { get; init; } = 1;

    /// <summary>Failed checks accepted by a declared <c>[VerdictOverride]</c>, with its reason.</summary>
    public ImmutableArray<AppliedOverride> Overridden { get; init; } = [];

    /// <summary>The training and holdout periods (<c>training 2006-01-01 to 2009-06-30; holdout …</c>) when the feature
    /// set declares an <c>[EventTime]</c>; null otherwise.</summary>
    public string? DateRange { get; init; }

    /// <summary>One line per experiment for a comparison table.</summary>
    public string ToRow() => FormattableString.Invariant(
        $"{Id,-20} {ModelType,-9} {PrimaryMetric} {Primary}  baseline {Baseline.BaselineScore.Value:0.0000}  lift {Baseline.Improvement}  {Verdict}");
}

/// <summary>A failed check a declared override accepted.</summary>
/// <param name="Check">The check (<c>fairness:female</c>, <c>kill_criterion:latency_above</c>).</param>
/// <param name="Reason">The override's reason.</param>
public sealed record AppliedOverride(string Check, string Reason);
