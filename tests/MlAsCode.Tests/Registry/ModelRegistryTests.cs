using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MlAsCode.Registry;

namespace MlAsCode.Tests.Registry;

/// <summary>
/// The registry's rules on SQLite and on PostgreSQL (<c>MLASCODE_POSTGRES</c>, started by <c>.ci/run</c>; a schema per
/// test). Model files are real bytes on disk; the registry never parses them, it stores and verifies them.
/// </summary>
public sealed class ModelRegistryTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TestDatabases _databases = new();
    private readonly ManualClock _clock = new(Start);
    private string? _postgres;

    public void Dispose() => _databases.Dispose();

    /// <summary>Opens the same registry again (as another process would).</summary>
    private Func<ModelRegistry> Target(string kind, PromotionPolicy? policy = null)
    {
        var artifacts = Path.Combine(_databases.Folder, "models");
        if (kind == "sqlite")
        {
            var path = Path.Combine(_databases.Folder, "registry.db");
            return () => new SqliteModelRegistry(path, artifacts, policy, _clock);
        }

        var connectionString = _postgres = _databases.NewPostgresSchema();
        return () => new PostgresModelRegistry(connectionString, artifacts, policy, _clock);
    }

    private string ModelFile(string name, int seed)
    {
        Directory.CreateDirectory(_databases.Folder);
        var path = Path.Combine(_databases.Folder, name);
        var bytes = new byte[4096];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private ModelRegistration Registration(double prAuc, int seed, string? version = null) => new()
    {
        Model = "churn",
        OnnxPath = ModelFile($"model{seed}.onnx", seed),
        PipelinePath = ModelFile($"pipeline{seed}.json", seed + 1000),
        Lineage = new ModelLineage($"run{seed}", new string('d', 64), new string('f', 64), "abc1234"),
        PrimaryMetric = new ModelMetric("pr_auc", prAuc),
        Guardrails = [new ModelMetric("ece", 0.03, HigherIsBetter: false)],
        Version = version,
        RegisteredBy = "ana",
    };

    private async Task<ModelVersion> ToProduction(ModelRegistry registry, ModelVersion version)
    {
        _clock.Advance(TimeSpan.FromMinutes(1));
        await registry.PromoteToStagingAsync("churn", version.Version, "ana", "beats production offline");
        await registry.RecordCheckAsync("churn", version.Version, ModelChecks.LoadTest, true, "p99 41 ms at 500 rps", "ci");
        await registry.RecordCheckAsync("churn", version.Version, ModelChecks.IntegrationTest, true, "staging smoke suite 24/24", "ci");
        await registry.ApproveAsync("churn", version.Version, "maria", "reviewed the evaluation report and fairness slices");
        _clock.Advance(TimeSpan.FromMinutes(1));
        return await registry.PromoteToProductionAsync("churn", version.Version, "maria", "weekly release");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_failed_fairness_check_blocks_promotion_until_an_override_records_why(string kind)
    {
        var registry = Target(kind)();
        var version = await registry.RegisterAsync(Registration(0.66, 21) with
        {
            Checks = [(ModelChecks.Fairness, false, "fairness:senior_citizen: disparate_impact 0.52 [0.45, 0.60] (≥ 0.8): fail")],
        });
        var refused = await Assert.ThrowsAsync<PromotionRefusedException>(() => registry.PromoteToStagingAsync("churn", version.Version, "ana", "beats production"));
        Assert.Contains("fairness check failed (fairness:senior_citizen: disparate_impact 0.52", refused.Message, StringComparison.Ordinal);
        Assert.Contains("override:fairness", refused.Message, StringComparison.Ordinal);
        Assert.Contains(await registry.HistoryAsync("churn"), e => e.Action == "promotion_refused" && e.Version == version.Version);

        await registry.RecordCheckAsync("churn", version.Version, ModelChecks.Override(ModelChecks.Fairness), true, "seniors churn more: the offer should reach them", "maria");
        Assert.Equal(ModelStage.Production, (await ToProduction(registry, version)).Stage);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Versions_are_semantic_content_addressed_and_carry_their_lineage(string kind)
    {
        var open = Target(kind);
        var registry = open();
        var first = await registry.RegisterAsync(Registration(0.61, 1));
        var second = await registry.RegisterAsync(Registration(0.63, 2));
        var major = await registry.RegisterAsync(Registration(0.64, 3, "2.0.0"));
        Assert.Equal(("1.0.0", "1.1.0", "2.0.0"), (first.Version, second.Version, major.Version));
        Assert.Equal("2.1.0", (await registry.RegisterAsync(Registration(0.60, 4))).Version);

        // Read back by another instance: stage, hashes, lineage, metrics.
        var read = (await open().GetAsync("churn", "1.1.0"))!;
        Assert.Equal(ModelStage.Development, read.Stage);
        Assert.Equal(ArtifactStore.Hash(File.ReadAllBytes(Path.Combine(_databases.Folder, "model2.onnx"))), read.OnnxSha256);
        Assert.Equal(4096, read.OnnxBytes);
        Assert.Equal(new ModelLineage("run2", new string('d', 64), new string('f', 64), "abc1234"), read.Lineage);
        Assert.Equal(new ModelMetric("pr_auc", 0.63), read.PrimaryMetric);
        Assert.Equal([new ModelMetric("ece", 0.03, false)], read.Guardrails.ToArray());
        Assert.Equal(["1.0.0", "1.1.0", "2.0.0", "2.1.0"], (await registry.ListAsync("churn")).Select(v => v.Version).ToArray());

        var duplicate = await Assert.ThrowsAsync<InvalidOperationException>(() => registry.RegisterAsync(Registration(0.7, 5, "1.1.0")));
        Assert.Contains("churn 1.1.0 is already registered", duplicate.Message, StringComparison.Ordinal);
        var malformed = await Assert.ThrowsAsync<ArgumentException>(() => registry.RegisterAsync(Registration(0.7, 6, "v3")));
        Assert.Contains("'v3' is not a semantic version", malformed.Message, StringComparison.Ordinal);

        // The stored file is the registered bytes, found by their hash.
        var loaded = await registry.LoadAsync("churn", "1.1.0");
        Assert.Equal(File.ReadAllBytes(Path.Combine(_databases.Folder, "model2.onnx")), loaded.Onnx);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_databases.Folder, "pipeline2.json")), loaded.Pipeline);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_tampered_model_file_is_refused_on_load(string kind)
    {
        var registry = Target(kind)();
        var version = await registry.RegisterAsync(Registration(0.61, 1));
        var stored = registry.Artifacts.PathOf(version.OnnxSha256);
        var bytes = File.ReadAllBytes(stored);
        bytes[100] ^= 0xFF;
        File.WriteAllBytes(stored, bytes);

        var refused = await Assert.ThrowsAsync<ModelIntegrityException>(() => registry.LoadAsync("churn", "1.0.0"));
        Assert.Contains("Refusing to load the ONNX model of churn 1.0.0", refused.Message, StringComparison.Ordinal);
        Assert.Contains(version.OnnxSha256, refused.Message, StringComparison.Ordinal);
        Assert.Contains("changed or corrupted after registration", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ModelIntegrityException>(() => registry.ExportAsync("churn", "1.0.0", Path.Combine(_databases.Folder, "export")));
        Assert.False(File.Exists(Path.Combine(_databases.Folder, "export", "model.onnx")));

        File.Delete(stored);
        var missing = await Assert.ThrowsAsync<ModelIntegrityException>(() => registry.LoadAsync("churn", "1.0.0"));
        Assert.Contains("is missing", missing.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Promotion_follows_the_methodologys_criteria_and_records_refusals(string kind)
    {
        var registry = Target(kind)();
        var first = await registry.RegisterAsync(Registration(0.61, 1));
        await registry.PromoteToStagingAsync("churn", first.Version, "ana", "first model; nothing in production");

        // Staging → production needs a load test, an integration test and an approval.
        var noChecks = await Assert.ThrowsAsync<PromotionRefusedException>(() => registry.PromoteToProductionAsync("churn", "1.0.0", "ana", "ship it"));
        Assert.Equal("churn 1.0.0 (staging) has no load_test recorded; production needs load_test, integration_test, approval.", noChecks.Message);
        await registry.RecordCheckAsync("churn", "1.0.0", ModelChecks.LoadTest, false, "p99 180 ms at 500 rps (target 100 ms)", "ci");
        await registry.RecordCheckAsync("churn", "1.0.0", ModelChecks.IntegrationTest, true, "24/24", "ci");
        await registry.ApproveAsync("churn", "1.0.0", "maria", "fairness slices reviewed");
        var failedLoad = await Assert.ThrowsAsync<PromotionRefusedException>(() => registry.PromoteToProductionAsync("churn", "1.0.0", "ana", "ship it"));
        Assert.Contains("latest load_test failed (p99 180 ms at 500 rps (target 100 ms), recorded by ci", failedLoad.Message, StringComparison.Ordinal);
        await registry.RecordCheckAsync("churn", "1.0.0", ModelChecks.LoadTest, true, "p99 41 ms at 500 rps", "ci");
        Assert.Equal(ModelStage.Production, (await registry.PromoteToProductionAsync("churn", "1.0.0", "maria", "first release")).Stage);

        // Development → staging only when the candidate beats production on the primary metric.
        var worse = await registry.RegisterAsync(Registration(0.60, 2));
        var refused = await Assert.ThrowsAsync<PromotionRefusedException>(() => registry.PromoteToStagingAsync("churn", worse.Version, "ana", "try it"));
        Assert.Equal("churn 1.1.0 (development)'s pr_auc 0.6 does not beat production 1.0.0's 0.61.", refused.Message);
        var notStaged = await Assert.ThrowsAsync<PromotionRefusedException>(() => registry.PromoteToProductionAsync("churn", worse.Version, "ana", "skip staging"));
        Assert.Contains("is not in staging", notStaged.Message, StringComparison.Ordinal);

        var better = await registry.RegisterAsync(Registration(0.66, 3));
        await ToProduction(registry, better);
        Assert.Equal(ModelStage.Archived, (await registry.GetAsync("churn", "1.0.0"))!.Stage);
        Assert.Equal("1.2.0", (await registry.GetProductionAsync("churn"))!.Version);

        var history = await registry.HistoryAsync("churn");
        Assert.Contains(history, e => e.Action == "promotion_refused" && e.Version == "1.1.0" && e.Reason == refused.Message);
        Assert.Contains(history, e => e.Action == "check" && e.Actor == "maria" && e.Reason == "approval passed: fairness slices reviewed");
        Assert.Contains(history, e => e is { Action: "archived", Version: "1.0.0", FromStage: ModelStage.Production, ToStage: ModelStage.Archived, Reason: "replaced in production by 1.2.0" });
        Assert.True(history.Select(e => e.Sequence).SequenceEqual(history.Select(e => e.Sequence).Order()));
        var approval = (await registry.ChecksAsync("churn", "1.2.0")).Single(c => c.Kind == ModelChecks.Approval);
        Assert.Equal(("maria", "reviewed the evaluation report and fairness slices"), (approval.RecordedBy, approval.Detail));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Rollback_restores_the_previous_version_and_the_history_answers_which_model_served_when(string kind)
    {
        var registry = Target(kind)();
        Assert.Equal("churn has no version in production to roll back.",
            (await Assert.ThrowsAsync<PromotionRefusedException>(() => registry.RollbackAsync("churn", "ops", "bad release"))).Message);
        var v1 = await ToProduction(registry, await registry.RegisterAsync(Registration(0.61, 1)));
        var firstLive = _clock.GetUtcNow();
        await Assert.ThrowsAsync<PromotionRefusedException>(() => registry.RollbackAsync("churn", "ops", "bad release"));
        _clock.Advance(TimeSpan.FromHours(5));
        var v2 = await ToProduction(registry, await registry.RegisterAsync(Registration(0.65, 2)));
        var secondLive = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromHours(5));

        var restored = await registry.RollbackAsync("churn", "ops", "error rate 3x baseline after release");
        var rolledBack = _clock.GetUtcNow();
        Assert.Equal((v1.Version, ModelStage.Production), (restored.Version, restored.Stage));
        Assert.Equal(ModelStage.Archived, (await registry.GetAsync("churn", v2.Version))!.Stage);

        Assert.Null(await registry.GetProductionAtAsync("churn", Start));
        Assert.Equal(v1.Version, (await registry.GetProductionAtAsync("churn", firstLive))!.Version);
        Assert.Equal(v1.Version, (await registry.GetProductionAtAsync("churn", secondLive.AddMinutes(-2)))!.Version);
        Assert.Equal(v2.Version, (await registry.GetProductionAtAsync("churn", secondLive))!.Version);
        Assert.Equal(v2.Version, (await registry.GetProductionAtAsync("churn", rolledBack.AddTicks(-1)))!.Version);
        Assert.Equal(v1.Version, (await registry.GetProductionAtAsync("churn", rolledBack))!.Version);

        // Rolling back again goes to the version before 1.0.0's latest tenure: there is none.
        await Assert.ThrowsAsync<PromotionRefusedException>(() => registry.RollbackAsync("churn", "ops", "again"));
        var history = await registry.HistoryAsync("churn");
        Assert.Contains(history, e => e is { Action: "rolled_back", Version: "1.1.0", Actor: "ops", Reason: "error rate 3x baseline after release" });
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_history_is_append_only(string kind)
    {
        var open = Target(kind);
        var registry = open();
        await registry.RegisterAsync(Registration(0.61, 1));
        using System.Data.Common.DbConnection connection = kind == "sqlite"
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_databases.Folder, "registry.db")};Pooling=False")
            : new Npgsql.NpgsqlConnection(_postgres);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE registry_events SET actor = 'someone else'";
        var error = Assert.ThrowsAny<System.Data.Common.DbException>(() => command.ExecuteNonQuery());
        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        command.CommandText = "DELETE FROM registry_events";
        Assert.ThrowsAny<System.Data.Common.DbException>(() => command.ExecuteNonQuery());
        Assert.Single(await open().HistoryAsync("churn"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Concurrent_promotions_leave_exactly_one_production_version(string kind)
    {
        var open = Target(kind, new PromotionPolicy { RequiredChecks = [ModelChecks.LoadTest] });
        var registry = open();
        var versions = new string[8];
        for (var i = 0; i < versions.Length; i++)
        {
            var v = await registry.RegisterAsync(Registration(0.60 + (0.01 * i), i));
            await registry.PromoteToStagingAsync("churn", v.Version, "ana", "nothing in production yet");
            await registry.RecordCheckAsync("churn", v.Version, ModelChecks.LoadTest, true, "ok", "ci");
            versions[i] = v.Version;
        }

        // Eight promoters, each with its own registry instance and connections, promote at once.
        using var go = new System.Threading.ManualResetEventSlim();
        var promoters = versions.Select(v => Task.Run(async () =>
        {
            var own = open();
            go.Wait();
            try
            {
                await own.PromoteToProductionAsync("churn", v, "promoter-" + v, "race");
                return true;
            }
            catch (PromotionRefusedException)
            {
                return false;
            }
        })).ToArray();
        go.Set();
        var won = await Task.WhenAll(promoters);

        var all = await registry.ListAsync("churn");
        var production = Assert.Single(all, v => v.Stage == ModelStage.Production);
        Assert.Contains(true, won);
        // Each promotion was judged against the production version the previous one left: every winner after the
        // first beat the one before it, so the last winner is the best of the winners.
        var promotedInOrder = (await registry.HistoryAsync("churn")).Where(e => e is { Action: "promoted", ToStage: ModelStage.Production }).Select(e => e.Version).ToList();
        Assert.Equal(won.Count(w => w), promotedInOrder.Count);
        Assert.Equal(production.Version, promotedInOrder[^1]);
        var metrics = promotedInOrder.Select(v => all.Single(a => a.Version == v).PrimaryMetric.Value).ToList();
        Assert.Equal(metrics.Order(), metrics);
        Assert.Equal(promotedInOrder.Count - 1, all.Count(v => v.Stage == ModelStage.Archived));
    }

    [Fact]
    public async Task Approval_can_be_limited_to_major_versions()
    {
        var registry = Target("sqlite", new PromotionPolicy { ApprovalForMajorVersionsOnly = true })();
        await ToProduction(registry, await registry.RegisterAsync(Registration(0.61, 1)));
        var minor = await registry.RegisterAsync(Registration(0.62, 2));
        var major = await registry.RegisterAsync(Registration(0.63, 3, "2.0.0"));
        foreach (var v in new[] { minor, major })
        {
            await registry.PromoteToStagingAsync("churn", v.Version, "retraining", "beats production");
            await registry.RecordCheckAsync("churn", v.Version, ModelChecks.LoadTest, true, "ok", "ci");
            await registry.RecordCheckAsync("churn", v.Version, ModelChecks.IntegrationTest, true, "ok", "ci");
        }

        await registry.PromoteToProductionAsync("churn", minor.Version, "retraining", "minor version: no approval needed");
        var refused = await Assert.ThrowsAsync<PromotionRefusedException>(() => registry.PromoteToProductionAsync("churn", major.Version, "retraining", "major"));
        Assert.Contains("has no approval recorded", refused.Message, StringComparison.Ordinal);
    }
}

/// <summary>A clock the test moves.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
