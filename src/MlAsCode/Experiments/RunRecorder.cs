using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MlAsCode.Experiments;

/// <summary>
/// Where a run is recorded (the methodology's experiment template): the runner records through this and nothing else,
/// so the experiments do not depend on a store. The tracking store MlAsCode ships (<c>SqliteTrackingStore</c>,
/// <c>PostgresTrackingStore</c>, in the namespace of the same name) implements it; give one as
/// <see cref="ExperimentRunOptions.Tracking"/>.
/// </summary>
public interface IRunRecorder
{
    /// <summary>Saves the experiment's declaration (refusing a changed one for an existing id).</summary>
    Task SaveExperimentAsync(ExperimentRecord experiment, CancellationToken cancellationToken = default);

    /// <summary>Starts a run of the experiment and returns its id.</summary>
    Task<string> StartRunAsync(string experimentId, CancellationToken cancellationToken = default);

    /// <summary>Records every hyperparameter of the run.</summary>
    Task LogParametersAsync(string runId, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken = default);

    /// <summary>Records metrics with their intervals.</summary>
    Task LogMetricsAsync(string runId, IEnumerable<MetricRecord> metrics, CancellationToken cancellationToken = default);

    /// <summary>Records a file the run wrote, with its SHA-256.</summary>
    Task LogArtifactAsync(string runId, ArtifactRecord artifact, CancellationToken cancellationToken = default);

    /// <summary>Marks the run failed (or cancelled), with the reason.</summary>
    Task FailRunAsync(string runId, string reason, CancellationToken cancellationToken = default);

    /// <summary>Finishes the run with its verdict and lineage.</summary>
    Task FinishRunAsync(string runId, RunOutcome outcome, CancellationToken cancellationToken = default);

    /// <summary>How many finished runs were evaluated on the holdout with this fingerprint.</summary>
    Task<int> CountHoldoutUsesAsync(string holdoutFingerprint, CancellationToken cancellationToken = default);
}

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
