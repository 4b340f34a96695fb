using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace MlAsCode.Registry;

/// <summary>Where a model version is in the methodology's registry workflow.</summary>
public enum ModelStage
{
    /// <summary>Registered from an experiment run; not served.</summary>
    Development,

    /// <summary>Beat production offline; being load-tested, integration-tested and approved.</summary>
    Staging,

    /// <summary>Serving (at most one version per model).</summary>
    Production,

    /// <summary>Retired (a replaced production version, or a candidate that was dropped).</summary>
    Archived,
}

/// <summary>Where a model version came from: enough to reproduce it.</summary>
/// <param name="ExperimentRunId">The tracking store's run id.</param>
/// <param name="DatasetSha256">SHA-256 of the training data.</param>
/// <param name="FeaturePipelineSha256">Content hash of the fitted feature pipeline.</param>
/// <param name="CodeVersion">The code it was trained with (a git commit, a build number).</param>
public sealed record ModelLineage(string ExperimentRunId, string DatasetSha256, string FeaturePipelineSha256, string CodeVersion);

/// <summary>An offline metric of a model version.</summary>
/// <param name="Name">The metric's name (e.g. <c>pr_auc</c>).</param>
/// <param name="Value">Its value on the holdout.</param>
/// <param name="HigherIsBetter">Whether a larger value is better (false for losses and error rates).</param>
public sealed record ModelMetric(string Name, double Value, bool HigherIsBetter = true)
{
    /// <summary>Whether this value is strictly better than <paramref name="other"/>'s.</summary>
    public bool Beats(double other) => HigherIsBetter ? Value > other : Value < other;

    /// <summary>How much worse this value is than <paramref name="reference"/>, as a fraction of it (0 when not worse).</summary>
    public double RelativeDropFrom(double reference)
    {
        var worse = HigherIsBetter ? reference - Value : Value - reference;
        return worse <= 0 ? 0 : worse / Math.Max(Math.Abs(reference), 1e-12);
    }
}

/// <summary>What to register: the ONNX file, optionally its fitted feature pipeline, lineage and offline metrics.</summary>
public sealed record ModelRegistration
{
    /// <summary>The model's name (usually the problem's, e.g. <c>churn</c>).</summary>
    public required string Model { get; init; }

    /// <summary>The ONNX file to store.</summary>
    public required string OnnxPath { get; init; }

    /// <summary>The fitted feature pipeline (JSON) served with it, when there is one.</summary>
    public string? PipelinePath { get; init; }

    /// <summary>Where it came from.</summary>
    public required ModelLineage Lineage { get; init; }

    /// <summary>The primary offline metric, compared with production's on promotion to staging.</summary>
    public required ModelMetric PrimaryMetric { get; init; }

    /// <summary>Guardrail metrics (must not regress against production).</summary>
    public IReadOnlyList<ModelMetric> Guardrails { get; init; } = [];

    /// <summary>A semantic version (MAJOR.MINOR.PATCH); the next minor version after the latest when null.</summary>
    public string? Version { get; init; }

    /// <summary>Who registered it.</summary>
    public string RegisteredBy { get; init; } = Environment.UserName;

    /// <summary>Checks recorded with the version at registration (the experiment's fairness and kill criteria, and
    /// their overrides: <c>report.RegistryChecks()</c>), as (kind, passed, detail).</summary>
    public IReadOnlyList<(string Kind, bool Passed, string Detail)> Checks { get; init; } = [];
}

/// <summary>A registered model version.</summary>
public sealed record ModelVersion(
    string Model,
    string Version,
    ModelStage Stage,
    string OnnxSha256,
    long OnnxBytes,
    string? PipelineSha256,
    ModelLineage Lineage,
    ModelMetric PrimaryMetric,
    ImmutableArray<ModelMetric> Guardrails,
    DateTimeOffset RegisteredUtc,
    string RegisteredBy)
{
    /// <summary>"churn 1.2.0".</summary>
    public override string ToString() => $"{Model} {Version} ({Stage.ToString().ToLowerInvariant()})";
}

/// <summary>A check recorded against a version before it may reach production.</summary>
/// <param name="Kind"><see cref="ModelChecks.LoadTest"/>, <see cref="ModelChecks.IntegrationTest"/>,
/// <see cref="ModelChecks.Approval"/> or a kind of the team's own.</param>
/// <param name="Passed">Whether it passed (an approval always passes; a rejection is recorded as failed).</param>
/// <param name="Detail">The result (e.g. "p99 38 ms at 500 rps") or, for an approval, why.</param>
/// <param name="RecordedBy">Who ran or approved it.</param>
/// <param name="RecordedUtc">When.</param>
public sealed record ModelCheck(string Kind, bool Passed, string Detail, string RecordedBy, DateTimeOffset RecordedUtc);

/// <summary>The check kinds the methodology names for staging → production.</summary>
public static class ModelChecks
{
    /// <summary>A load test result.</summary>
    public const string LoadTest = "load_test";

    /// <summary>An integration test in staging.</summary>
    public const string IntegrationTest = "integration_test";

    /// <summary>A human approval (who, when, why).</summary>
    public const string Approval = "approval";

    /// <summary>The experiment's fairness checks (recorded at registration); a failed one blocks promotion unless
    /// overridden.</summary>
    public const string Fairness = "fairness";

    /// <summary>The brief's kill criteria on the experiment's holdout (recorded at registration); a fired one blocks
    /// promotion unless overridden.</summary>
    public const string KillCriteria = "kill_criteria";

    /// <summary>Checks whose failure blocks every promotion unless an <c>override:{kind}</c> check records why it is accepted.</summary>
    public static readonly System.Collections.Generic.IReadOnlyList<string> Blocking = [Fairness, KillCriteria];

    /// <summary>The kind of the override of a blocking check: <c>override:fairness</c>.</summary>
    public static string Override(string kind) => "override:" + kind;
}

/// <summary>One line of the registry's append-only history.</summary>
/// <param name="Sequence">Position in the history (increasing).</param>
/// <param name="OccurredUtc">When.</param>
/// <param name="Model">The model.</param>
/// <param name="Version">The version it concerns.</param>
/// <param name="Action"><c>registered</c>, <c>promoted</c>, <c>archived</c>, <c>rolled_back</c>, <c>promotion_refused</c>,
/// <c>check</c>, or a step of a pipeline (<c>retraining_started</c>, <c>canary_step</c>, <c>canary_rolled_back</c>, …).</param>
/// <param name="FromStage">The stage before, for stage changes.</param>
/// <param name="ToStage">The stage after, for stage changes.</param>
/// <param name="Actor">Who (a person, or a pipeline's name).</param>
/// <param name="Reason">Why.</param>
public sealed record RegistryEvent(long Sequence, DateTimeOffset OccurredUtc, string Model, string Version, string Action, ModelStage? FromStage, ModelStage? ToStage, string Actor, string Reason);

/// <summary>What promotion requires, beyond the methodology's fixed rule that staging must beat production offline.</summary>
public sealed record PromotionPolicy
{
    /// <summary>Checks whose latest record must have passed before staging → production (the methodology's: load test,
    /// integration test, human approval).</summary>
    public ImmutableArray<string> RequiredChecks { get; init; } = [ModelChecks.LoadTest, ModelChecks.IntegrationTest, ModelChecks.Approval];

    /// <summary>When true, a human approval is needed only for a new major version (the methodology's CI/CD "approval_gate
    /// (manual for major versions)"); automated retraining then ships minor versions without one.</summary>
    public bool ApprovalForMajorVersionsOnly { get; init; }

    /// <summary>The methodology's policy: all three checks for every version.</summary>
    public static PromotionPolicy Default { get; } = new();
}

/// <summary>A promotion the policy does not allow; the message says which rule and the numbers.</summary>
/// <param name="message">What was refused and why, with the numbers.</param>
/// <param name="rule">The rule: <c>stage</c> (wrong stage), <c>not_better</c> (does not beat production),
/// <c>incomparable</c> (different primary metrics), <c>missing_check:KIND</c>, <c>failed_check:KIND</c>,
/// <c>nothing_to_roll_back</c>.</param>
public sealed class PromotionRefusedException(string message, string rule) : InvalidOperationException(message)
{
    /// <summary>The rule that refused it (see the constructor).</summary>
    public string Rule { get; } = rule;
}

/// <summary>A stored model file whose content no longer matches the hash recorded at registration.</summary>
public sealed class ModelIntegrityException(string message) : InvalidOperationException(message);
