using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace MlAsCode.Serving.Tests;

public sealed class MonitoringTests(TrainedModel model) : IClassFixture<TrainedModel>
{
    private static StringContent Row(Customer c) => Requests.Content(c);

    [Fact]
    public async Task The_monitor_finds_drift_on_the_input_that_shifted_and_reports_it_as_json_and_html()
    {
        var profile = System.IO.Path.Combine(model.Folder, $"profile-{Guid.NewGuid():N}.json");
        ReferenceProfiles.Create(Customer.Features, model.Rows, MlTask.BinaryClassification, model.ModelPath, model.PipelinePath).Save(profile);
        var log = System.IO.Path.Combine(model.Folder, $"monitored-{Guid.NewGuid():N}.jsonl");
        await using var app = await ServedApp.StartAsync(model, o =>
        {
            o.PredictionLogPath = log;
            o.Monitor = new MonitorOptions { ReferenceProfilePath = profile, WindowSize = 400, Interval = TimeSpan.FromHours(1) };
        });
        var monitor = app.Service.Monitor!;

        // A handful of requests is no distribution: the monitor says so instead of judging drift.
        foreach (var customer in model.Rows.Take(5))
        {
            await app.Client.PostAsync("/churn/predict", Row(customer));
        }

        await Flush(app, log, 5);
        var early = monitor.Check();
        Assert.Equal(("ok", 5), (early.Status, early.Predictions));
        Assert.Equal("only 5 predictions in the log; drift is judged from 100 (Monitor:MinimumPredictions)", early.Problem);
        Assert.Empty(early.Drift);

        // A window like the training data: no finding.
        foreach (var customer in model.Rows.Skip(1000).Take(400))
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Client.PostAsync("/churn/predict", Row(customer))).StatusCode);
        }

        await Flush(app, log, 405);
        var calm = monitor.Check();
        Assert.Null(calm.Problem);
        Assert.Equal(400, calm.Predictions);
        Assert.Equal("ok", calm.Status);
        Assert.All(calm.Drift.Values, psi => Assert.True(psi < 0.1, string.Join(", ", calm.Drift)));

        // Then a window of long-tenure customers only: tenure shifts, the monitor says critical and what to do.
        foreach (var customer in model.Rows.Where(c => c.Tenure >= 48).Take(400))
        {
            await app.Client.PostAsync("/churn/predict", Row(customer));
        }

        await Flush(app, log, 805);
        var shifted = monitor.Check();
        Assert.Equal("critical", shifted.Status);
        var tenure = Assert.Single(shifted.Findings, f => f.Subject == "tenure");
        Assert.Equal(("feature_drift", "critical"), (tenure.Kind, tenure.Severity));
        Assert.Contains("Retrain on recent data within 24 h", tenure.Response);
        Assert.True(shifted.Drift["tenure"] > 0.25);
        Assert.NotNull(shifted.LatencyMs);

        var json = JsonNode.Parse(await app.Client.GetStringAsync("/monitoring?check=true"))!["Churn"]!;
        Assert.Equal("critical", json["status"]!.GetValue<string>());
        Assert.Equal(shifted.Drift["tenure"], json["drift"]!["tenure"]!.GetValue<double>(), 12);
        var page = await app.Client.GetStringAsync("/monitoring/page");
        Assert.Contains("aria-label=\"Drift by input\"", page);
        Assert.Contains("Retrain on recent data within 24 h", page);
    }

    [Fact]
    public async Task Without_a_prediction_log_the_monitor_says_what_is_missing()
    {
        await using var app = await ServedApp.StartAsync(model, o => o.Monitor = new MonitorOptions { ReferenceProfilePath = "unused.json", Interval = TimeSpan.FromHours(1) });
        var state = app.Service.Monitor!.Check();
        Assert.Contains("no prediction log", state.Problem);
        Assert.Equal("ok", state.Status);
    }

    // The log is written on a background task: wait until it holds the expected lines.
    [Fact]
    public async Task Outcomes_reveal_a_performance_drop_and_alerts_reach_the_webhook_once_per_change()
    {
        // A real HTTP receiver for the webhook.
        var alerts = new System.Collections.Concurrent.ConcurrentQueue<JsonNode>();
        var receiverBuilder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
        receiverBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        receiverBuilder.Logging.ClearProviders();
        await using var receiver = receiverBuilder.Build();
        receiver.MapPost("/alerts", async (Microsoft.AspNetCore.Http.HttpContext context) =>
        {
            alerts.Enqueue((await JsonNode.ParseAsync(context.Request.Body))!);
            return Microsoft.AspNetCore.Http.Results.Ok();
        });
        await receiver.StartAsync();

        var profile = System.IO.Path.Combine(model.Folder, $"profile-{Guid.NewGuid():N}.json");
        ReferenceProfiles.Create(Customer.Features, model.Rows, MlTask.BinaryClassification, model.ModelPath, model.PipelinePath).Save(profile);
        var log = System.IO.Path.Combine(model.Folder, $"outcomes-{Guid.NewGuid():N}.jsonl");
        await using var app = await ServedApp.StartAsync(model, o =>
        {
            o.PredictionLogPath = log;
            o.Monitor = new MonitorOptions
            {
                ReferenceProfilePath = profile, WindowSize = 300, Interval = TimeSpan.FromHours(1), MinimumLabels = 300,
                BaselineMetric = 0.60, PerformanceMetric = "pr_auc", WebhookUrl = receiver.Urls.First() + "/alerts",
            };
        });
        var monitor = app.Service.Monitor!;

        // 300 keyed predictions whose outcomes arrive as they happened: performance is measured, nothing is wrong.
        async Task<(double Score, bool Churned)[]> Predict(System.Collections.Generic.IEnumerable<Customer> customers, string prefix, Func<Customer, bool> outcome)
        {
            var pairs = new System.Collections.Generic.List<(double, bool)>();
            var batch = new JsonArray();
            var i = 0;
            foreach (var customer in customers)
            {
                var key = $"{prefix}-{i++}";
                using var request = new HttpRequestMessage(HttpMethod.Post, "/churn/predict") { Content = Row(customer), Headers = { { "X-Request-Key", key } } };
                var body = JsonNode.Parse(await (await app.Client.SendAsync(request)).Content.ReadAsStringAsync())!;
                pairs.Add((body["probability"]!.GetValue<double>(), outcome(customer)));
                batch.Add(new JsonObject { ["key"] = key, ["label"] = outcome(customer) ? 1 : 0 });
            }

            var recorded = JsonNode.Parse(await (await app.Client.PostAsync("/churn/outcomes", new StringContent(batch.ToJsonString(), Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync())!;
            Assert.Equal((pairs.Count, pairs.Count), (recorded["received"]!.GetValue<int>(), recorded["matched"]!.GetValue<int>()));
            return [.. pairs];
        }

        var calmPairs = await Predict(model.Rows.Skip(2000).Take(300), "calm", c => c.Churn == "Yes");
        await Flush(app, log, 300);
        var calm = await monitor.CheckAndAlertAsync();
        Assert.Equal(Evaluation.Metrics.AveragePrecision([.. calmPairs.Select(p => p.Churned)], [.. calmPairs.Select(p => p.Score)]), calm.Performance!.Value, 12);
        Assert.True(calm.Performance > 0.6, $"{calm.Performance}");
        Assert.Equal("ok", calm.Status);
        Assert.Empty(alerts);

        // The relationship changes: the long-standing customers the model calls safe are the ones who now leave.
        await Predict(model.Rows.Skip(3000).Take(300), "drifted", c => c.Tenure >= 30);
        await Flush(app, log, 600);
        var dropped = await monitor.CheckAndAlertAsync();
        var finding = Assert.Single(dropped.Findings, f => f.Kind == "performance_drop");
        Assert.Equal(("pr_auc", "critical"), (finding.Subject, finding.Severity));
        // Earned: the whole 95% interval of the window's PR-AUC lies under the holdout's 0.60, and the state says so.
        Assert.True(dropped.PerformanceCheck!.Value!.Upper < 0.60, dropped.PerformanceCheck.Note);
        Assert.Contains("the 95% interval excludes it", finding.Response, StringComparison.Ordinal);
        Assert.Contains("retrain with new labels", finding.Response, StringComparison.Ordinal);
        // The outcomes' churn share (about 1 in 2 now) no longer matches training's: label drift, a warning.
        var labels = Assert.Single(dropped.Findings, f => f.Kind == "label_drift");
        Assert.Equal("warning", labels.Severity);
        Assert.Contains("verify label quality", labels.Response, StringComparison.Ordinal);
        var alert = Assert.Single(alerts);
        Assert.Equal("critical", alert["status"]!.GetValue<string>());
        Assert.Contains(alert["findings"]!.AsArray(), f => f!["kind"]!.GetValue<string>() == "performance_drop");
        Assert.Equal(dropped.Performance!.Value, alert["performance"]!.GetValue<double>(), 12);
        Assert.Contains("the 95% interval excludes it", await app.Client.GetStringAsync("/monitoring/page"), StringComparison.Ordinal);

        // Outcomes without a label are refused as a whole, naming the entry.
        using (var invalid = await app.Client.PostAsync("/churn/outcomes", new StringContent("[{\"key\":\"calm-1\",\"label\":1},{\"key\":\"calm-2\"},null]", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            var errors = JsonNode.Parse(await invalid.Content.ReadAsStringAsync())!["errors"]!.AsObject();
            Assert.Equal(["[1]", "[2]"], errors.Select(e => e.Key).ToArray());
        }

        // The same findings again: no second alert.
        await monitor.CheckAndAlertAsync();
        Assert.Single(alerts);
        Assert.Equal(0, JsonNode.Parse(await (await app.Client.PostAsync("/churn/outcomes", new StringContent("[{\"key\":\"unknown\",\"label\":1}]", Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync())!["matched"]!.GetValue<int>());
    }

    private static async Task Flush(ServedApp app, string log, int lines)
    {
        for (var i = 0; i < 200 && (!System.IO.File.Exists(log) || ReadLines(log) < lines); i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(lines, ReadLines(log));
    }

    private static int ReadLines(string path)
    {
        using var stream = new System.IO.FileStream(path, System.IO.FileMode.Open, System.IO.FileAccess.Read, System.IO.FileShare.ReadWrite);
        using var reader = new System.IO.StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is not null)
        {
            count++;
        }

        return count;
    }
}
