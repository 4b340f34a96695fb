using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

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

        // A window like the training data: no finding.
        foreach (var customer in model.Rows.Skip(1000).Take(400))
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Client.PostAsync("/churn/predict", Row(customer))).StatusCode);
        }

        await Flush(app, log, 400);
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

        await Flush(app, log, 800);
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
