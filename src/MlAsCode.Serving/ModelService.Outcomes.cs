using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MlAsCode.Serving;

// Outcome tracking: keyed predictions wait for their labels, which feed the arms' comparison windows and the monitor.
public sealed partial class ModelService<TRow>
{
    // During a canary, or when the monitor tracks performance, a keyed prediction waits for its outcome so the arm's
    // (and the service's) primary metric can be measured.
    private void AwaitOutcome(Routing routing, string? key, Arm arm, string window, float score)
    {
        if ((routing.IsCanary || Monitor?.TracksPerformance == true) && !string.IsNullOrEmpty(key))
        {
            _outcomes.Remember(Name, key, new PendingOutcome(arm.Name, arm.Version, score, window));
        }
    }

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
}
