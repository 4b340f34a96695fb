using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlAsCode.Features;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MlAsCode.Serving;

/// <summary>A prediction and where it came from.</summary>
/// <param name="Value">The positive class's probability (binary) or the predicted value (regression).</param>
/// <param name="Source"><c>model</c>, or <c>fallback</c> when the rules answered.</param>
/// <param name="Reason">Why the fallback answered: <c>timeout</c>, <c>circuit_open</c>, <c>model_error</c>, <c>not_loaded</c> or <c>unknown_category</c>.</param>
/// <param name="Arm">The A/B arm (<c>control</c> or <c>treatment</c>), when a test runs.</param>
/// <param name="ModelVersion">The version of the model that answered (<c>fallback</c> for the rules).</param>
public sealed record Prediction(double Value, string Source, string? Reason = null, string? Arm = null, string ModelVersion = "")
{
    /// <summary>The row's categories the training data never had (field → value); empty when none.</summary>
    public IReadOnlyList<UnknownLevel> Unknown { get; init; } = [];
}

/// <summary>The model could not answer and there is no fallback: the request gets <c>503</c>.</summary>
public sealed class ModelUnavailableException(string reason, string detail) : Exception(detail)
{
    /// <summary><c>timeout</c>, <c>circuit_open</c>, <c>model_error</c> or <c>not_loaded</c>.</summary>
    public string Reason { get; } = reason;
}

/// <summary>
/// One served model: loads the fitted feature pipeline and the ONNX model when the host starts (then warms it up, and
/// only then reports ready), and predicts through a Polly pipeline — a circuit breaker around a per-request timeout —
/// with the fallback rules answering when the model times out, fails, has its circuit open or is not loaded. Single
/// rows go through the micro-batcher when batching is on. The feature transform is the training pipeline itself.
/// </summary>
public sealed partial class ModelService<TRow> : IHostedService, IAsyncDisposable
{
    private readonly FeatureSetDefinition<TRow> _definition;
    private readonly Func<TRow, double>? _fallback;
    private readonly ScorerFactory _factory;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IOutcomeStore _outcomes;
    private readonly object _routingGate = new();
    private readonly ConcurrentQueue<Arm> _retired = new();
    private volatile Routing? _routing;
    private ScoringThreads? _threads;
    private int _disposed;

    // One model of the service (the only one, or an A/B arm): its pipeline, scorer, batcher and its own breaker.
    private sealed class Arm(string name, string version, FittedFeaturePipeline<TRow> pipeline, IRowScorer scorer, MicroBatcher? batcher, ResiliencePipeline resilience)
    {
        public string Name { get; } = name;

        public string Version { get; } = version;

        public FittedFeaturePipeline<TRow> Pipeline { get; } = pipeline;

        public IRowScorer Scorer { get; } = scorer;

        public MicroBatcher? Batcher { get; } = batcher;

        public ResiliencePipeline Resilience { get; } = resilience;

        public ArmStatistics Statistics { get; } = new();

        // The statistics window outcomes count in; replaced when a canary starts, completes or is aborted, so an outcome
        // of an earlier prediction does not count in the new comparison.
        public volatile string OutcomeWindow = Guid.NewGuid().ToString("N");

        // Until when (Stopwatch timestamp) single rows go to the scoring threads after an inline call was slow.
        public long InlineBlockedUntil;

        // 1 once its batcher and scorer are disposed.
        public int Disposed;
    }

    // Which arms answer and how keys are split; replaced whole (never mutated), so a request sees one consistent
    // routing even while a canary moves on.
    private sealed record Routing(Arm Control, Arm? Treatment, AbTestOptions? Test, bool IsCanary);

    /// <summary>Creates the service; nothing is loaded until the host starts it.</summary>
    public ModelService(string name, FeatureSetDefinition<TRow> definition, MlTask task, ServingOptions options, Func<TRow, double>? fallback,
        ScorerFactory factory, ServingMetrics metrics, ILogger logger, System.Diagnostics.Metrics.IMeterFactory? meters = null, IOutcomeStore? outcomes = null)
    {
        if (task is not (MlTask.BinaryClassification or MlTask.Regression))
        {
            throw new ArgumentException($"Service {name}: serving handles binary classification and regression; {task} is not served yet.");
        }

        (Name, _definition, Task, Options, _fallback, _factory, Metrics, _logger) = (name, definition, task, options, fallback, factory, metrics, logger);
        if (fallback is null && definition.Features.FirstOrDefault(f => f.Options.Unknown == UnknownCategory.Fallback) is { } sent)
        {
            throw new ArgumentException($"Service {name}: {definition.Entity}.{sent.Property} sends unknown categories to the fallback (Unknown = UnknownCategory.Fallback) but the service declares none; declare a fallback or choose Error or Allow.");
        }

        Reader = new RowReader<TRow>(definition);
        _outcomes = outcomes ?? new InMemoryOutcomeStore();
        Log = string.IsNullOrWhiteSpace(options.PredictionLogPath) ? null : new PredictionLog(options.PredictionLogPath);
        Monitor = options.Monitor is { } monitor && meters is not null ? new ModelMonitor(name, options, monitor, meters, logger) : null;
        RateLimiter = options.RateLimitPerSecond <= 0 ? null : PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetTokenBucketLimiter(client, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.RateLimitPerSecond,
                TokensPerPeriod = options.RateLimitPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>The service name (the declaring class's, e.g. <c>Churn</c> for <c>ChurnService</c>).</summary>
    public string Name { get; }

    /// <summary>Binary classification or regression.</summary>
    public MlTask Task { get; }

    /// <summary>The options in force.</summary>
    public ServingOptions Options { get; }

    /// <summary>Reads and validates request rows.</summary>
    public RowReader<TRow> Reader { get; }

    /// <summary>The prediction log, when configured.</summary>
    public PredictionLog? Log { get; }

    /// <summary>The drift and health monitor, when <c>[Monitor]</c> is declared.</summary>
    public ModelMonitor? Monitor { get; }

    /// <summary>The instruments.</summary>
    public ServingMetrics Metrics { get; }

    /// <summary>Requests per second per client (ASP.NET Core's token bucket), when a limit is set.</summary>
    public PartitionedRateLimiter<string>? RateLimiter { get; }

    /// <summary>Whether the model is loaded and warmed up.</summary>
    public bool IsReady { get; private set; }

    /// <summary>Why the service is not ready (while loading, or the load error).</summary>
    public string NotReadyReason { get; private set; } = "loading the model";

    /// <summary>Completes when loading has ended, successfully or not.</summary>
    public Task WhenLoaded => _loaded.Task;

    /// <summary>The version serving now (the control arm's; the configured one until loaded).</summary>
    public string ModelVersion => _routing?.Control.Version ?? Options.ModelVersion;

    /// <summary>The decision threshold the service answers with (binary classification): the configured one, else the
    /// serving model's declared one (its ONNX metadata), else 0.5.</summary>
    public double Threshold { get; private set; } = 0.5;

    /// <summary>Whether a fallback is declared.</summary>
    public bool HasFallback => _fallback is not null;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Loading runs in the background: /health answers at once, /ready once the model is warm.
        _ = System.Threading.Tasks.Task.Run(Load, CancellationToken.None);
        return Monitor?.StartAsync(cancellationToken) ?? System.Threading.Tasks.Task.CompletedTask;
    }

    /// <summary>The A/B test, when one runs (a treatment share above zero).</summary>
    public AbTestOptions? AbTest => _routing is { } routing ? routing.Test : Declared;

    private AbTestOptions? Declared => Options.AbTest is { TreatmentPercent: > 0 } test ? test : null;

    private void Load()
    {
        try
        {
            _threads = new ScoringThreads(Math.Max(2, Environment.ProcessorCount), Name);
            var controlVersion = Declared is { ControlVersion.Length: > 0 } t ? t.ControlVersion : Options.ModelVersion;
            var (modelPath, pipelinePath) = (Options.ModelPath, Options.PipelinePath);
            if (Options.Registry is { Model.Length: > 0 } source)
            {
                (modelPath, pipelinePath, controlVersion) = FromRegistry(source);
            }

            Arm control;
            try
            {
                control = LoadArm("control", controlVersion, modelPath, pipelinePath, "ModelPath", "PipelinePath");
                Threshold = Options.Threshold ?? control.Scorer.DeclaredThreshold ?? 0.5;
            }
            finally
            {
                if (Options.Registry is { Model.Length: > 0 })
                {
                    // The verified copies are loaded into memory: the private folder goes.
                    try
                    {
                        Directory.Delete(Path.GetDirectoryName(modelPath)!, recursive: true);
                    }
                    catch (IOException e)
                    {
                        _logger.LogWarning("Service {Service}: could not delete the registry export {Folder}: {Problem}", Name, Path.GetDirectoryName(modelPath), e.Message);
                    }
                }
            }
            Arm? treatment = null;
            if (Declared is { } test)
            {
                treatment = LoadArm("treatment", test.TreatmentVersion.Length > 0 ? test.TreatmentVersion : "treatment", test.TreatmentModelPath,
                    test.TreatmentPipelinePath.Length > 0 ? test.TreatmentPipelinePath : Options.PipelinePath, "AbTest:TreatmentModelPath", "AbTest:TreatmentPipelinePath");
            }

            _routing = new Routing(control, treatment, treatment is null ? null : Declared, false);

            IsReady = true;
            NotReadyReason = "";
        }
        catch (Exception e)
        {
            NotReadyReason = e.Message;
            _logger.LogError("Service {Service}: the model could not be loaded: {Reason}", Name, e.Message);
        }
        finally
        {
            _loaded.TrySetResult();
        }
    }

    // The registry's version (production unless one is named): its files verified and written to a private folder.
    private (string ModelPath, string PipelinePath, string Version) FromRegistry(RegistrySource source)
    {
        Registry.ModelRegistry registry = source.ConnectionString.Length > 0
            ? new Registry.PostgresModelRegistry(source.ConnectionString,
                source.ArtifactRoot.Length > 0 ? source.ArtifactRoot : throw new InvalidOperationException($"MlAsCode:Serving:{Name}:Registry:ArtifactRoot is required with a PostgreSQL registry."))
            : new Registry.SqliteModelRegistry(source.Path.Length == 0
                    ? throw new InvalidOperationException($"MlAsCode:Serving:{Name}:Registry needs Path (SQLite) or ConnectionString (PostgreSQL).")
                    : File.Exists(source.Path) ? source.Path : throw new InvalidOperationException($"No model registry at {Path.GetFullPath(source.Path)} (MlAsCode:Serving:{Name}:Registry:Path)."),
                source.ArtifactRoot.Length > 0 ? source.ArtifactRoot : null);
        try
        {
            var version = source.Version.Length > 0
                ? registry.GetAsync(source.Model, source.Version).GetAwaiter().GetResult() ?? throw new InvalidOperationException($"{source.Model} {source.Version} is not registered in {registry.Location}.")
                : registry.GetProductionAsync(source.Model).GetAwaiter().GetResult() ?? throw new InvalidOperationException($"{source.Model} has no version in production in {registry.Location}.");
            var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlascode-serving", $"{Name}-{version.Version}-{Guid.NewGuid():N}");
            if (version.PipelineSha256 is null)
            {
                throw new InvalidOperationException($"{version} was registered without a feature pipeline; serving needs one.");
            }

            var (onnx, pipeline) = registry.ExportAsync(source.Model, version.Version, folder).GetAwaiter().GetResult();
            return (onnx, pipeline!, version.Version);
        }
        finally
        {
            (registry as IDisposable)?.Dispose();
        }
    }

    private Arm LoadArm(string name, string version, string modelPath, string pipelinePath, string modelKey, string pipelineKey)
    {
        if (!File.Exists(pipelinePath))
        {
            throw new InvalidOperationException($"No fitted feature pipeline at '{pipelinePath}' (MlAsCode:Serving:{Name}:{pipelineKey}).");
        }

        var pipeline = _definition.LoadFile(pipelinePath);
        if (pipeline.NeedsHistory)
        {
            throw new InvalidOperationException($"Feature set {_definition.Entity} has lag or rolling features, which need each entity's history; serving them is not supported yet.");
        }

        if (!File.Exists(modelPath))
        {
            throw new InvalidOperationException($"No ONNX model at {modelPath} (MlAsCode:Serving:{Name}:{modelKey}).");
        }

        var scorer = _factory(modelPath, Task, pipeline.Width);
        MicroBatcher? batcher = null;
        Arm arm;
        try
        {
            scorer.Score(new float[pipeline.Width], 1);   // the first ONNX Runtime call allocates its buffers
            var resilience = new ResiliencePipelineBuilder()
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions
                {
                    FailureRatio = Options.BreakerFailureRatio,
                    MinimumThroughput = Options.BreakerMinimumThroughput,
                    SamplingDuration = Options.BreakerSamplingDuration,
                    BreakDuration = Options.BreakerDuration,
                })
                .AddTimeout(Options.Timeout)
                .Build();
            batcher = Options.MaxBatchSize > 1 ? new MicroBatcher(scorer, Options.MaxBatchSize, _threads!) : null;
            arm = new Arm(name, version, pipeline, scorer, batcher, resilience);
            WarmUp(arm);
            // Warm-up calls compile the path: their time says nothing about the model, so they never block inline scoring.
            Volatile.Write(ref arm.InlineBlockedUntil, 0);
        }
        catch
        {
            // A model that fails its first calls is not kept: its native session goes now.
            batcher?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            (scorer as IDisposable)?.Dispose();
            throw;
        }

        _logger.LogInformation("Service {Service}: {Arm} model {Version} loaded from {Model} ({Width} features)", Name, name, version, modelPath, pipeline.Width);
        return arm;
    }

    // Runs the request path once (transform, resilience pipeline, scoring thread, batcher) so its code is compiled
    // before the service reports ready: the first real request must not spend its timeout in the JIT.
    private void WarmUp(Arm arm)
    {
        var features = new float[arm.Pipeline.Width];
        try
        {
            arm.Pipeline.Transform(Activator.CreateInstance<TRow>(), features);
        }
        catch (Exception e) when (e is FeatureValueException or ArgumentException or InvalidOperationException or MissingMethodException)
        {
            // A default row may hold values the pipeline refuses; the zero vector still warms the model.
            Array.Clear(features);
        }

        foreach (var handOff in new[] { false, true })
        {
            // The first pass compiles the path and may overrun a short timeout on a busy machine: it gets three tries.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    Score(arm, features, CancellationToken.None, handOff).AsTask().GetAwaiter().GetResult();
                    break;
                }
                catch (TimeoutRejectedException) when (attempt < 3)
                {
                }
            }
        }
    }

    private ValueTask<float> Score(Arm arm, float[] features, CancellationToken cancellationToken, bool handOff = false)
    {
        if (!handOff && arm.Batcher is null && Options.InlineScoring && arm.Scorer.RunsInline && Stopwatch.GetTimestamp() >= Volatile.Read(ref arm.InlineBlockedUntil))
        {
            // Inline, through the same pipeline (the breaker counts it), without a thread hand-off.
            return arm.Resilience.ExecuteAsync(static (state, _) => ValueTask.FromResult(state.Service.ScoreInline(state.Arm, state.Features)),
                (Service: this, Arm: arm, Features: features), cancellationToken);
        }

        return arm.Resilience.ExecuteAsync(async token => arm.Batcher is { } batcher
            ? await batcher.ScoreAsync(features, token).ConfigureAwait(false)
            : await _threads!.RunAsync(() => arm.Scorer.Score(features, 1)[0], token).ConfigureAwait(false), cancellationToken);
    }

    private float ScoreInline(Arm arm, float[] features)
    {
        var started = Stopwatch.GetTimestamp();
        var score = arm.Scorer.Score(features, 1)[0];
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (elapsed > Options.Timeout / 4)
        {
            // Slow: the next calls go to the scoring threads, where the timeout holds, for a while.
            Volatile.Write(ref arm.InlineBlockedUntil, Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency));
            _logger.LogWarning("Service {Service}: {Arm} model {Version} took {Elapsed} ms inline (over a quarter of the {Timeout} ms timeout); scoring on the scoring threads for 5 s",
                Name, arm.Name, arm.Version, elapsed.TotalMilliseconds, Options.Timeout.TotalMilliseconds);
        }

        return score;
    }

    // The arm of a request key: the treatment for its share of keys when a test runs, the control otherwise.
    private static Arm? ArmOf(Routing? routing, string? key) =>
        routing is null ? null : routing.Treatment is { } treatment && routing.Test!.Assign(key) == "treatment" ? treatment : routing.Control;

    /// <summary>Predicts one row; <paramref name="key"/> assigns the A/B arm when a test runs.</summary>
    /// <exception cref="ModelUnavailableException">The model cannot answer and there is no fallback.</exception>
    /// <exception cref="FeatureValueException">The row cannot be transformed (a value the pipeline refuses).</exception>
    public async Task<Prediction> PredictAsync(TRow row, CancellationToken cancellationToken, string? key = null)
    {
        var routing = IsReady ? _routing : null;
        var arm = ArmOf(routing, key);
        if (arm is null)
        {
            return Fallback(row, "not_loaded", NotReadyReason, AbTest?.Assign(key));
        }

        // The comparison window the prediction belongs to is the one open when its arm was chosen.
        var window = arm.OutcomeWindow;
        var features = new float[arm.Pipeline.Width];
        arm.Pipeline.Transform(row, features);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var score = await Score(arm, features, cancellationToken).ConfigureAwait(false);
            arm.Statistics.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, failed: false);
            AwaitOutcome(routing!, key, arm, window, score);
            return Answer(score, arm);
        }
        catch (Exception e) when (Failure(e, cancellationToken) is { } reason)
        {
            arm.Statistics.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, failed: true);
            Metrics.ModelError(Name, reason);
            return Fallback(row, reason, e.Message, ArmName(arm));
        }
    }

    /// <summary>Predicts many rows in one model call (one arm for the whole request).</summary>
    /// <exception cref="ModelUnavailableException">The model cannot answer and there is no fallback.</exception>
    public async Task<Prediction[]> PredictBatchAsync(IReadOnlyList<TRow> rows, CancellationToken cancellationToken, string? key = null)
    {
        var arm = ArmOf(IsReady ? _routing : null, key);
        if (arm is null)
        {
            return [.. rows.Select(r => Fallback(r, "not_loaded", NotReadyReason, AbTest?.Assign(key)))];
        }

        var matrix = arm.Pipeline.TransformBatch(rows);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var scores = await arm.Resilience.ExecuteAsync(async token =>
                await _threads!.RunAsync(() => arm.Scorer.Score(matrix.Values, rows.Count), token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            arm.Statistics.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, failed: false, rows.Count);
            return [.. scores.Select(s => Answer(s, arm))];
        }
        catch (Exception e) when (Failure(e, cancellationToken) is { } reason)
        {
            arm.Statistics.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, failed: true, rows.Count);
            Metrics.ModelError(Name, reason);
            return [.. rows.Select(r => Fallback(r, reason, e.Message, ArmName(arm)))];
        }
    }

    private string? ArmName(Arm arm) => AbTest is null ? null : arm.Name;

    // During a canary, or when the monitor tracks performance, a keyed prediction waits for its outcome so the arm's
    // (and the service's) primary metric can be measured.
    private void AwaitOutcome(Routing routing, string? key, Arm arm, string window, float score)
    {
        if ((routing.IsCanary || Monitor?.TracksPerformance == true) && !string.IsNullOrEmpty(key))
        {
            _outcomes.Remember(Name, key, new PendingOutcome(arm.Name, arm.Version, score, window));
        }
    }

    /// <summary>Records the observed outcome (the label) of a keyed prediction made during a canary or while the
    /// monitor tracks performance; returns false when no prediction for <paramref name="key"/> is waiting. With a
    /// shared store (Redis) this waits for it; the endpoint uses <see cref="RecordOutcomesAsync"/>.</summary>
    public bool RecordOutcome(string key, double label) => RecordOutcomesAsync([(key, label)]).GetAwaiter().GetResult() == 1;

    /// <summary>Records the observed outcomes of keyed predictions (made here or, with a shared outcome store, by
    /// another replica). Each counts for the monitor when the control still serves the model version that predicted
    /// (on any replica), and for a canary's or A/B test's comparison only in the replica and comparison window it was
    /// predicted in. Returns how many matched a waiting prediction.</summary>
    /// <exception cref="StackExchange.Redis.RedisException">The shared outcome store cannot be reached.</exception>
    public async Task<int> RecordOutcomesAsync(IReadOnlyList<(string Key, double Label)> outcomes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var taken = await _outcomes.TakeAsync(Name, [.. outcomes.Select(o => o.Key)], cancellationToken).ConfigureAwait(false);
        var routing = _routing;
        var matched = 0;
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (taken[i] is not { } prediction)
            {
                continue;
            }

            matched++;
            var label = outcomes[i].Label;
            // The arm's comparison window, only in the replica and window that predicted; the monitor, on any replica
            // while the control serves the model version that predicted.
            new[] { routing?.Control, routing?.Treatment }.FirstOrDefault(a => a?.OutcomeWindow == prediction.Window)?.Statistics.Label(prediction.Score, label);
            if (routing?.Control is { } control && control.Name == prediction.Arm && control.Version == prediction.ModelVersion)
            {
                Monitor?.RecordOutcome(prediction.Score, label);
            }
        }

        return matched;
    }

    /// <summary>The header whose value keys predictions for outcomes and splits A/B and canary traffic.</summary>
    public string KeyHeader => AbTest?.KeyHeader ?? CanaryKeyHeader;

    /// <summary>Starts a canary: loads <paramref name="modelPath"/> beside the serving model and sends it
    /// <paramref name="percent"/>% of the request keys (header <see cref="CanaryKeyHeader"/>).</summary>
    /// <exception cref="InvalidOperationException">The service is not ready, a test or canary already runs, or the files
    /// cannot be loaded.</exception>
    public void StartCanary(string version, string modelPath, string pipelinePath, double percent)
    {
        EnsureNoTreatment(_routing);
        var candidate = LoadArm("treatment", version, modelPath, pipelinePath, "canary model", "canary pipeline");
        lock (_routingGate)
        {
            try
            {
                EnsureNoTreatment(_routing);
            }
            catch (InvalidOperationException)
            {
                Dispose(candidate);
                throw;
            }

            StartCanary(_routing!, candidate, version, percent);
        }
    }

    private void EnsureNoTreatment(Routing? routing)
    {
        if (!IsReady || routing is null)
        {
            throw new InvalidOperationException($"Service {Name} is not ready ({NotReadyReason}); a canary needs the serving model loaded.");
        }

        if (routing.Treatment is not null)
        {
            throw new InvalidOperationException($"Service {Name} already runs {(routing.IsCanary ? "a canary" : "the A/B test " + routing.Test!.Name)}; end it first.");
        }
    }

    private void StartCanary(Routing routing, Arm candidate, string version, double percent)
    {
        routing.Control.Statistics.Reset();
        OpenNewOutcomeWindows();
        _routing = new Routing(routing.Control, candidate, new AbTestOptions
        {
            Name = "canary-" + version, TreatmentPercent = percent, KeyHeader = CanaryKeyHeader,
            ControlVersion = routing.Control.Version, TreatmentVersion = version,
        }, true);
        _logger.LogInformation("Service {Service}: canary {Version} started at {Percent}% of traffic", Name, version, percent);
    }

    /// <summary>The header whose value splits traffic in a canary (the declared A/B test's, else <c>X-Request-Key</c>).</summary>
    public string CanaryKeyHeader => Options.AbTest?.KeyHeader is { Length: > 0 } header ? header : "X-Request-Key";

    /// <summary>Changes the running canary's share of traffic.</summary>
    public void SetCanaryPercent(double percent)
    {
        lock (_routingGate)
        {
            SetCanaryPercent(Canary(), percent);
        }
    }

    private void SetCanaryPercent(Routing routing, double percent)
    {
        var test = routing.Test!;
        _routing = routing with
        {
            Test = new AbTestOptions { Name = test.Name, TreatmentPercent = percent, KeyHeader = test.KeyHeader, ControlVersion = test.ControlVersion, TreatmentVersion = test.TreatmentVersion },
        };
        _logger.LogInformation("Service {Service}: canary {Version} now at {Percent}% of traffic", Name, test.TreatmentVersion, percent);
    }

    /// <summary>Ends the canary with the candidate serving everything (the old model is retired).</summary>
    public void CompleteCanary()
    {
        lock (_routingGate)
        {
            CompleteCanary(Canary());
        }
    }

    private void CompleteCanary(Routing routing)
    {
        var candidate = routing.Treatment!;
        var control = new Arm("control", candidate.Version, candidate.Pipeline, candidate.Scorer, candidate.Batcher, candidate.Resilience);
        _routing = new Routing(control, null, null, false);
        Retire(routing.Control);
        OpenNewOutcomeWindows();
        _logger.LogInformation("Service {Service}: canary {Version} completed; it serves all traffic", Name, candidate.Version);
    }

    /// <summary>Ends the canary with the serving model answering everything again (the candidate is retired).</summary>
    public void AbortCanary()
    {
        lock (_routingGate)
        {
            AbortCanary(Canary());
        }
    }

    private void AbortCanary(Routing routing)
    {
        _routing = new Routing(routing.Control, null, null, false);
        Retire(routing.Treatment!);
        OpenNewOutcomeWindows();
        _logger.LogWarning("Service {Service}: canary {Version} rolled back", Name, routing.Treatment!.Version);
    }

    /// <summary>What each arm did since the canary started or its last step (<c>control</c> and, in a test or canary,
    /// <c>treatment</c>); <paramref name="reset"/> starts a new window.</summary>
    public IReadOnlyDictionary<string, ArmWindow> ArmWindows(bool reset)
    {
        var routing = _routing;
        var windows = new Dictionary<string, ArmWindow>(StringComparer.Ordinal);
        foreach (var arm in new[] { routing?.Control, routing?.Treatment })
        {
            if (arm is not null)
            {
                windows[arm.Name] = arm.Statistics.Snapshot(arm.Version, reset);
            }
        }

        return windows;
    }

    private void OpenNewOutcomeWindows()
    {
        if (_routing is { } routing)
        {
            foreach (var arm in new[] { routing.Control, routing.Treatment }.OfType<Arm>())
            {
                arm.OutcomeWindow = Guid.NewGuid().ToString("N");
            }
        }
    }

    // A retired arm may still be scoring a request that picked it before the switch: it is disposed after a grace
    // period well past any call's timeout (and at the latest when the service stops).
    private void Retire(Arm arm)
    {
        _retired.Enqueue(arm);
        var grace = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, Options.Timeout.Ticks * 20));
        _ = System.Threading.Tasks.Task.Delay(grace).ContinueWith(_ =>
        {
            if (Volatile.Read(ref _disposed) == 0 && !ReferenceEquals(_routing?.Control.Scorer, arm.Scorer) && !ReferenceEquals(_routing?.Treatment?.Scorer, arm.Scorer))
            {
                Dispose(arm);
            }
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    // Disposes an arm's batcher and scorer once (retirement and shutdown may both try).
    private void Dispose(Arm arm)
    {
        if (Interlocked.Exchange(ref arm.Disposed, 1) == 1)
        {
            return;
        }

        arm.Batcher?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        (arm.Scorer as IDisposable)?.Dispose();
    }

    private Routing Canary() => _routing is { IsCanary: true } routing
        ? routing
        : throw new InvalidOperationException($"Service {Name} runs no canary.");

    private Prediction Answer(float value, Arm arm)
    {
        Metrics.Prediction(Name, value);
        return new Prediction(value, "model", null, ArmName(arm), arm.Version);
    }

    // What kind of model failure an exception is; null for the caller's own cancellation (the client went away).
    private static string? Failure(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        TimeoutRejectedException => "timeout",
        BrokenCircuitException => "circuit_open",
        _ => "model_error",
    };

    private Prediction Fallback(TRow row, string reason, string detail, string? arm)
    {
        if (_fallback is null)
        {
            throw new ModelUnavailableException(reason, $"Service {Name}: {detail}");
        }

        Metrics.Fallback(Name, reason);
        return new Prediction(_fallback(row), "fallback", reason, arm, "fallback");
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // In-flight requests have drained (the host stops the server first); score what is queued, flush the log.
        if (Monitor is not null)
        {
            await Monitor.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var arm in Arms())
        {
            if (arm.Batcher is { } batcher)
            {
                await batcher.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (Log is not null)
        {
            await Log.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Every arm loaded: serving now, and retired by canaries (disposed after a grace period, or here at the latest).
    private IEnumerable<Arm> Arms() =>
        new[] { _routing?.Control, _routing?.Treatment }.OfType<Arm>().Concat(_retired).DistinctBy(a => a.Scorer);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // The container disposes the instance once as the keyed service and once as the hosted service.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _threads?.Dispose();
        Monitor?.Dispose();
        foreach (var arm in Arms())
        {
            Dispose(arm);
        }

        RateLimiter?.Dispose();
    }
}
