using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace MlAsCode.Serving;

/// <summary>
/// Waiting predictions in Redis, shared by every replica of a service: each is a string key
/// <c>mlascode:outcome:{service}:{request key}</c> holding <c>arm|window|score|model version</c>, written without waiting for
/// the reply (fire and forget, so a slow Redis never slows a prediction) and expiring after
/// <see cref="TimeToLive"/>; an outcome takes it with GETDEL (Redis 6.2 or newer), so two replicas never count one
/// outcome twice. A prediction made while Redis is unreachable is still answered, but not remembered
/// (<see cref="Dropped"/>); one whose outcome is posted within milliseconds to another replica may not be stored yet.
/// </summary>
public sealed class RedisOutcomeStore : IOutcomeStore
{
    private readonly IDatabase _database;
    private long _dropped;

    /// <summary>Creates the store over an open connection.</summary>
    /// <param name="connection">The Redis connection (shared; not disposed here).</param>
    /// <param name="timeToLive">How long a prediction waits for its outcome (the label's delay and some margin).</param>
    public RedisOutcomeStore(IConnectionMultiplexer connection, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        _database = connection.GetDatabase();
        TimeToLive = timeToLive;
    }

    /// <summary>How long a prediction waits for its outcome.</summary>
    public TimeSpan TimeToLive { get; }

    /// <summary>The Redis key of a waiting prediction.</summary>
    public static string KeyOf(string service, string key) => $"mlascode:outcome:{service}:{key}";

    /// <inheritdoc />
    public void Remember(string service, string key, PendingOutcome prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var value = string.Create(CultureInfo.InvariantCulture, $"{prediction.Arm}|{prediction.Window}|{prediction.Score:R}|{prediction.ModelVersion}");
        try
        {
            _database.StringSet(KeyOf(service, key), value, TimeToLive, flags: CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // Redis is unreachable: the prediction is still answered; its outcome will not be matched.
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Predictions not remembered because Redis could not be reached.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <inheritdoc />
    /// <exception cref="RedisException">Redis cannot be reached or refused the commands.</exception>
    /// <exception cref="TimeoutException">Redis did not answer in time.</exception>
    public async Task<PendingOutcome?[]> TakeAsync(string service, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        // One round trip for the whole batch: the commands are pipelined, then awaited together.
        var values = await Task.WhenAll(keys.Select(k => _database.StringGetDeleteAsync(KeyOf(service, k)))).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. values.Select(Parse)];
    }

    // "arm|window|score|version": the version, which may itself hold '|', is the rest after the third.
    private static PendingOutcome? Parse(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        var parts = value.ToString().Split('|', 4);
        return parts.Length == 4 && float.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var score)
            ? new PendingOutcome(parts[0], parts[3], score, parts[1])
            : null;
    }
}
