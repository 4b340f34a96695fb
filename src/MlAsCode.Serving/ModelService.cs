using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlAsCode.Features;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MlAsCode.Serving;

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
        Gate = new RequestGate(options);
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

    /// <summary>The rate limit per client, content type and size limit every request passes first.</summary>
    internal RequestGate Gate { get; }

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
        _ = System.Threading.Tasks.Task.Run(LoadAsync, CancellationToken.None);
        return Monitor?.StartAsync(cancellationToken) ?? System.Threading.Tasks.Task.CompletedTask;
    }

    /// <summary>The A/B test, when one runs (a treatment share above zero).</summary>
    public AbTestOptions? AbTest => _routing is { } routing ? routing.Test : Declared;

    private AbTestOptions? Declared => Options.AbTest is { TreatmentPercent: > 0 } test ? test : null;


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
            await DisposeArmAsync(arm).ConfigureAwait(false);
        }

        Gate.Dispose();
    }
}
