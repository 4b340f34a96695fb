using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace MlAsCode.Serving.Tests;

/// <summary>
/// Outcomes shared by replicas through Redis (the server in <c>MLASCODE_REDIS</c>; <c>.ci/run</c> starts one on
/// loopback): a prediction made by one replica is matched by the outcome another replica receives, once.
/// </summary>
public sealed class RedisOutcomeTests(TrainedModel model) : IClassFixture<TrainedModel>
{
    private static string Redis()
    {
        var server = Environment.GetEnvironmentVariable("MLASCODE_REDIS");
        Assert.False(string.IsNullOrWhiteSpace(server),
            "MLASCODE_REDIS is not set: run the tests through .ci/run, which starts redis-server on loopback, or point it at a Redis 6.2+ server (e.g. 127.0.0.1:6379).");
        return server!;
    }

    private Task<ServedApp> Replica(string redis, string name) => ServedApp.StartAsync(model, o =>
    {
        o.PredictionLogPath = System.IO.Path.Combine(model.Folder, $"{name}-{Guid.NewGuid():N}.jsonl");
        o.Monitor = new MonitorOptions { WindowSize = 200, Interval = TimeSpan.FromHours(1), MinimumLabels = 200, BaselineMetric = 0.60, PerformanceMetric = "pr_auc" };
        o.Outcomes = new OutcomeStoreOptions { Redis = redis, TimeToLive = TimeSpan.FromHours(2) };
    });

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    [Fact]
    public async Task An_outcome_posted_to_another_replica_matches_its_prediction_once()
    {
        var redis = Redis();
        await using var first = await Replica(redis, "first");
        await using var second = await Replica(redis, "second");
        // The connection opens in the background (the host does not wait for Redis); predictions made before it is
        // open are not remembered, so the test waits for it.
        var connection = await first.Services.GetRequiredService<RedisConnections>().Connect(redis);

        var run = Guid.NewGuid().ToString("N");
        var customers = model.Rows.Skip(1500).Take(200).ToArray();
        var outcomes = new JsonArray();
        var scores = new double[customers.Length];
        for (var i = 0; i < customers.Length; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/churn/predict") { Content = Requests.Content(customers[i]), Headers = { { "X-Request-Key", $"{run}-{i}" } } };
            scores[i] = JsonNode.Parse(await (await first.Client.SendAsync(request)).Content.ReadAsStringAsync())!["probability"]!.GetValue<double>();
            outcomes.Add(new JsonObject { ["key"] = $"{run}-{i}", ["label"] = customers[i].Churn == "Yes" ? 1 : 0 });
        }

        // The first replica's writes are fire-and-forget; a reply on its connection means Redis has applied them.
        await connection.GetDatabase().PingAsync();
        var ttl = await connection.GetDatabase().KeyTimeToLiveAsync(RedisOutcomeStore.KeyOf("Churn", $"{run}-0"));
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(1.9), TimeSpan.FromHours(2));

        var recorded = JsonNode.Parse(await (await second.Client.PostAsync("/churn/outcomes", Json(outcomes))).Content.ReadAsStringAsync())!;
        Assert.Equal((200, 200), (recorded["received"]!.GetValue<int>(), recorded["matched"]!.GetValue<int>()));
        // Taken once: neither replica matches them again.
        Assert.Equal(0, JsonNode.Parse(await (await first.Client.PostAsync("/churn/outcomes", Json(outcomes))).Content.ReadAsStringAsync())!["matched"]!.GetValue<int>());

        // The second replica measured the first replica's predictions.
        var state = await second.Service.Monitor!.CheckAndAlertAsync();
        Assert.Equal(Evaluation.Metrics.AveragePrecision([.. customers.Select(c => c.Churn == "Yes")], scores), state.Performance!.Value, 6);
    }

    [Fact]
    public async Task Without_redis_predictions_are_answered_and_outcomes_get_a_503()
    {
        await using var app = await Replica("127.0.0.1:1,connectTimeout=200", "unreachable");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/churn/predict") { Content = Requests.Content(model.Rows[0]), Headers = { { "X-Request-Key", "k-1" } } };
        using var answer = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("model", JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["source"]!.GetValue<string>());

        using var posted = await app.Client.PostAsync("/churn/outcomes", Json(new JsonArray(new JsonObject { ["key"] = "k-1", ["label"] = 1 })));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, posted.StatusCode);
        Assert.Contains("The outcome store is unavailable", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
