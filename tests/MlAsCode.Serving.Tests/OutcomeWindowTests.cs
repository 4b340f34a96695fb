using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MlAsCode.Serving.Tests;

/// <summary>A canary compares its arms on the predictions made during it: the outcome of a prediction made before it
/// started is matched (and taken) but counts in neither arm's window.</summary>
public sealed class OutcomeWindowTests(TrainedModel model) : IClassFixture<TrainedModel>
{
    private static async Task<string> Predict(ServedApp app, Customer customer, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/churn/predict") { Content = Requests.Content(customer), Headers = { { "X-Request-Key", key } } };
        using var response = await app.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["arm"]?.GetValue<string>() ?? "control";
    }

    private static async Task<int> Outcome(ServedApp app, string key, int label)
    {
        using var posted = await app.Client.PostAsync("/churn/outcomes",
            new StringContent(new JsonArray(new JsonObject { ["key"] = key, ["label"] = label }).ToJsonString(), Encoding.UTF8, "application/json"));
        return JsonNode.Parse(await posted.Content.ReadAsStringAsync())!["matched"]!.GetValue<int>();
    }

    [Fact]
    public async Task An_outcome_from_before_a_canary_counts_in_neither_arm_and_one_from_during_it_counts_in_its_own()
    {
        await using var app = await ServedApp.StartAsync(model, o =>
            o.Monitor = new MonitorOptions { Interval = TimeSpan.FromHours(1), WindowSize = 100, MinimumLabels = 1, BaselineMetric = 0.6 });
        await Predict(app, model.Rows[0], "before");

        await app.Service.StartCanaryAsync("EXP-canary", model.ModelPath, model.PipelinePath, 50);
        Assert.Equal(1, await Outcome(app, "before", 1));
        Assert.All(app.Service.ArmWindows(reset: false).Values, w => Assert.Empty(w.Labels));

        var arm = await Predict(app, model.Rows[1], "during");
        Assert.Equal(1, await Outcome(app, "during", 0));
        var windows = app.Service.ArmWindows(reset: false);
        Assert.Single(windows[arm].Labels);
        Assert.Equal(0, windows[arm].Labels[0]);
        Assert.All(windows, w => Assert.True(w.Key == arm || w.Value.Labels.Length == 0));
    }

    // A store of the team's own, registered for the service by name.
    private sealed class RecordingStore : IOutcomeStore
    {
        public List<(string Service, string Key, PendingOutcome Prediction)> Remembered { get; } = [];

        public void Remember(string service, string key, PendingOutcome prediction)
        {
            lock (Remembered)
            {
                Remembered.Add((service, key, prediction));
            }
        }

        public Task<PendingOutcome?[]> TakeAsync(string service, IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
            Task.FromResult(new PendingOutcome?[keys.Count]);
    }

    [Fact]
    public async Task An_outcome_store_registered_for_the_service_is_the_one_it_uses()
    {
        var store = new RecordingStore();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddKeyedSingleton<IOutcomeStore>("Churn", store);
        builder.Services.AddMlService("Churn", Customer.Features, MlTask.BinaryClassification, o =>
        {
            (o.ModelPath, o.PipelinePath, o.ModelVersion) = (model.ModelPath, model.PipelinePath, "EXP-2026-11-26-001");
            o.Monitor = new MonitorOptions { Interval = TimeSpan.FromHours(1), BaselineMetric = 0.6 };
        });
        await using var app = builder.Build();
        app.MapMlService<Customer>("Churn", "/churn");
        await app.StartAsync();
        await app.Services.GetRequiredKeyedService<ModelService<Customer>>("Churn").WhenLoaded;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/churn/predict") { Content = Requests.Content(model.Rows[0]), Headers = { { "X-Request-Key", "own-1" } } };
        using var client = app.GetTestClient();
        (await client.SendAsync(request)).EnsureSuccessStatusCode();
        var (service, key, prediction) = Assert.Single(store.Remembered);
        Assert.Equal(("Churn", "own-1", "control", "EXP-2026-11-26-001"), (service, key, prediction.Arm, prediction.ModelVersion));
        await app.StopAsync();
    }
}
