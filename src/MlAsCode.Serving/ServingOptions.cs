using System;

namespace MlAsCode.Serving;

/// <summary>
/// Where a served model comes from and how the service behaves; bound from configuration section
/// <c>MlAsCode:Serving:{ServiceName}</c> (e.g. <c>appsettings.json</c>), with the declared values as defaults.
/// </summary>
public sealed partial class ServingOptions
{
    /// <summary>The ONNX model file.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>The fitted feature pipeline (the <c>feature_pipeline.json</c> written with the model).</summary>
    public string PipelinePath { get; set; } = "";

    /// <summary>The version reported with every prediction (the experiment id or registry version).</summary>
    public string ModelVersion { get; set; } = "unversioned";

    /// <summary>Serve a version from the model registry instead of <see cref="ModelPath"/> and
    /// <see cref="PipelinePath"/> (<c>MlAsCode:Serving:{Name}:Registry</c>); its files are verified against their
    /// registered SHA-256 before loading, and the version becomes <see cref="ModelVersion"/>.</summary>
    public RegistrySource? Registry { get; set; }

    /// <summary>Binary classification: a probability at or above this is the positive label. Null (the default): the
    /// threshold the experiment declared and evaluated the model at, read from the ONNX model's metadata
    /// (<c>mlascode.decision_threshold</c>), else 0.5.</summary>
    public double? Threshold { get; set; }

    /// <summary>Per-request model time limit; past it the fallback answers.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Scores single rows of an in-process model (ONNX Runtime) on the request's own thread while the model is fast,
    /// instead of handing each call to a scoring thread (tens of µs of hand-off for a call of a few µs). A call that
    /// takes more than a quarter of <see cref="Timeout"/> sends the next 5 seconds of calls back to the scoring
    /// threads, where the timeout is enforced and slow calls cannot hold the request threads; that first slow call
    /// itself is not cut at the timeout. Set false to enforce the timeout on every call.
    /// </summary>
    public bool InlineScoring { get; set; } = true;

    /// <summary>Requests per second one client address may make before <c>429</c> (0: no limit).</summary>
    public int RateLimitPerSecond { get; set; }

    /// <summary>Largest request body accepted, in bytes (<c>413</c> above it).</summary>
    public long MaxRequestBytes { get; set; } = 1_000_000;

    /// <summary>Most rows in one <c>/predict/batch</c> request.</summary>
    public int MaxBatchRows { get; set; } = 1000;

    /// <summary>Micro-batching: most single-row requests grouped into one model call (1 turns it off).</summary>
    public int MaxBatchSize { get; set; } = 1;

    /// <summary>Micro-batching: the most latency batching may add. The batcher never waits for more requests (a batch
    /// is what queued while the scoring threads were busy), so it adds none; the serving benchmark checks p99 with
    /// batching against this bound.</summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Circuit breaker: share of failed model calls (in <see cref="BreakerSamplingDuration"/>, with at least
    /// <see cref="BreakerMinimumThroughput"/> calls) that opens it.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Circuit breaker: calls needed in the window before it can open.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Circuit breaker: the window failures are counted in.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Circuit breaker: how long it stays open (the fallback answers) before trying the model again.</summary>
    public TimeSpan BreakerDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The JSON-lines prediction log every prediction is appended to (none when empty).</summary>
    public string PredictionLogPath { get; set; } = "";

    /// <summary>An A/B test between this model (control) and a treatment model, when declared with <c>[AbTest]</c>.</summary>
    public AbTestOptions? AbTest { get; set; }

    /// <summary>Drift and health monitoring of the served model, when declared with <c>[Monitor]</c>.</summary>
    public MonitorOptions? Monitor { get; set; }

    /// <summary>Where keyed predictions wait for their outcomes (in this process unless a Redis server is named).</summary>
    public OutcomeStoreOptions Outcomes { get; set; } = new();
}

/// <summary>The outcome store of a service (<c>MlAsCode:Serving:{Name}:Outcomes</c>).</summary>
public sealed class OutcomeStoreOptions
{
    /// <summary>A StackExchange.Redis configuration string (e.g. <c>redis:6379</c> or
    /// <c>redis:6379,password=…,ssl=true</c>): every replica of the service shares the waiting predictions there.
    /// Empty: they wait in this process.</summary>
    public string Redis { get; set; } = "";

    /// <summary>How long a prediction waits in Redis for its outcome (default 30 days, for a label known a month
    /// later).</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>Which registry version a service loads.</summary>
public sealed class RegistrySource
{
    /// <summary>The registry's model name (e.g. <c>churn</c>).</summary>
    public string Model { get; set; } = "";

    /// <summary>A version to serve; empty for the version in production.</summary>
    public string Version { get; set; } = "";

    /// <summary>The SQLite registry file (e.g. <c>.mlac/registry.db</c>).</summary>
    public string Path { get; set; } = "";

    /// <summary>A PostgreSQL registry's connection string (instead of <see cref="Path"/>).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The model file folder (default for SQLite: <c>models</c> beside the file; required for PostgreSQL).</summary>
    public string ArtifactRoot { get; set; } = "";
}
