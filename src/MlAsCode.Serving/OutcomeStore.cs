using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MlAsCode.Serving;

/// <summary>A keyed prediction waiting for its outcome: which arm and model version made it, and its score.</summary>
/// <param name="Arm"><c>control</c> or <c>treatment</c>.</param>
/// <param name="ModelVersion">The arm's model version when it predicted (the monitor counts the outcome when the
/// control still serves it, on any replica).</param>
/// <param name="Score">The model's score (the probability, for binary classification).</param>
/// <param name="Window">The arm's statistics window in the replica that predicted (a canary or A/B comparison counts the
/// outcome only in that window: windows restart when a canary starts, completes or is aborted).</param>
public sealed record PendingOutcome(string Arm, string ModelVersion, float Score, string Window);

/// <summary>
/// Where keyed predictions wait for their outcomes (<c>POST {route}/outcomes</c>), so the canary's and the monitor's
/// primary metric can be measured. The default keeps them in the process (<see cref="InMemoryOutcomeStore"/>); with
/// several replicas behind a load balancer an outcome reaches a replica that did not make the prediction, so a team
/// configures a shared store (<see cref="RedisOutcomeStore"/>, <c>MlAsCode:Serving:{Name}:Outcomes:Redis</c>).
/// </summary>
public interface IOutcomeStore
{
    /// <summary>Remembers a prediction under its key (a later one with the same key replaces it). Never waits on I/O:
    /// it runs on the request path.</summary>
    void Remember(string service, string key, PendingOutcome prediction);

    /// <summary>Takes (removes and returns) the predictions waiting under <paramref name="keys"/>; null where none
    /// is, or it expired.</summary>
    Task<PendingOutcome?[]> TakeAsync(string service, IReadOnlyList<string> keys, CancellationToken cancellationToken = default);
}

/// <summary>Waiting predictions in this process: at most <see cref="Capacity"/>, the oldest forgotten first, so
/// outcomes that never come do not stop newer predictions from being matched.</summary>
public sealed class InMemoryOutcomeStore : IOutcomeStore
{
    private readonly ConcurrentDictionary<(string Service, string Key), PendingOutcome> _waiting = new();
    private readonly ConcurrentQueue<(string Service, string Key)> _order = new();

    /// <summary>Creates the store.</summary>
    /// <param name="capacity">Most predictions remembered at once.</param>
    public InMemoryOutcomeStore(int capacity = 200_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>Most predictions remembered at once.</summary>
    public int Capacity { get; }

    /// <inheritdoc />
    public void Remember(string service, string key, PendingOutcome prediction)
    {
        if (_waiting.TryAdd((service, key), prediction))
        {
            _order.Enqueue((service, key));
            while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
            {
                _waiting.TryRemove(oldest, out _);
            }
        }
        else
        {
            _waiting[(service, key)] = prediction;
        }
    }

    /// <inheritdoc />
    public Task<PendingOutcome?[]> TakeAsync(string service, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var taken = new PendingOutcome?[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            taken[i] = _waiting.TryRemove((service, keys[i]), out var prediction) ? prediction : null;
        }

        return Task.FromResult(taken);
    }
}
