using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace MlAsCode.Retraining;

/// <summary>How one arm did during a canary step.</summary>
/// <param name="Requests">Requests the arm answered (or failed).</param>
/// <param name="ErrorRate">Share of requests where the model failed (error, timeout, open circuit).</param>
/// <param name="LatencyP50Ms">Median model latency in milliseconds.</param>
/// <param name="PrimaryMetric">The primary metric on the arm's labelled requests (null before enough labels).</param>
/// <param name="LabelledRequests">Requests with a label.</param>
public sealed record ArmHealth(int Requests, double ErrorRate, double LatencyP50Ms, double? PrimaryMetric, int LabelledRequests);

/// <summary>The control (production) and the candidate side by side for one canary step.</summary>
public sealed record CanaryObservation(ArmHealth Production, ArmHealth Candidate);

/// <summary>
/// Where a canary runs: the serving A/B router. The candidate takes a share of the traffic, the pipeline watches both
/// arms, and the rollout completes (the candidate becomes the only model) or is aborted (the candidate is removed).
/// </summary>
public interface ICanaryTarget
{
    /// <summary>Loads the candidate beside production and sends it <paramref name="percent"/>% of the keys.</summary>
    Task StartAsync(CandidateModel candidate, double percent, CancellationToken cancellationToken);

    /// <summary>Changes the candidate's share (keys already in the canary stay there as the share grows).</summary>
    Task SetPercentAsync(double percent, CancellationToken cancellationToken);

    /// <summary>Watches one step (the methodology: at least 4 h in production) and reports both arms.</summary>
    Task<CanaryObservation> ObserveAsync(double percent, CancellationToken cancellationToken);

    /// <summary>Makes the candidate the only model.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);

    /// <summary>Removes the candidate; production answers everything again.</summary>
    Task AbortAsync(CancellationToken cancellationToken);
}

/// <summary>The methodology's canary: 5% → 25% → 50% → 100%, rolled back automatically when the candidate's error rate
/// exceeds 2× production's, its latency 2×, or its primary metric drops more than 5%.</summary>
public sealed record CanaryPolicy
{
    /// <summary>The traffic shares, in percent, ending at 100.</summary>
    public ImmutableArray<double> Steps { get; init; } = [5, 25, 50, 100];

    /// <summary>Roll back when the candidate's error rate exceeds this multiple of production's.</summary>
    public double MaxErrorRateRatio { get; init; } = 2;

    /// <summary>Roll back when the candidate's median latency exceeds this multiple of production's.</summary>
    public double MaxLatencyRatio { get; init; } = 2;

    /// <summary>Roll back when the candidate's primary metric is more than this fraction below production's.</summary>
    public double MaxMetricDrop { get; init; } = 0.05;

    /// <summary>Whether a larger primary metric is better.</summary>
    public bool HigherIsBetter { get; init; } = true;

    /// <summary>Error rates below this are treated as equal to it, so one failure against zero is not "infinitely worse".</summary>
    public double ErrorRateFloor { get; init; } = 0.001;

    /// <summary>Median latencies below this (milliseconds) are treated as equal to it: 0.2 ms against 0.4 ms is timer
    /// noise, not a regression worth a rollback.</summary>
    public double LatencyFloorMs { get; init; } = 1;

    /// <summary>Fewest requests the candidate must answer in a step to be judged; fewer (traffic without the key
    /// header goes to production) rolls the canary back rather than promote a model nobody used.</summary>
    public int MinimumRequests { get; init; } = 100;

    /// <summary>Why the candidate must be rolled back, or null when it is healthy.</summary>
    public string? RollbackReason(CanaryObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var (production, candidate) = (observation.Production, observation.Candidate);
        if (candidate.Requests < MinimumRequests)
        {
            return Invariant($"only {candidate.Requests} requests reached the candidate; at least {MinimumRequests} are needed to judge it (do requests carry the key header?)");
        }

        if (candidate.ErrorRate > MaxErrorRateRatio * Math.Max(production.ErrorRate, ErrorRateFloor))
        {
            return Invariant($"error rate {candidate.ErrorRate * 100:0.00}% is more than {MaxErrorRateRatio:0.#}x production's {production.ErrorRate * 100:0.00}%");
        }

        if (production.Requests > 0 && candidate.LatencyP50Ms > MaxLatencyRatio * Math.Max(production.LatencyP50Ms, LatencyFloorMs))
        {
            return Invariant($"median latency {candidate.LatencyP50Ms:0.###} ms is more than {MaxLatencyRatio:0.#}x production's {production.LatencyP50Ms:0.###} ms");
        }

        if (production.PrimaryMetric is { } reference && candidate.PrimaryMetric is { } value)
        {
            var drop = (HigherIsBetter ? reference - value : value - reference) / Math.Max(Math.Abs(reference), 1e-12);
            if (drop > MaxMetricDrop)
            {
                return Invariant($"primary metric {value:0.####} is {drop * 100:0.0}% below production's {reference:0.####} (limit {MaxMetricDrop * 100:0}%)");
            }
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
