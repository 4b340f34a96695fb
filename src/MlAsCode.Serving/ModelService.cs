using System;
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
/// <param name="Reason">Why the fallback answered: <c>timeout</c>, <c>circuit_open</c>, <c>model_error</c> or <c>not_loaded</c>.</param>
public sealed record Prediction(double Value, string Source, string? Reason = null);

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
public sealed class ModelService<TRow> : IHostedService, IAsyncDisposable
{
    private readonly FeatureSetDefinition<TRow> _definition;
    private readonly Func<TRow, double>? _fallback;
    private readonly ScorerFactory _factory;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _resilience;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FittedFeaturePipeline<TRow>? _pipeline;
    private IRowScorer? _scorer;
    private MicroBatcher? _batcher;
    private ScoringThreads? _threads;
    private int _disposed;

    /// <summary>Creates the service; nothing is loaded until the host starts it.</summary>
    public ModelService(string name, FeatureSetDefinition<TRow> definition, MlTask task, ServingOptions options, Func<TRow, double>? fallback,
        ScorerFactory factory, ServingMetrics metrics, ILogger logger)
    {
        if (task is not (MlTask.BinaryClassification or MlTask.Regression))
        {
            throw new ArgumentException($"Service {name}: serving handles binary classification and regression; {task} is not served yet.");
        }

        (Name, _definition, Task, Options, _fallback, _factory, Metrics, _logger) = (name, definition, task, options, fallback, factory, metrics, logger);
        Reader = new RowReader<TRow>(definition);
        Log = string.IsNullOrWhiteSpace(options.PredictionLogPath) ? null : new PredictionLog(options.PredictionLogPath);
        _resilience = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerDuration,
            })
            .AddTimeout(options.Timeout)
            .Build();
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

    /// <summary>Whether a fallback is declared.</summary>
    public bool HasFallback => _fallback is not null;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Loading runs in the background: /health answers at once, /ready once the model is warm.
        _ = System.Threading.Tasks.Task.Run(Load, CancellationToken.None);
        return System.Threading.Tasks.Task.CompletedTask;
    }

    private void Load()
    {
        try
        {
            if (!File.Exists(Options.PipelinePath))
            {
                throw new InvalidOperationException($"No fitted feature pipeline at '{Options.PipelinePath}' (MlAsCode:Serving:{Name}:PipelinePath).");
            }

            var pipeline = _definition.LoadFile(Options.PipelinePath);
            if (pipeline.NeedsHistory)
            {
                throw new InvalidOperationException($"Feature set {_definition.Entity} has lag or rolling features, which need each entity's history; serving them is not supported yet.");
            }

            var scorer = _factory(Options.ModelPath, Task, pipeline.Width);
            scorer.Score(new float[pipeline.Width], 1);   // warm-up: the first ONNX Runtime call allocates its buffers
            (_pipeline, _scorer) = (pipeline, scorer);
            _threads = new ScoringThreads(Math.Max(2, Environment.ProcessorCount), Name);
            _batcher = Options.MaxBatchSize > 1 ? new MicroBatcher(scorer, Options.MaxBatchSize, Options.MaxBatchDelay, _threads) : null;
            WarmUp(pipeline);
            IsReady = true;
            NotReadyReason = "";
            _logger.LogInformation("Service {Service}: model {Version} loaded from {Model} ({Width} features)", Name, Options.ModelVersion, Options.ModelPath, pipeline.Width);
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

    // Runs the request path once (transform, resilience pipeline, scoring thread, batcher) so its code is compiled
    // before the service reports ready: the first real request must not spend its timeout in the JIT.
    private void WarmUp(FittedFeaturePipeline<TRow> pipeline)
    {
        var features = new float[pipeline.Width];
        try
        {
            pipeline.Transform(Activator.CreateInstance<TRow>(), features);
        }
        catch (Exception e) when (e is FeatureValueException or ArgumentException or InvalidOperationException or MissingMethodException)
        {
            // A default row may hold values the pipeline refuses; the zero vector still warms the model.
            Array.Clear(features);
        }

        _resilience.ExecuteAsync(async token => _batcher is { } batcher
            ? await batcher.ScoreAsync(features, token).ConfigureAwait(false)
            : await _threads!.RunAsync(() => _scorer!.Score(features, 1)[0], token).ConfigureAwait(false), CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Predicts one row.</summary>
    /// <exception cref="ModelUnavailableException">The model cannot answer and there is no fallback.</exception>
    /// <exception cref="FeatureValueException">The row cannot be transformed (a value the pipeline refuses).</exception>
    public async Task<Prediction> PredictAsync(TRow row, CancellationToken cancellationToken)
    {
        if (!IsReady)
        {
            return Fallback(row, "not_loaded", NotReadyReason);
        }

        var features = new float[_pipeline!.Width];
        _pipeline.Transform(row, features);
        try
        {
            var value = await _resilience.ExecuteAsync(async token => _batcher is { } batcher
                ? await batcher.ScoreAsync(features, token).ConfigureAwait(false)
                : await _threads!.RunAsync(() => _scorer!.Score(features, 1)[0], token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return Answer(value);
        }
        catch (Exception e) when (Failure(e, cancellationToken) is { } reason)
        {
            Metrics.ModelError(Name, reason);
            return Fallback(row, reason, e.Message);
        }
    }

    /// <summary>Predicts many rows in one model call.</summary>
    /// <exception cref="ModelUnavailableException">The model cannot answer and there is no fallback.</exception>
    public async Task<Prediction[]> PredictBatchAsync(IReadOnlyList<TRow> rows, CancellationToken cancellationToken)
    {
        if (!IsReady)
        {
            return [.. rows.Select(r => Fallback(r, "not_loaded", NotReadyReason))];
        }

        var matrix = _pipeline!.TransformBatch(rows);
        try
        {
            var scores = await _resilience.ExecuteAsync(async token =>
                await _threads!.RunAsync(() => _scorer!.Score(matrix.Values, rows.Count), token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return [.. scores.Select(Answer)];
        }
        catch (Exception e) when (Failure(e, cancellationToken) is { } reason)
        {
            Metrics.ModelError(Name, reason);
            return [.. rows.Select(r => Fallback(r, reason, e.Message))];
        }
    }

    private Prediction Answer(float value)
    {
        Metrics.Prediction(Name, value);
        return new Prediction(value, "model");
    }

    // What kind of model failure an exception is; null for the caller's own cancellation (the client went away).
    private static string? Failure(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        TimeoutRejectedException => "timeout",
        BrokenCircuitException => "circuit_open",
        _ => "model_error",
    };

    private Prediction Fallback(TRow row, string reason, string detail)
    {
        if (_fallback is null)
        {
            throw new ModelUnavailableException(reason, $"Service {Name}: {detail}");
        }

        Metrics.Fallback(Name, reason);
        return new Prediction(_fallback(row), "fallback", reason);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // In-flight requests have drained (the host stops the server first); score what is queued, flush the log.
        if (_batcher is not null)
        {
            await _batcher.DisposeAsync().ConfigureAwait(false);
        }

        if (Log is not null)
        {
            await Log.DisposeAsync().ConfigureAwait(false);
        }
    }

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
        (_scorer as IDisposable)?.Dispose();
        RateLimiter?.Dispose();
    }
}
