using System.Collections.Immutable;
using MlAsCode.Framing;

namespace MlAsCode.Rubric;

/// <summary>
/// What a project shows about its ML system: its declarations (read from source), what its tracking store recorded
/// for the declared experiments, what its registry recorded, and the documents beside it. <c>mlac score</c> gathers it.
/// </summary>
public sealed record SystemEvidence
{
    /// <summary>The problem brief, when a <c>[MlProblem]</c> is declared.</summary>
    public ProblemBrief? Brief { get; init; }

    /// <summary>Declared <c>[FeatureSet]</c>s.</summary>
    public int FeatureSets { get; init; }

    /// <summary>Whether a feature set names its source data.</summary>
    public bool FeatureSetHasSource { get; init; }

    /// <summary>Whether any feature carries validation (<c>[ValidRange]</c>, <c>[ValidValues]</c>).</summary>
    public bool FeatureValidation { get; init; }

    /// <summary>Whether an entity key and event time are declared (point-in-time correctness).</summary>
    public bool EntityAndEventTime { get; init; }

    /// <summary>Declared <c>[Experiment]</c>s.</summary>
    public int Experiments { get; init; }

    /// <summary>Whether every experiment declares its seed.</summary>
    public bool ExperimentsSeeded { get; init; }

    /// <summary>Whether any experiment declares tuning (<c>[Tuning]</c> or <c>[SearchSpace]</c>).</summary>
    public bool ExperimentsTuned { get; init; }

    /// <summary>Finished runs of the declared experiments in the tracking store (null: no store given).</summary>
    public int? TrackedRuns { get; init; }

    /// <summary>Whether every tracked run recorded its dataset and feature pipeline hashes.</summary>
    public bool RunsReproducible { get; init; }

    /// <summary>The best improvement over the baseline among tracked runs, relative to the baseline's score (0.12 =
    /// 12% better).</summary>
    public double? BestImprovement { get; init; }

    /// <summary>Whether a tracked run was promoted (beat the baseline by the kill criteria's margin).</summary>
    public bool RunPromoted { get; init; }

    /// <summary>Whether the best run recorded a calibration error (calibration checked).</summary>
    public bool CalibrationChecked { get; init; }

    /// <summary>Whether the best run recorded fairness checks.</summary>
    public bool FairnessChecked { get; init; }

    /// <summary>Whether a <c>[Serve]</c> is declared.</summary>
    public bool Served { get; init; }

    /// <summary>Whether an <c>[AbTest]</c> is declared.</summary>
    public bool AbTest { get; init; }

    /// <summary>Whether micro-batching is declared (<c>MaxBatchSize</c> &gt; 1).</summary>
    public bool MicroBatching { get; init; }

    /// <summary>Whether a <c>[Monitor]</c> is declared.</summary>
    public bool Monitored { get; init; }

    /// <summary>Whether the project has a CI pipeline (<c>.github/workflows</c>, <c>.ci</c>, <c>.gitlab-ci.yml</c>, <c>azure-pipelines.yml</c>).</summary>
    public bool ContinuousIntegration { get; init; }

    /// <summary>Whether the registry holds a production version (null: no registry given).</summary>
    public bool? RegistryProduction { get; init; }

    /// <summary>Whether the registry's history shows a canary rollout or an automatic rollback.</summary>
    public bool CanaryHistory { get; init; }

    /// <summary>Whether the registry's history shows a retraining pipeline's candidate.</summary>
    public bool RetrainingHistory { get; init; }

    /// <summary>Whether a model card exists.</summary>
    public bool ModelCard { get; init; }

    /// <summary>Whether the model card records the training cost.</summary>
    public bool TrainingCostRecorded { get; init; }

    /// <summary>Whether a runbook exists.</summary>
    public bool Runbook { get; init; }

    /// <summary>Whether a decision log exists.</summary>
    public bool DecisionLog { get; init; }

    /// <summary>Experiments whose latest run failed (status <c>failed</c>), with the reason recorded.</summary>
    public ImmutableArray<string> FailedRuns { get; init; } = [];

    /// <summary>Checks the scored run recorded as failed (<c>fairness:female</c>, <c>calibration</c>).</summary>
    public ImmutableArray<string> FailedChecks { get; init; } = [];

    /// <summary>How many finished runs were evaluated on the scored run's holdout (more than one: the best of them is
    /// an optimistic estimate).</summary>
    public int HoldoutUses { get; init; }

    /// <summary>The CI file that builds this project, named (null: none found in the project's repository that refers
    /// to it).</summary>
    public string? ContinuousIntegrationFile { get; init; }

    /// <summary>Deployment files written in the project (a Dockerfile, Kubernetes manifests), named; null when none.</summary>
    public string? DeploymentFiles { get; init; }

    /// <summary>Where a monitoring alert webhook is configured, named; null when none.</summary>
    public string? AlertWebhook { get; init; }

    /// <summary>A declared cost budget, named (a <c>CostPer1000Above</c> kill criterion or an experiment's
    /// <c>ComputePricePerHour</c>); null when none.</summary>
    public string? CostBudget { get; init; }

    /// <summary>Where a prediction log is configured (what <c>mlac cost</c> prices each prediction from); null when none.</summary>
    public string? PredictionLog { get; init; }
}
