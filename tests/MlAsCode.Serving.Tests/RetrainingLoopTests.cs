using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MlAsCode.Evaluation;
using MlAsCode.Experiments;
using MlAsCode.Registry;
using MlAsCode.Retraining;
using MlAsCode.Training.Trainers;

namespace MlAsCode.Serving.Tests;

/// <summary>
/// The whole retraining loop on the churn data with a simulated drift. Production (1.0.0) is trained by the experiment
/// runner on the original data. Then the world changes: prices rise 35% (feature drift on monthly charges) and fiber
/// customers on one- and two-year contracts start to leave (concept drift). The drift trigger fires, the experiment
/// runner retrains on the latest data, the candidate passes the gates, and a canary through the served model's A/B
/// router (real HTTP, keys in X-Request-Key, outcomes recorded per key) takes it 5% → 25% → 50% → 100% into
/// production. A second candidate whose model fails in production is rolled back automatically at 5%.
/// </summary>
public sealed class RetrainingLoopTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlac-retrain-" + Guid.NewGuid().ToString("N"));
    private readonly Customer[] _original = [.. Customer.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv"))];

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    // The drifted world: every price 35% higher; fiber customers on long contracts now churn 70% of the time.
    // 80-odd requests per step through a test server on a shared two-core runner: scheduling noise alone moves a median
    // by milliseconds, so latencies under 25 ms count as equal here (the latency rule is tested with numbers in
    // RetrainingRulesTests); error rate and the primary metric are judged as in production.
    private static readonly CanaryPolicy Policy = new() { MinimumRequests = 50, LatencyFloorMs = 25 };

    private static Customer[] Drifted(IEnumerable<Customer> rows, int seed)
    {
        var random = new Random(seed);
        return [.. rows.Select(c => c with
        {
            MonthlyCharges = c.MonthlyCharges * 1.35f,
            TotalCharges = c.TotalCharges * 1.35,
            Churn = c.InternetService == "Fiber optic" && c.Contract != "Month-to-month" ? (random.NextDouble() < 0.7 ? "Yes" : "No") : c.Churn,
        })];
    }

    private async Task<CandidateModel> Train(IReadOnlyList<Customer> rows, string name)
    {
        var settings = new ExperimentSettings
        {
            Id = "EXP-2026-11-26-020",
            Hypothesis = "LightGBM on the latest data beats production on PR-AUC",
            Split = SplitStrategy.Stratified,
            Folds = 3,
            Seed = 7,
            Resamples = 50,
            CheckCalibration = false,
            Fixed = System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, object>("num_iterations", 60)]),
        };
        var runner = new ExperimentRunner<Customer>(settings, ChurnProblem.Brief, Customer.Features, new MlNetTrainer(ModelFamily.LightGbm, MlTask.BinaryClassification, 7));
        var output = Path.Combine(_folder, name);
        var report = await runner.RunAsync(rows, new ExperimentRunOptions { OutputDirectory = output });
        var pipeline = Path.Combine(output, "feature_pipeline.json");
        var metric = report.Metrics.Single(m => m.Metric == Metric.RocAuc).Score.Value;
        return new CandidateModel(Path.Combine(output, "model.onnx"), pipeline,
            new ModelLineage(report.RunId ?? name, report.DatasetSha256, ArtifactStore.Hash(File.ReadAllBytes(pipeline)), "test"),
            new ModelMetric("pr_auc", report.Primary.Value), [new ModelMetric("roc_auc", metric)]);
    }

    [Fact]
    public async Task Drift_triggers_retraining_and_the_candidate_reaches_production_through_a_canary_or_is_rolled_back()
    {
        var registry = new SqliteModelRegistry(Path.Combine(_folder, "registry.db"), policy: new PromotionPolicy { ApprovalForMajorVersionsOnly = true });

        // Production 1.0.0: trained on the original data, through the registry's full workflow.
        var first = await Train(_original, "v1");
        var v1 = await registry.RegisterAsync(new ModelRegistration
        {
            Model = "churn", OnnxPath = first.OnnxPath, PipelinePath = first.PipelinePath, Lineage = first.Lineage,
            PrimaryMetric = first.PrimaryMetric, Guardrails = first.Guardrails, RegisteredBy = "ana",
        });
        await registry.PromoteToStagingAsync("churn", v1.Version, "ana", "first model");
        await registry.RecordCheckAsync("churn", v1.Version, ModelChecks.LoadTest, true, "p99 12 ms at 200 rps", "ci");
        await registry.RecordCheckAsync("churn", v1.Version, ModelChecks.IntegrationTest, true, "smoke suite", "ci");
        await registry.ApproveAsync("churn", v1.Version, "maria", "first release after review");
        await registry.PromoteToProductionAsync("churn", v1.Version, "maria", "first release");
        var (productionOnnx, productionPipeline) = await registry.ExportAsync("churn", v1.Version, Path.Combine(_folder, "serving"));

        await using var served = await ServedApp.StartAsync(productionOnnx, productionPipeline!, o => o.ModelVersion = v1.Version, controlled: true);
        var traffic = Drifted(_original, seed: 11);
        var drifted = Drifted(_original, seed: 3);

        // Monitoring sees the drift: PSI of the latest inputs against the training data, per column.
        var psi = new Dictionary<string, double>
        {
            ["monthly_charges"] = Monitoring.Drift.Compare([.. _original.Select(c => (double)c.MonthlyCharges)], [.. traffic.Select(c => (double)c.MonthlyCharges)]).Psi,
            ["tenure"] = Monitoring.Drift.Compare([.. _original.Select(c => (double)c.Tenure)], [.. traffic.Select(c => (double)c.Tenure)]).Psi,
        };
        Assert.True(psi["monthly_charges"] > 0.2 && psi["tenure"] < 0.1, string.Join(", ", psi));
        var triggers = new RetrainingTriggers { DriftPsiAbove = 0.2 };

        var service = served.Service;
        var sent = 0;
        var pipeline = new RetrainingPipeline(registry, new ServiceCanary<Customer>(service, (percent, ct) => SendTraffic(served.Client, service, traffic, percent, ref sent), AveragePrecision, minimumLabels: 60),
            new RetrainingOptions { Model = "churn", GoldenSet = (candidate, _) => Task.FromResult(Golden(candidate)), Canary = Policy },
            (reason, _) => Train(drifted, "v2"));

        var outcome = await pipeline.RunIfTriggeredAsync(triggers, DateTimeOffset.UtcNow, [], psi, ["contract", "tenure", "monthly_charges"]);
        Assert.NotNull(outcome);
        output.WriteLine(string.Join("\n", outcome.Steps));
        Assert.True(outcome.Status == "promoted", string.Join("\n", outcome.Steps));
        Assert.Equal("1.1.0", outcome.Version);
        Assert.Equal("1.1.0", (await registry.GetProductionAsync("churn"))!.Version);
        Assert.Equal(ModelStage.Archived, (await registry.GetAsync("churn", "1.0.0"))!.Stage);

        // Every step is in the registry's history, in order: trigger, gates, four canary steps, promotion.
        var history = (await registry.HistoryAsync("churn")).SkipWhile(e => e.Action != "retraining_started").ToList();
        Assert.Contains("drift: PSI", history[0].Reason, StringComparison.Ordinal);
        Assert.Contains("monthly_charges", history[0].Reason, StringComparison.Ordinal);
        var canarySteps = history.Where(e => e.Action == "canary_step").Select(e => e.Reason[..e.Reason.IndexOf('%')]).ToArray();
        Assert.Equal(["5", "25", "50", "100"], canarySteps);
        var actions = history.Select(e => e.Action).ToList();
        Assert.True(actions.IndexOf("registered") < actions.IndexOf("promoted") && actions.LastIndexOf("canary_step") < actions.LastIndexOf("promoted"), string.Join(", ", actions));
        Assert.Contains(history, e => e is { Action: "check" } && e.Reason.StartsWith("integration_test passed: golden set", StringComparison.Ordinal));
        Assert.Contains(history, e => e is { Action: "check" } && e.Reason.StartsWith("load_test passed: canary at 100%", StringComparison.Ordinal));
        Assert.Equal("retraining_completed", actions[^1]);

        // The service now answers with 1.1.0 only, and the canary's candidate measured better on the drifted traffic.
        var answer = await (await served.Client.SendAsync(Predict(traffic[0], "after"))).Content.ReadAsStringAsync();
        Assert.Contains("\"model_version\":\"1.1.0\"", answer, StringComparison.Ordinal);
        Assert.Null(service.AbTest);

        // A candidate that regresses a guardrail is rejected before any traffic reaches it.
        var third = await Train(Drifted(_original, seed: 5), "v3");
        var rejected = await new RetrainingPipeline(registry, new ServiceCanary<Customer>(service, (_, _) => throw new InvalidOperationException("no canary expected"), AveragePrecision),
            new RetrainingOptions { Model = "churn", GoldenSet = (candidate, _) => Task.FromResult(Golden(candidate)), Canary = Policy },
            (_, _) => Task.FromResult(third with { PrimaryMetric = third.PrimaryMetric with { Value = 0.99 }, Guardrails = [new ModelMetric("roc_auc", 0.70)] }))
            .RunAsync("scheduled: weekly");
        Assert.Equal(("rejected", "1.2.0"), (rejected.Status, rejected.Version));
        Assert.StartsWith("guardrail regressed: roc_auc 0.7 vs production 0.8", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(ModelStage.Archived, (await registry.GetAsync("churn", "1.2.0"))!.Stage);

        // A candidate that fails in production is rolled back at the first step; 1.1.0 keeps serving.
        var failing = new RetrainingPipeline(registry, new ServiceCanary<Customer>(service, (percent, ct) =>
            {
                served.Scorers[^1].Fail = true;   // the newest scorer is the candidate's: it crashes on every call
                return SendTraffic(served.Client, service, traffic, percent, ref sent);
            }, AveragePrecision, minimumLabels: 60),
            new RetrainingOptions { Model = "churn", GoldenSet = (candidate, _) => Task.FromResult(Golden(candidate)), Canary = Policy },
            (_, _) => Task.FromResult(third with { PrimaryMetric = third.PrimaryMetric with { Value = 0.99 }, Guardrails = [new ModelMetric("roc_auc", 0.99)] }));
        var rolledBack = await failing.RunAsync("scheduled: weekly");
        output.WriteLine(string.Join("\n", rolledBack.Steps));
        Assert.True(rolledBack.Status == "rolled_back", string.Join("\n", rolledBack.Steps));
        Assert.StartsWith("error rate 100.00% is more than 2x production's", rolledBack.Reason, StringComparison.Ordinal);
        Assert.Equal("1.1.0", (await registry.GetProductionAsync("churn"))!.Version);
        Assert.Equal(ModelStage.Archived, (await registry.GetAsync("churn", "1.3.0"))!.Stage);
        var last = (await registry.HistoryAsync("churn")).Where(e => e.Version == "1.3.0").Select(e => e.Action).ToArray();
        Assert.Equal(["registered", "promoted", "check", "check", "canary_step", "canary_rolled_back", "archived"], last);
        answer = await (await served.Client.SendAsync(Predict(traffic[1], "after-rollback"))).Content.ReadAsStringAsync();
        Assert.Contains("\"model_version\":\"1.1.0\"", answer, StringComparison.Ordinal);
    }

    // Sends keyed requests through the router and records each outcome, enough for the canary arm to collect labels.
    private static Task SendTraffic(HttpClient client, ModelService<Customer> service, Customer[] rows, double percent, ref int sent)
    {
        var count = (int)Math.Ceiling(80 * 100 / percent);
        var start = sent;
        sent += count;
        return Send(client, service, rows, start, Math.Min(count, 2400));
    }

    private static async Task Send(HttpClient client, ModelService<Customer> service, Customer[] rows, int start, int count)
    {
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var row = rows[(start + i) % rows.Length];
            var key = "customer-" + (start + i);
            using var response = await client.SendAsync(Predict(row, key), ct);
            response.EnsureSuccessStatusCode();
            await service.RecordOutcomesAsync([(key, row.Churn == "Yes" ? 1 : 0)], ct);
        });
    }

    private static HttpRequestMessage Predict(Customer row, string key) => new(HttpMethod.Post, "/churn/predict")
    {
        Content = Requests.Content(row),
        Headers = { { "X-Request-Key", key } },
    };

    private static double AveragePrecision(double[] scores, double[] labels) => Metrics.AveragePrecision([.. labels.Select(l => l > 0.5)], scores);

    // The golden set: the candidate must rank a fixed, hand-checked pair of customers correctly.
    private GoldenSetResult Golden(CandidateModel candidate)
    {
        using var scorer = new OnnxScorer(candidate.OnnxPath, MlTask.BinaryClassification, Customer.Features.LoadFile(candidate.PipelinePath!).Width);
        var pipeline = Customer.Features.LoadFile(candidate.PipelinePath!);
        float Score(Customer c)
        {
            var features = new float[pipeline.Width];
            pipeline.Transform(c, features);
            return scorer.Score(features, 1)[0];
        }

        var risky = new Customer { Contract = "Month-to-month", Tenure = 1, InternetService = "Fiber optic", MonthlyCharges = 95, PaperlessBilling = true, TotalCharges = 95 };
        var loyal = new Customer { Contract = "Two year", Tenure = 70, InternetService = "DSL", MonthlyCharges = 50, PaperlessBilling = false, TotalCharges = 3500 };
        var (r, l) = (Score(risky), Score(loyal));
        return new GoldenSetResult(r > l, FormattableString.Invariant($"new month-to-month fiber customer {r:0.###} vs loyal two-year DSL customer {l:0.###}"));
    }
}
