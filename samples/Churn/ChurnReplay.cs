using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Logging;
using MlAsCode.Registry;

namespace Churn;

/// <summary>
/// Serving (Phase 5), A/B testing and monitoring (Phase 7) without leaving the sample: the generated service runs on a
/// loopback port with the registry's production version as the control and the logistic model as the treatment of a
/// 50/50 A/B test, and every holdout customer is sent through real HTTP, keyed by customer so each keeps its arm. The
/// customers' churn labels are then posted as outcomes, and the monitor is asked for a check. What it leaves behind is
/// what a served model leaves: the prediction log (<c>predictions.jsonl</c>, read by <c>mlac drift</c> and
/// <c>mlac cost</c>) and a per-customer outcome file (<c>ab_outcomes.csv</c>, read by <c>mlac abtest analyze</c>).
/// </summary>
/// <remarks>The holdout replay stands in for live traffic: the outcome is whether the model's flag (probability at
/// least 0.5) matched the customer's churn, not the retention a real test of an offer would measure.</remarks>
internal static class ChurnReplay
{
    /// <summary>Requests per second the replay stays under: the service allows 500 per client ([Serve]).</summary>
    private const int RequestsPerSecond = 400;

    public sealed record Result(string PredictionLog, string Outcomes, JsonObject Monitoring, IReadOnlyList<(string Arm, string Version, int Customers, double Correct, double MedianLatencyMs, int Fallbacks)> Arms);

    public static async Task<Result> RunAsync(string output, IReadOnlyList<Customer> holdout, string registryPath, ModelVersion production,
        string treatmentFolder, string treatmentVersion)
    {
        var defaults = ChurnServer.Defaults(output, registryPath, production);
        var log = defaults["MlAsCode:Serving:Churn:PredictionLogPath"]!;
        File.Delete(log);   // the log appends; each run of the sample starts a fresh one
        defaults["MlAsCode:Serving:Churn:AbTest:Name"] = "churn-lightgbm-vs-logistic";
        defaults["MlAsCode:Serving:Churn:AbTest:TreatmentPercent"] = "50";
        defaults["MlAsCode:Serving:Churn:AbTest:ControlVersion"] = production.Version;
        defaults["MlAsCode:Serving:Churn:AbTest:TreatmentVersion"] = treatmentVersion;
        defaults["MlAsCode:Serving:Churn:AbTest:TreatmentModelPath"] = Path.Combine(treatmentFolder, "model.onnx");
        defaults["MlAsCode:Serving:Churn:AbTest:TreatmentPipelinePath"] = Path.Combine(treatmentFolder, "feature_pipeline.json");

        var builder = WebApplication.CreateBuilder();
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddChurnService();
        var app = builder.Build();
        app.MapChurnService();
        await app.StartAsync();
        var answers = new List<(string Key, string Arm, string Version, double Probability, string Source, double LatencyMs, bool Churned)>();
        JsonObject monitoring;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            await WaitUntilReady(client);

            var clock = Stopwatch.StartNew();
            for (var i = 0; i < holdout.Count; i++)
            {
                // Pacing: never ahead of RequestsPerSecond.
                var due = TimeSpan.FromSeconds(i / (double)RequestsPerSecond);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                var key = $"customer-{i:D4}";
                using var request = new HttpRequestMessage(HttpMethod.Post, "/churn/predict") { Content = Json(Request(holdout[i])) };
                request.Headers.Add("X-Request-Key", key);
                var watch = Stopwatch.StartNew();
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                watch.Stop();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"POST /churn/predict for {key} answered {(int)response.StatusCode}: {body}");
                }

                var answer = JsonNode.Parse(body)!;
                answers.Add((key, answer["arm"]?.GetValue<string>() ?? "control", answer["model_version"]!.GetValue<string>(),
                    answer["probability"]!.GetValue<double>(), answer["source"]!.GetValue<string>(), watch.Elapsed.TotalMilliseconds, holdout[i].Churn == "Yes"));
            }

            // The outcomes arrive later in real life (30 days for churn); here they are the holdout's labels.
            foreach (var chunk in answers.Chunk(500))
            {
                var outcomes = new JsonArray([.. chunk.Select(a => (JsonNode)new JsonObject { ["key"] = a.Key, ["label"] = a.Churned ? 1 : 0 })]);
                using var posted = await client.PostAsync("/churn/outcomes", Json(outcomes));
                posted.EnsureSuccessStatusCode();
            }

            monitoring = JsonNode.Parse(await client.GetStringAsync("/monitoring?check=true"))!["Churn"]!.AsObject();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();   // flushes the prediction log
        }

        var outcomesPath = Path.Combine(output, "ab_outcomes.csv");
        var csv = new StringBuilder("customer,arm,model_version,probability,correct,latency_ms\n");
        foreach (var a in answers)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{a.Key},{a.Arm},{a.Version},{a.Probability:R},{((a.Probability >= 0.5) == a.Churned ? 1 : 0)},{a.LatencyMs:0.###}\n");
        }

        await File.WriteAllTextAsync(outcomesPath, csv.ToString());
        var arms = answers.GroupBy(a => a.Arm).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var latencies = g.Select(a => a.LatencyMs).Order().ToArray();
            return (g.Key, g.First().Version, g.Count(), g.Average(a => (a.Probability >= 0.5) == a.Churned ? 1.0 : 0.0),
                latencies[(latencies.Length - 1) / 2], g.Count(a => a.Source != "model"));
        }).ToList();
        return new Result(log, outcomesPath, monitoring, arms);
    }

    // The request body: the fields the feature set reads, named as their CSV columns (the service refuses any other).
    private static JsonObject Request(Customer c) => new()
    {
        ["partner"] = c.Partner,
        ["dependents"] = c.Dependents,
        ["tenure"] = c.Tenure,
        ["contract"] = c.Contract,
        ["internet_service"] = c.InternetService,
        ["payment_method"] = c.PaymentMethod,
        ["paperless_billing"] = c.PaperlessBilling,
        ["monthly_charges"] = c.MonthlyCharges,
        ["total_charges"] = c.TotalCharges,
    };

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task WaitUntilReady(HttpClient client)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var ready = await client.GetAsync("/ready");
            if (ready.IsSuccessStatusCode)
            {
                return;
            }

            if (waited.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new InvalidOperationException($"The churn service was not ready after a minute: {await ready.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(100);
        }
    }
}
