using System;
using System.Linq;
using System.Threading.Tasks;

namespace MlAsCode.Serving;

/// <summary>One Redis connection per configuration string, shared by the services of the host and closed with it.</summary>
internal sealed class RedisConnections : IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<StackExchange.Redis.IConnectionMultiplexer>>> _connections = new(StringComparer.Ordinal);

    /// <summary>The connection for <paramref name="configuration"/>, opened in the background on first use, so the
    /// host starts without waiting for Redis. It does not fail when Redis is down (it keeps reconnecting); outcomes
    /// posted meanwhile are answered with 503.</summary>
    public Task<StackExchange.Redis.IConnectionMultiplexer> Connect(string configuration) => _connections.GetOrAdd(configuration, c => new(async () =>
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse(c);
        options.AbortOnConnectFail = false;
        // While disconnected, commands fail at once (predictions go on; posted outcomes get a 503) instead of queueing.
        options.BacklogPolicy = StackExchange.Redis.BacklogPolicy.FailFast;
        return await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
    })).Value;

    public void Dispose()
    {
        foreach (var connection in _connections.Values.Where(c => c.IsValueCreated && c.Value.IsCompletedSuccessfully))
        {
            connection.Value.Result.Dispose();
        }
    }
}
