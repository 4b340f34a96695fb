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
/// <c>mlascode:outcome:{Churn}:customer-7590</c> (the service name in braces, a cluster hash tag) holding <c>arm|window|score|model version</c>, written without waiting
/// for the reply (fire and forget, so a slow Redis never slows a prediction) and expiring after
/// <see cref="TimeToLive"/>; a batch of outcomes takes its keys with GETDEL (Redis 6.2 or newer) in one script, so two
/// replicas never count one outcome twice and a failed batch takes nothing. A prediction made while Redis is unreachable is still answered, but not remembered
/// (<see cref="Dropped"/>); one whose outcome is posted within milliseconds to another replica may not be stored yet.
/// </summary>
public sealed class RedisOutcomeStore : IOutcomeStore
{
    private readonly Task<IConnectionMultiplexer> _connection;
    private long _dropped;

    /// <summary>Creates the store over an open connection.</summary>
    /// <param name="connection">The Redis connection (shared; not disposed here).</param>
    /// <param name="timeToLive">How long a prediction waits for its outcome (the label's delay and some margin).</param>
    public RedisOutcomeStore(IConnectionMultiplexer connection, TimeSpan timeToLive)
        : this(Task.FromResult(connection ?? throw new ArgumentNullException(nameof(connection))), timeToLive)
    {
    }

    /// <summary>Creates the store over a connection still being opened: predictions made before it is open are not
    /// remembered (so a slow or absent Redis never delays the service's start); outcomes wait for it.</summary>
    /// <param name="connection">The Redis connection being opened (shared; not disposed here).</param>
    /// <param name="timeToLive">How long a prediction waits for its outcome (the label's delay and some margin).</param>
    public RedisOutcomeStore(Task<IConnectionMultiplexer> connection, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        _connection = connection;
        TimeToLive = timeToLive;
    }

    /// <summary>How long a prediction waits for its outcome.</summary>
    public TimeSpan TimeToLive { get; }

    /// <summary>The Redis key of a waiting prediction; the service name is the hash tag, so one service's keys share a
    /// cluster slot and a batch is taken by one script.</summary>
    public static string KeyOf(string service, string key) => $"mlascode:outcome:{{{service}}}:{key}";

    // Takes every key of a batch atomically: all of them or (on failure) none.
    private const string TakeAll = "local taken = {} for i, key in ipairs(KEYS) do taken[i] = redis.call('GETDEL', key) end return taken";

    /// <inheritdoc />
    public void Remember(string service, string key, PendingOutcome prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var redisKey = KeyOf(service, key);
        var value = string.Create(CultureInfo.InvariantCulture, $"{prediction.Arm}|{prediction.Window}|{prediction.Score:R}|{prediction.ModelVersion}");
        try
        {
            // Fire and forget queues the command without a connection, so the state is checked first.
            var database = _connection.IsCompletedSuccessfully ? _connection.Result.GetDatabase() : null;
            if (database is null || !database.IsConnected(redisKey))
            {
                Interlocked.Increment(ref _dropped);
                return;
            }

            database.StringSet(redisKey, value, TimeToLive, flags: CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException)
        {
            // Redis is unreachable (or the host is stopping): the prediction is still answered; its outcome will not
            // be matched.
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Predictions not remembered because Redis could not be reached.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <inheritdoc />
    /// <remarks>The batch is taken by one script, atomically; it is not cancelled once sent (a cancelled request would
    /// lose outcomes Redis already handed out).</remarks>
    /// <exception cref="RedisException">Redis cannot be reached or refused the script.</exception>
    /// <exception cref="TimeoutException">Redis did not answer in time.</exception>
    public async Task<PendingOutcome?[]> TakeAsync(string service, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return [];
        }

        var database = (await _connection.ConfigureAwait(false)).GetDatabase();
        var result = await database.ScriptEvaluateAsync(TakeAll, [.. keys.Select(k => (RedisKey)KeyOf(service, k))]).ConfigureAwait(false);
        var values = (RedisResult[])result!;
        return [.. Enumerable.Range(0, keys.Count).Select(i => i < values.Length && !values[i].IsNull ? Parse((RedisValue)values[i]) : null)];
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
