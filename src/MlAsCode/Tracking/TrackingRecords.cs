using System;
using System.Collections.Immutable;

namespace MlAsCode.Tracking;

/// <summary>An experiment as declared: the methodology's experiment template header.</summary>
/// <param name="Id">EXP-YYYY-MM-DD-NNN.</param>
/// <param name="Hypothesis">What the experiment tests.</param>
/// <param name="Problem">The problem brief's name.</param>
/// <param name="FeatureSet">The feature set's entity.</param>
/// <param name="ModelFamily">The model family.</param>
public sealed record ExperimentRecord(string Id, string Hypothesis, string Problem, string FeatureSet, string ModelFamily);

/// <summary>A metric with its confidence interval, on a named split.</summary>
/// <param name="Name">Metric name (e.g. <c>pr_auc</c>).</param>
/// <param name="Value">Point estimate.</param>
/// <param name="Lower">Lower end of the interval, when computed.</param>
/// <param name="Upper">Upper end of the interval, when computed.</param>
/// <param name="Split"><c>holdout</c>, <c>cv</c>, <c>baseline</c> or <c>improvement</c> (model minus baseline).</param>
public sealed record MetricRecord(string Name, double Value, double? Lower = null, double? Upper = null, string Split = "holdout");

/// <summary>A file a run produced, with its content hash.</summary>
public sealed record ArtifactRecord(string Name, string Path, string Sha256);

/// <summary>How a run ended: the verdict and the lineage it can be reproduced from.</summary>
/// <param name="Verdict"><c>promoted</c>, <c>iterate</c> or <c>archived</c> (a run that failed has status and verdict
/// <c>failed</c>, with the reason in its notes).</param>
/// <param name="WallTime">Training wall time.</param>
/// <param name="DatasetSha256">SHA-256 of the canonical data.</param>
/// <param name="FeaturePipelineSha256">The fitted pipeline's content hash.</param>
/// <param name="HoldoutFingerprint">The holdout's fingerprint.</param>
/// <param name="Notes">Free text (why the verdict).</param>
public sealed record RunOutcome(string Verdict, TimeSpan WallTime, string DatasetSha256, string FeaturePipelineSha256, string HoldoutFingerprint, string Notes);

/// <summary>Everything recorded for one run.</summary>
public sealed record RunRecord(
    string RunId,
    ExperimentRecord Experiment,
    DateTimeOffset StartedUtc,
    DateTimeOffset? FinishedUtc,
    string Status,
    RunOutcome? Outcome,
    ImmutableSortedDictionary<string, string> Parameters,
    ImmutableArray<MetricRecord> Metrics,
    ImmutableArray<ArtifactRecord> Artifacts);
