using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace MlAsCode.Serving;

// Arm routing after start-up: a canary beside the serving model, its steps, its end, the arms' comparison windows,
// and the retirement of arms no request can pick any more.
public sealed partial class ModelService<TRow>
{
    /// <summary>Starts a canary: loads <paramref name="modelPath"/> beside the serving model and sends it
    /// <paramref name="percent"/>% of the request keys (header <see cref="CanaryKeyHeader"/>).</summary>
    /// <exception cref="InvalidOperationException">The service is not ready, a test or canary already runs, or the files
    /// cannot be loaded.</exception>
    public async Task StartCanaryAsync(string version, string modelPath, string pipelinePath, double percent, CancellationToken cancellationToken = default)
    {
        EnsureNoTreatment(_routing);
        var candidate = await LoadArmAsync("treatment", version, modelPath, pipelinePath, "canary model", "canary pipeline", cancellationToken).ConfigureAwait(false);
        InvalidOperationException? refused = null;
        lock (_routingGate)
        {
            try
            {
                // Another canary or test may have started while the candidate loaded.
                EnsureNoTreatment(_routing);
                StartCanary(_routing!, candidate, version, percent);
            }
            catch (InvalidOperationException e)
            {
                refused = e;
            }
        }

        if (refused is not null)
        {
            await DisposeArmAsync(candidate).ConfigureAwait(false);
            throw refused;
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
        _ = DisposeLaterAsync(arm, TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, Options.Timeout.Ticks * 20)));
    }

    private async Task DisposeLaterAsync(Arm arm, TimeSpan grace)
    {
        await System.Threading.Tasks.Task.Delay(grace).ConfigureAwait(false);
        if (Volatile.Read(ref _disposed) == 0 && !ReferenceEquals(_routing?.Control.Scorer, arm.Scorer) && !ReferenceEquals(_routing?.Treatment?.Scorer, arm.Scorer))
        {
            await DisposeArmAsync(arm).ConfigureAwait(false);
        }
    }

    // Disposes an arm's batcher and scorer once (retirement and shutdown may both try).
    private async ValueTask DisposeArmAsync(Arm arm)
    {
        if (Interlocked.Exchange(ref arm.Disposed, 1) == 1)
        {
            return;
        }

        if (arm.Batcher is { } batcher)
        {
            await batcher.DisposeAsync().ConfigureAwait(false);
        }

        (arm.Scorer as IDisposable)?.Dispose();
    }

    private Routing Canary() => _routing is { IsCanary: true } routing
        ? routing
        : throw new InvalidOperationException($"Service {Name} runs no canary.");
}
