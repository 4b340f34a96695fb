using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MlAsCode.Features;
using Polly;
using Polly.Timeout;

namespace MlAsCode.Serving;

// Model loading: the files from their source (ModelSource), each arm's pipeline, scorer, batcher and resilience
// pipeline, and the warm-up that runs before the service reports ready.
public sealed partial class ModelService<TRow>
{
    private async Task LoadAsync()
    {
        try
        {
            _threads = new ScoringThreads(Math.Max(2, Environment.ProcessorCount), Name);
            var controlVersion = Declared is { ControlVersion.Length: > 0 } t ? t.ControlVersion : Options.ModelVersion;
            var files = await ModelSource.ResolveAsync(Name, Options, controlVersion, CancellationToken.None).ConfigureAwait(false);
            Arm control;
            try
            {
                control = await LoadArmAsync("control", files.Version, files.ModelPath, files.PipelinePath, "ModelPath", "PipelinePath", CancellationToken.None).ConfigureAwait(false);
                Threshold = Options.Threshold ?? control.Scorer.DeclaredThreshold ?? 0.5;
            }
            finally
            {
                if (files.ExportFolder is { } folder)
                {
                    // The verified copies are loaded into memory: the private folder goes.
                    try
                    {
                        Directory.Delete(folder, recursive: true);
                    }
                    catch (IOException e)
                    {
                        _logger.LogWarning("Service {Service}: could not delete the registry export {Folder}: {Problem}", Name, folder, e.Message);
                    }
                }
            }

            Arm? treatment = null;
            if (Declared is { } test)
            {
                treatment = await LoadArmAsync("treatment", test.TreatmentVersion.Length > 0 ? test.TreatmentVersion : "treatment", test.TreatmentModelPath,
                    test.TreatmentPipelinePath.Length > 0 ? test.TreatmentPipelinePath : Options.PipelinePath, "AbTest:TreatmentModelPath", "AbTest:TreatmentPipelinePath",
                    CancellationToken.None).ConfigureAwait(false);
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

    private async Task<Arm> LoadArmAsync(string name, string version, string modelPath, string pipelinePath, string modelKey, string pipelineKey, CancellationToken cancellationToken)
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
                .AddCircuitBreaker(new Polly.CircuitBreaker.CircuitBreakerStrategyOptions
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
            await WarmUpAsync(arm, cancellationToken).ConfigureAwait(false);
            // Warm-up calls compile the path: their time says nothing about the model, so they never block inline scoring.
            Volatile.Write(ref arm.InlineBlockedUntil, 0);
        }
        catch
        {
            // A model that fails its first calls is not kept: its native session goes now.
            if (batcher is not null)
            {
                await batcher.DisposeAsync().ConfigureAwait(false);
            }

            (scorer as IDisposable)?.Dispose();
            throw;
        }

        _logger.LogInformation("Service {Service}: {Arm} model {Version} loaded from {Model} ({Width} features)", Name, name, version, modelPath, pipeline.Width);
        return arm;
    }

    // Runs the request path once (transform, resilience pipeline, scoring thread, batcher) so its code is compiled
    // before the service reports ready: the first real request must not spend its timeout in the JIT.
    private async Task WarmUpAsync(Arm arm, CancellationToken cancellationToken)
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
                    await Score(arm, features, cancellationToken, handOff).ConfigureAwait(false);
                    break;
                }
                catch (TimeoutRejectedException) when (attempt < 3)
                {
                }
            }
        }
    }
}
