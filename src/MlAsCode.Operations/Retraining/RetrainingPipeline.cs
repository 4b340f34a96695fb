using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlAsCode.Registry;

namespace MlAsCode.Retraining;

/// <summary>A freshly trained model, before it is registered.</summary>
/// <param name="OnnxPath">The ONNX file.</param>
/// <param name="PipelinePath">The fitted feature pipeline.</param>
/// <param name="Lineage">Run, data, pipeline and code it came from.</param>
/// <param name="PrimaryMetric">The primary metric on its holdout.</param>
/// <param name="Guardrails">Guardrail metrics on its holdout (compared by name with production's).</param>
public sealed record CandidateModel(string OnnxPath, string? PipelinePath, ModelLineage Lineage, ModelMetric PrimaryMetric, IReadOnlyList<ModelMetric> Guardrails)
{
    /// <summary>The version the registry gave it (empty until registered).</summary>
    public string Version { get; init; } = "";
}

/// <summary>The result of the golden test set (fixed, hand-checked rows every release must get right).</summary>
public sealed record GoldenSetResult(bool Passed, string Detail);

/// <summary>How the retraining pipeline decides and rolls out.</summary>
public sealed record RetrainingOptions
{
    /// <summary>The registry's model name.</summary>
    public required string Model { get; init; }

    /// <summary>Scores the candidate on the golden test set (recorded as its integration test).</summary>
    public required Func<CandidateModel, CancellationToken, Task<GoldenSetResult>> GoldenSet { get; init; }

    /// <summary>The canary steps and rollback rules.</summary>
    public CanaryPolicy Canary { get; init; } = new();

    /// <summary>How much worse (relative) a guardrail may be than production's; 0: no regression at all.</summary>
    public double GuardrailTolerance { get; init; }

    /// <summary>The name the pipeline's steps are recorded under in the registry history.</summary>
    public string Actor { get; init; } = "retraining";
}

/// <summary>How a retraining ended.</summary>
/// <param name="Status"><c>promoted</c>, <c>rejected</c> (a gate refused the candidate), <c>rolled_back</c> (the canary
/// failed), <c>awaiting_approval</c> (healthy at 100% but the policy wants a human) or <c>failed</c> (training failed).</param>
/// <param name="Version">The candidate's version, when it was registered.</param>
/// <param name="Reason">Why.</param>
/// <param name="Steps">Every step, in order (the same lines are in the registry's history).</param>
public sealed record RetrainingOutcome(string Status, string? Version, string Reason, ImmutableArray<string> Steps);

/// <summary>
/// The methodology's automated retraining pipeline: a trigger starts training on the latest data; the candidate is registered
/// and must beat production on the primary metric (promotion to staging), must not regress a guardrail metric and must
/// pass the golden test set; then a canary through the serving A/B router, 5% → 25% → 50% → 100%, rolled back
/// automatically when the candidate's error rate or latency exceeds 2× production's or its primary metric drops more
/// than 5%; at 100% the canary counts as the load test and the candidate is promoted to production. Every step is
/// written to the registry's history.
/// </summary>
public sealed class RetrainingPipeline
{
    private readonly ModelRegistry _registry;
    private readonly ICanaryTarget _canary;
    private readonly RetrainingOptions _options;
    private readonly Func<string, CancellationToken, Task<CandidateModel>> _train;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="registry">The registry production comes from and candidates go to.</param>
    /// <param name="canary">The serving router the canary runs through.</param>
    /// <param name="options">Gates and canary rules.</param>
    /// <param name="train">Trains a candidate on the latest data (usually the generated experiment runner); gets the
    /// trigger's reason.</param>
    public RetrainingPipeline(ModelRegistry registry, ICanaryTarget canary, RetrainingOptions options, Func<string, CancellationToken, Task<CandidateModel>> train)
    {
        (_registry, _canary, _options, _train) = (registry, canary, options, train);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(canary);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        if (options.Canary.Steps.IsDefaultOrEmpty || options.Canary.Steps[^1] != 100 || options.Canary.Steps.Any(s => s is <= 0 or > 100))
        {
            throw new ArgumentException("The canary steps must be shares in (0, 100] ending at 100, e.g. 5, 25, 50, 100.", nameof(options));
        }
    }

    /// <summary>Runs the pipeline when a trigger fires; returns null when none does.</summary>
    public async Task<RetrainingOutcome?> RunIfTriggeredAsync(RetrainingTriggers triggers, DateTimeOffset now, IReadOnlyList<(DateTimeOffset Time, double Value)> metricHistory,
        IReadOnlyDictionary<string, double> featurePsi, IReadOnlyList<string> featureImportance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        var production = await _registry.GetProductionAsync(_options.Model, cancellationToken).ConfigureAwait(false);
        var lastTrained = production?.RegisteredUtc ?? DateTimeOffset.MinValue;
        var reasons = triggers.Evaluate(now, lastTrained, metricHistory, featurePsi, featureImportance);
        return reasons.IsEmpty ? null : await RunAsync(string.Join("; ", reasons), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Retrains, gates and rolls out a candidate now.</summary>
    public async Task<RetrainingOutcome> RunAsync(string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var model = _options.Model;
        var steps = ImmutableArray.CreateBuilder<string>();
        var production = await _registry.GetProductionAsync(model, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{model} has no version in production in {_registry.Location}; retraining replaces a production model.");
        await Step(production.Version, "retraining_started", $"trigger: {reason}").ConfigureAwait(false);

        CandidateModel candidate;
        try
        {
            candidate = await _train(reason, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Step(production.Version, "retraining_failed", e.Message).ConfigureAwait(false);
            return new RetrainingOutcome("failed", null, $"training failed: {e.Message}", steps.ToImmutable());
        }

        var registered = await _registry.RegisterAsync(new ModelRegistration
        {
            Model = model, OnnxPath = candidate.OnnxPath, PipelinePath = candidate.PipelinePath, Lineage = candidate.Lineage,
            PrimaryMetric = candidate.PrimaryMetric, Guardrails = candidate.Guardrails, RegisteredBy = _options.Actor,
        }, cancellationToken).ConfigureAwait(false);
        candidate = candidate with { Version = registered.Version };
        var version = registered.Version;
        steps.Add($"registered {version}: {candidate.PrimaryMetric.Name} {Number(candidate.PrimaryMetric.Value)} (production {production.Version}: {Number(production.PrimaryMetric.Value)})");

        // Gate 1: beat production on the primary metric (the registry's rule for staging).
        try
        {
            await _registry.PromoteToStagingAsync(model, version, _options.Actor, $"retrained: {reason}", cancellationToken).ConfigureAwait(false);
            steps.Add($"{version} beats production on {candidate.PrimaryMetric.Name}: staging");
        }
        catch (PromotionRefusedException e)
        {
            return await Reject(version, e.Message).ConfigureAwait(false);
        }

        // Gate 2: no guardrail regresses.
        var regressions = candidate.Guardrails
            .Select(g => (Metric: g, Production: production.Guardrails.FirstOrDefault(p => p.Name == g.Name)))
            .Where(p => p.Production is not null && p.Metric.RelativeDropFrom(p.Production.Value) > _options.GuardrailTolerance)
            .Select(p => $"{p.Metric.Name} {Number(p.Metric.Value)} vs production {Number(p.Production!.Value)}")
            .ToList();
        await _registry.RecordCheckAsync(model, version, "guardrails", regressions.Count == 0,
            regressions.Count == 0 ? "no guardrail metric regressed" : "regressed: " + string.Join(", ", regressions), _options.Actor, cancellationToken).ConfigureAwait(false);
        if (regressions.Count > 0)
        {
            return await Reject(version, "guardrail regressed: " + string.Join(", ", regressions)).ConfigureAwait(false);
        }

        // Gate 3: the golden test set, recorded as the integration test.
        var golden = await _options.GoldenSet(candidate, cancellationToken).ConfigureAwait(false);
        await _registry.RecordCheckAsync(model, version, ModelChecks.IntegrationTest, golden.Passed, "golden set: " + golden.Detail, _options.Actor, cancellationToken).ConfigureAwait(false);
        steps.Add($"golden set {(golden.Passed ? "passed" : "failed")}: {golden.Detail}");
        if (!golden.Passed)
        {
            return await Reject(version, "golden set failed: " + golden.Detail).ConfigureAwait(false);
        }

        // The canary: whatever goes wrong once it has started (a failed watch, a registry error, cancellation), the
        // candidate leaves the traffic and the registry before the error goes on.
        CanaryObservation? last = null;
        var policy = _options.Canary;
        var started = false;
        try
        {
            await _canary.StartAsync(candidate, policy.Steps[0], cancellationToken).ConfigureAwait(false);
            started = true;
            foreach (var percent in policy.Steps)
            {
                if (percent != policy.Steps[0])
                {
                    await _canary.SetPercentAsync(percent, cancellationToken).ConfigureAwait(false);
                }

                last = await _canary.ObserveAsync(percent, cancellationToken).ConfigureAwait(false);
                await Step(version, "canary_step", Invariant($"{percent:0.#}% of traffic: {Describe(last)}")).ConfigureAwait(false);
                if (policy.RollbackReason(last) is { } failure)
                {
                    started = false;
                    await _canary.AbortAsync(CancellationToken.None).ConfigureAwait(false);
                    await Step(version, "canary_rolled_back", Invariant($"at {percent:0.#}%: {failure}")).ConfigureAwait(false);
                    await _registry.ArchiveAsync(model, version, _options.Actor, "canary rolled back: " + failure, CancellationToken.None).ConfigureAwait(false);
                    return new RetrainingOutcome("rolled_back", version, failure, steps.ToImmutable());
                }
            }

            await _registry.RecordCheckAsync(model, version, ModelChecks.LoadTest, true,
                Invariant($"canary at 100%: {last!.Candidate.Requests} requests, median latency {last.Candidate.LatencyP50Ms:0.###} ms, error rate {last.Candidate.ErrorRate * 100:0.00}%"),
                _options.Actor, cancellationToken).ConfigureAwait(false);
            try
            {
                await _registry.PromoteToProductionAsync(model, version, _options.Actor, $"canary passed; trigger: {reason}", cancellationToken).ConfigureAwait(false);
            }
            catch (PromotionRefusedException e)
            {
                started = false;
                await _canary.AbortAsync(CancellationToken.None).ConfigureAwait(false);
                if (e.Rule == "missing_check:" + ModelChecks.Approval)
                {
                    // Healthy, but the policy wants a human: production keeps serving, the candidate waits in staging.
                    await Step(version, "awaiting_approval", e.Message).ConfigureAwait(false);
                    return new RetrainingOutcome("awaiting_approval", version, e.Message, steps.ToImmutable());
                }

                return await Reject(version, e.Message).ConfigureAwait(false);
            }

            started = false;
            await _canary.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (started)
        {
            await _canary.AbortAsync(CancellationToken.None).ConfigureAwait(false);
            await _registry.LogAsync(model, version, "canary_aborted", _options.Actor, e.Message, CancellationToken.None).ConfigureAwait(false);
            await _registry.ArchiveAsync(model, version, _options.Actor, "canary aborted: " + e.Message, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await Step(version, "retraining_completed", $"{version} serves 100% of traffic; {production.Version} archived").ConfigureAwait(false);
        return new RetrainingOutcome("promoted", version, $"{version} replaced {production.Version}", steps.ToImmutable());

        async Task Step(string v, string action, string detail)
        {
            steps.Add($"{action}: {detail}");
            await _registry.LogAsync(model, v, action, _options.Actor, detail, cancellationToken).ConfigureAwait(false);
        }

        async Task<RetrainingOutcome> Reject(string v, string why)
        {
            steps.Add($"rejected: {why}");
            await _registry.ArchiveAsync(model, v, _options.Actor, "rejected by retraining: " + why, CancellationToken.None).ConfigureAwait(false);
            return new RetrainingOutcome("rejected", v, why, steps.ToImmutable());
        }
    }

    private static string Describe(CanaryObservation o) => Invariant(
        $"candidate {o.Candidate.Requests} requests, error rate {o.Candidate.ErrorRate * 100:0.00}%, p50 {o.Candidate.LatencyP50Ms:0.###} ms, metric {Metric(o.Candidate)}; production {o.Production.Requests} requests, error rate {o.Production.ErrorRate * 100:0.00}%, p50 {o.Production.LatencyP50Ms:0.###} ms, metric {Metric(o.Production)}");

    private static string Metric(ArmHealth arm) => arm.PrimaryMetric is { } m ? Invariant($"{m:0.####} on {arm.LabelledRequests} labels") : "n/a";

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
