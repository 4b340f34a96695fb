using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlAsCode.Registry;
using MlAsCode.Retraining;

namespace MlAsCode.Tests.Retraining;

/// <summary>The pipeline's failure paths, with a canary target that reports what the test says.</summary>
public sealed class RetrainingPipelineTests : IDisposable
{
    private readonly TestDatabases _databases = new();

    public void Dispose() => _databases.Dispose();

    private sealed class ScriptedCanary(Func<double, CanaryObservation> observe) : ICanaryTarget
    {
        public string State { get; private set; } = "idle";

        public Task StartAsync(CandidateModel candidate, double percent, CancellationToken cancellationToken)
        {
            State = "running";
            return Task.CompletedTask;
        }

        public Task SetPercentAsync(double percent, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<CanaryObservation> ObserveAsync(double percent, CancellationToken cancellationToken) => Task.FromResult(observe(percent));

        public Task CompleteAsync(CancellationToken cancellationToken)
        {
            State = "completed";
            return Task.CompletedTask;
        }

        public Task AbortAsync(CancellationToken cancellationToken)
        {
            State = "aborted";
            return Task.CompletedTask;
        }
    }

    private string File(string name, byte fill)
    {
        Directory.CreateDirectory(_databases.Folder);
        var path = Path.Combine(_databases.Folder, name);
        System.IO.File.WriteAllBytes(path, Enumerable.Repeat(fill, 512).ToArray());
        return path;
    }

    // A registry with 1.0.0 in production; the policy asks for a load test and an integration test, and an approval
    // unless told otherwise.
    private async Task<ModelRegistry> WithProduction(bool approvalRequired = false)
    {
        var registry = new SqliteModelRegistry(Path.Combine(_databases.Folder, "registry.db"),
            policy: approvalRequired ? PromotionPolicy.Default : new PromotionPolicy { RequiredChecks = [ModelChecks.LoadTest, ModelChecks.IntegrationTest] });
        var v = await registry.RegisterAsync(new ModelRegistration
        {
            Model = "churn", OnnxPath = File("v1.onnx", 1), PrimaryMetric = new ModelMetric("pr_auc", 0.60),
            Lineage = new ModelLineage("run1", new string('d', 64), new string('f', 64), "c1"),
        });
        await registry.PromoteToStagingAsync("churn", v.Version, "ana", "first");
        await registry.RecordCheckAsync("churn", v.Version, ModelChecks.LoadTest, true, "ok", "ci");
        await registry.RecordCheckAsync("churn", v.Version, ModelChecks.IntegrationTest, true, "ok", "ci");
        await registry.ApproveAsync("churn", v.Version, "maria", "first release");
        await registry.PromoteToProductionAsync("churn", v.Version, "ana", "first");
        return registry;
    }

    private RetrainingPipeline Pipeline(ModelRegistry registry, ICanaryTarget canary) => new(registry, canary,
        new RetrainingOptions { Model = "churn", GoldenSet = (_, _) => Task.FromResult(new GoldenSetResult(true, "ok")) },
        (_, _) => Task.FromResult(new CandidateModel(File("v2.onnx", 2), File("v2.json", 3), new ModelLineage("run2", new string('d', 64), new string('f', 64), "c2"),
            new ModelMetric("pr_auc", 0.65), [])));

    private static ArmHealth Healthy(int requests) => new(requests, 0, 1, 0.6, requests);

    [Fact]
    public async Task A_canary_that_fails_midway_leaves_the_traffic_and_the_registry_before_the_error_goes_on()
    {
        var registry = await WithProduction();
        var canary = new ScriptedCanary(percent => percent < 50 ? new(Healthy(1000), Healthy(500)) : throw new TimeoutException("the metrics backend did not answer"));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => Pipeline(registry, canary).RunAsync("scheduled: weekly"));
        Assert.Equal("the metrics backend did not answer", error.Message);
        Assert.Equal("aborted", canary.State);
        Assert.Equal(ModelStage.Archived, (await registry.GetAsync("churn", "1.1.0"))!.Stage);
        Assert.Equal("1.0.0", (await registry.GetProductionAsync("churn"))!.Version);
        Assert.Contains(await registry.HistoryAsync("churn"), e => e is { Action: "canary_aborted", Version: "1.1.0", Reason: "the metrics backend did not answer" });
    }

    [Fact]
    public async Task A_canary_nobody_reaches_is_rolled_back_not_promoted()
    {
        var registry = await WithProduction();
        var canary = new ScriptedCanary(_ => new(Healthy(1000), new ArmHealth(0, 0, 0, null, 0)));
        var outcome = await Pipeline(registry, canary).RunAsync("scheduled: weekly");
        Assert.Equal(("rolled_back", "aborted"), (outcome.Status, canary.State));
        Assert.StartsWith("only 0 requests reached the candidate", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal("1.0.0", (await registry.GetProductionAsync("churn"))!.Version);
    }

    [Fact]
    public async Task A_healthy_canary_that_needs_a_human_waits_in_staging()
    {
        var registry = await WithProduction(approvalRequired: true);
        var canary = new ScriptedCanary(_ => new(Healthy(1000), Healthy(1000)));
        var outcome = await Pipeline(registry, canary).RunAsync("drift");
        Assert.Equal(("awaiting_approval", "aborted"), (outcome.Status, canary.State));
        Assert.Equal(ModelStage.Staging, (await registry.GetAsync("churn", outcome.Version!))!.Stage);
        Assert.Equal("1.0.0", (await registry.GetProductionAsync("churn"))!.Version);
    }
}
