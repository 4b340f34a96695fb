using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MlAsCode.Experiments;
using MlAsCode.Tracking;

namespace MlAsCode.Tests.Tracking;

/// <summary>
/// Every test runs on SQLite and on PostgreSQL. The PostgreSQL server comes from <c>MLASCODE_POSTGRES</c> (a connection
/// string; <c>.ci/run</c> starts a server on loopback and sets it); each test works in a schema of its own.
/// </summary>
public sealed class TrackingStoreTests : IDisposable
{
    private static readonly ExperimentRecord Experiment = new("EXP-2026-11-26-001", "Tenure features lift PR-AUC by >2%", "churn", "customer", "LightGbm");
    private readonly TestDatabases _databases = new();

    /// <summary>A way to open the same store again (as another process would) for the given kind.</summary>
    private Func<TimeProvider?, TrackingStore> Target(string kind, string name)
    {
        if (kind == "sqlite")
        {
            var path = Path.Combine(_databases.Folder, ".mlac", name + ".db");
            return clock => new SqliteTrackingStore(path, clock);
        }

        var connectionString = _databases.NewPostgresSchema();
        return clock => new PostgresTrackingStore(connectionString, clock);
    }

    public void Dispose() => _databases.Dispose();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_run_records_every_field_of_the_experiment_template(string kind)
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero));
        var open = Target(kind, "tracking");
        var store = open(clock);
        await store.SaveExperimentAsync(Experiment);
        await store.SaveExperimentAsync(Experiment); // idempotent
        var run = await store.StartRunAsync(Experiment.Id);
        await store.LogParametersAsync(run, [new("learning_rate", "0.05"), new("num_leaves", "31")]);
        await store.LogMetricsAsync(run, [new("pr_auc", 0.66, 0.62, 0.70), new("pr_auc", 0.41, Split: "baseline"), new("roc_auc", 0.85, 0.83, 0.87)]);
        await store.LogArtifactAsync(run, new ArtifactRecord("model.onnx", "out/model.onnx", new string('a', 64)));
        await store.FinishRunAsync(run, new RunOutcome("promoted", TimeSpan.FromSeconds(12.5), new string('d', 64), new string('f', 64), new string('h', 64), "beats the baseline by 0.25"));

        // A second store on the same file (another process) reads it all back.
        var read = (await open(null).GetRunAsync(run))!;
        Assert.Equal(Experiment, read.Experiment);
        Assert.Equal("finished", read.Status);
        Assert.Equal(clock.GetUtcNow(), read.StartedUtc);
        Assert.Equal("promoted", read.Outcome!.Verdict);
        Assert.Equal(12500, read.Outcome.WallTime.TotalMilliseconds);
        Assert.Equal("0.05", read.Parameters["learning_rate"]);
        Assert.Equal(3, read.Metrics.Length);
        Assert.Contains(new MetricRecord("pr_auc", 0.41, null, null, "baseline"), read.Metrics);
        Assert.Contains(new MetricRecord("pr_auc", 0.66, 0.62, 0.70, "holdout"), read.Metrics);
        Assert.Equal("out/model.onnx", read.Artifacts.Single().Path);
        Assert.Equal([run], (await store.ListRunsAsync(Experiment.Id)).ToArray());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Changed_declarations_unknown_experiments_and_double_finishes_are_refused(string kind)
    {
        var store = Target(kind, "t")(null);
        await store.SaveExperimentAsync(Experiment);
        var changed = await Assert.ThrowsAsync<InvalidOperationException>(() => store.SaveExperimentAsync(Experiment with { Hypothesis = "something else" }));
        Assert.Contains("new id", changed.Message);
        Assert.Contains("save it before", (await Assert.ThrowsAsync<InvalidOperationException>(() => store.StartRunAsync("EXP-2026-11-26-999"))).Message);
        var run = await store.StartRunAsync(Experiment.Id);
        var outcome = new RunOutcome("iterate", TimeSpan.Zero, "d", "f", "h", "");
        await store.FinishRunAsync(run, outcome);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.FinishRunAsync(run, outcome));
        Assert.Null(await store.GetRunAsync("nope"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Concurrent_runs_writing_to_one_store_lose_nothing(string kind)
    {
        var open = Target(kind, "shared");
        // Stores opened at the same moment on an empty database all create the tables without colliding.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => open(null))));
        await open(null).SaveExperimentAsync(Experiment);
        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var store = open(null); // one store per worker, as separate processes would have
            var ids = new List<string>();
            for (var i = 0; i < 15; i++)
            {
                var run = await store.StartRunAsync(Experiment.Id);
                await store.LogParametersAsync(run, [new("worker", worker.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("trial", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
                await store.LogMetricsAsync(run, [new("pr_auc", (worker * 100) + i)]);
                await store.FinishRunAsync(run, new RunOutcome("iterate", TimeSpan.FromMilliseconds(i), "d", "f", "h", ""));
                ids.Add(run);
            }

            return ids;
        })));

        var reader = open(null);
        var listed = await reader.ListRunsAsync(Experiment.Id);
        Assert.Equal(120, listed.Length);
        Assert.Equal(runs.SelectMany(r => r).Order(), listed.Order());
        foreach (var id in listed)
        {
            var run = (await reader.GetRunAsync(id))!;
            Assert.Equal("finished", run.Status);
            Assert.Equal((int.Parse(run.Parameters["worker"], System.Globalization.CultureInfo.InvariantCulture) * 100) + int.Parse(run.Parameters["trial"], System.Globalization.CultureInfo.InvariantCulture), run.Metrics.Single().Value);
        }
    }
}
