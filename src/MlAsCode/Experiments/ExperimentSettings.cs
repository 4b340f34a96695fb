using System;
using System.Collections.Generic;
using System.Linq;
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

    /// <summary>The checks to record with the model in the registry (<c>ModelRegistration.Checks</c>): the fairness checks
    /// and the kill criteria as one check each, and an <c>override:{kind}</c> check for each declared override that
    /// accepted a failure. A failed one blocks registry promotion unless its override is there.</summary>
    public IReadOnlyList<(string Kind, bool Passed, string Detail)> RegistryChecks()
    {
        var checks = new List<(string, bool, string)>();
        var fairness = (Evaluation?.Checks ?? []).Where(c => c.Name.StartsWith("fairness:", StringComparison.Ordinal) && c.Status != global::MlAsCode.Evaluation.Reporting.CheckStatus.NotRun).ToList();
        if (fairness.Count > 0)
        {
            var failed = fairness.Where(c => c.Status == global::MlAsCode.Evaluation.Reporting.CheckStatus.Failed).ToList();
            checks.Add((Registry.ModelChecks.Fairness, failed.Count == 0,
                failed.Count == 0 ? $"passed for {string.Join(", ", fairness.Select(c => c.Name["fairness:".Length..]))}" : string.Join("; ", failed.Select(c => $"{c.Name}: {c.Detail}"))));
        }

        var checkedKills = KillCriteria.Where(k => k.Fired is not null).ToList();
        if (checkedKills.Count > 0)
        {
            var fired = checkedKills.Where(k => k.Fired == true).ToList();
            checks.Add((Registry.ModelChecks.KillCriteria, fired.Count == 0,
                fired.Count == 0 ? $"{checkedKills.Count} checked, none fired" : string.Join("; ", fired.Select(k => $"'{k.Criterion.Text}' fired: {k.Evidence}"))));
        }

        foreach (var group in Overridden.GroupBy(o => o.Check.StartsWith("fairness", StringComparison.Ordinal) ? Registry.ModelChecks.Fairness : Registry.ModelChecks.KillCriteria))
        {
            checks.Add((Registry.ModelChecks.Override(group.Key), true, string.Join("; ", group.Select(o => $"{o.Check}: {o.Reason}"))));
        }

        return checks;
    }

    /// <summary>The registration of this run's model: its <c>model.onnx</c> and <c>feature_pipeline.json</c>, the lineage
    /// (run id, dataset version, the pipeline's SHA-256, the code version), the primary metric by its name and direction,
    /// the named guardrail metrics, and <see cref="RegistryChecks"/>.</summary>
    /// <param name="model">The registry's model name (usually the problem's).</param>
    /// <param name="registeredBy">Who registers it (default: the user running the process).</param>
    /// <param name="guardrails">Secondary metrics of this run that must not regress against production.</param>
    /// <exception cref="InvalidOperationException">The run wrote no model (it had no <c>OutputDirectory</c>), or a guardrail
    /// is not among its metrics.</exception>
    public Registry.ModelRegistration ToRegistration(string model, string? registeredBy = null, params Metric[] guardrails)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        string Artifact(string name) => Artifacts.FirstOrDefault(a => string.Equals(System.IO.Path.GetFileName(a), name, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Experiment {Id} wrote no {name}; run it with an OutputDirectory to register its model.");
        var (onnx, pipeline) = (Artifact("model.onnx"), Artifact("feature_pipeline.json"));
        var code = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Version?.ToString() ?? "unknown";
        return new Registry.ModelRegistration
        {
            Model = model,
            OnnxPath = onnx,
            PipelinePath = pipeline,
            Lineage = new Registry.ModelLineage(RunId ?? Id, DatasetSha256, Registry.ArtifactStore.Hash(System.IO.File.ReadAllBytes(pipeline)), code),
            PrimaryMetric = new Registry.ModelMetric(global::MlAsCode.Evaluation.MetricScorer.Name(PrimaryMetric), Primary.Value, global::MlAsCode.Evaluation.MetricScorer.HigherIsBetter(PrimaryMetric)),
            Guardrails = [.. guardrails.Select(g => Metrics.FirstOrDefault(m => m.Metric == g) is { Score: { } score }
                ? new Registry.ModelMetric(global::MlAsCode.Evaluation.MetricScorer.Name(g), score.Value, global::MlAsCode.Evaluation.MetricScorer.HigherIsBetter(g))
                : throw new InvalidOperationException($"Experiment {Id} has no {g} among its metrics ({string.Join(", ", Metrics.Select(m => m.Metric))}); it cannot be a guardrail."))],
            RegisteredBy = registeredBy ?? Environment.UserName,
            Checks = RegistryChecks(),
        };
    }

    /// <summary>One line per experiment for a comparison table.</summary>
    public string ToRow() => FormattableString.Invariant(
        $"{Id,-20} {ModelType,-9} {PrimaryMetric} {Primary}  baseline {Baseline.BaselineScore.Value:0.0000}  lift {Baseline.Improvement}  {Verdict}");
}

/// <summary>A failed check a declared override accepted.</summary>
/// <param name="Check">The check (<c>fairness:female</c>, <c>kill_criterion:latency_above</c>).</param>
/// <param name="Reason">The override's reason.</param>
public sealed record AppliedOverride(string Check, string Reason);
