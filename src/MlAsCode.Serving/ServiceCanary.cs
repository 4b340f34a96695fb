using System;
using System.Threading;
using System.Threading.Tasks;
using MlAsCode.Retraining;

namespace MlAsCode.Serving;

/// <summary>
/// Runs a retraining pipeline's canary through a served model's A/B router: the candidate is loaded beside production,
/// keys are split by the service's hash assignment, and each step is observed from the arms' own counters (requests,
/// model failures, median model latency) and the outcomes recorded with <see cref="ModelService{TRow}.RecordOutcomesAsync"/>.
/// </summary>
/// <typeparam name="TRow">The feature set's row type.</typeparam>
/// <param name="service">The served model.</param>
/// <param name="watch">Waits out one step while traffic flows (in production: the methodology's 4 hours minimum, e.g.
/// <c>(_, ct) =&gt; Task.Delay(TimeSpan.FromHours(4), ct)</c>); gets the step's percent.</param>
/// <param name="primaryMetric">The primary metric of (scores, labels), e.g. PR-AUC.</param>
/// <param name="minimumLabels">Fewer labelled predictions than this on an arm: its metric is not judged.</param>
public sealed class ServiceCanary<TRow>(ModelService<TRow> service, Func<double, CancellationToken, Task> watch, Func<double[], double[], double> primaryMetric, int minimumLabels = 100)
    : ICanaryTarget
{
    /// <inheritdoc />
    public Task StartAsync(CandidateModel candidate, double percent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.PipelinePath is null)
        {
            throw new ArgumentException($"Candidate {candidate.Version} has no fitted feature pipeline; serving needs one.", nameof(candidate));
        }

        // Loading reads and warms the model asynchronously.
        return service.StartCanaryAsync(candidate.Version, candidate.OnnxPath, candidate.PipelinePath, percent, cancellationToken);
    }

    /// <inheritdoc />
    public Task SetPercentAsync(double percent, CancellationToken cancellationToken)
    {
        service.SetCanaryPercent(percent);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<CanaryObservation> ObserveAsync(double percent, CancellationToken cancellationToken)
    {
        service.ArmWindows(reset: true);
        await watch(percent, cancellationToken).ConfigureAwait(false);
        var windows = service.ArmWindows(reset: true);
        return new CanaryObservation(Health(windows["control"]), Health(windows["treatment"]));
    }

    /// <inheritdoc />
    public Task CompleteAsync(CancellationToken cancellationToken)
    {
        service.CompleteCanary();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AbortAsync(CancellationToken cancellationToken)
    {
        service.AbortCanary();
        return Task.CompletedTask;
    }

    private ArmHealth Health(ArmWindow window) => new(window.Requests, window.ErrorRate, window.LatencyP50Ms,
        window.Labels.Length >= minimumLabels ? primaryMetric(window.Scores, window.Labels) : null, window.Labels.Length);
}
