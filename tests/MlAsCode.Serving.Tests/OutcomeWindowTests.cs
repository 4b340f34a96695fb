using System;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

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

        app.Service.StartCanary("EXP-canary", model.ModelPath, model.PipelinePath, 50);
        Assert.Equal(1, await Outcome(app, "before", 1));
        Assert.All(app.Service.ArmWindows(reset: false).Values, w => Assert.Empty(w.Labels));

        var arm = await Predict(app, model.Rows[1], "during");
        Assert.Equal(1, await Outcome(app, "during", 0));
        var windows = app.Service.ArmWindows(reset: false);
        Assert.Single(windows[arm].Labels);
        Assert.Equal(0, windows[arm].Labels[0]);
        Assert.All(windows, w => Assert.True(w.Key == arm || w.Value.Labels.Length == 0));
    }
}
