using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using MlAsCode.Registry;

namespace MlAsCode.Tests.Registry;

/// <summary>
/// kill -9 in the middle of a promotion: a child process promotes a version and stops inside the transaction, after
/// archiving the old production version and before promoting the new one; the test kills it (SIGKILL) there and checks
/// that the registry is exactly as before — one production version, the candidate still in staging, no half-written
/// history — and that the next promotion goes through (no lock left behind).
/// </summary>
public sealed class RegistryCrashTests : IDisposable
{
    private readonly TestDatabases _databases = new();

    public void Dispose() => _databases.Dispose();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_process_killed_mid_promotion_leaves_the_registry_consistent(string kind)
    {
        Directory.CreateDirectory(_databases.Folder);
        var artifacts = Path.Combine(_databases.Folder, "models");
        var database = kind == "sqlite" ? Path.Combine(_databases.Folder, "registry.db") : _databases.NewPostgresSchema();
        var policy = new PromotionPolicy { RequiredChecks = [] };
        Func<ModelRegistry> open = kind == "sqlite"
            ? () => new SqliteModelRegistry(database, artifacts, policy)
            : () => new PostgresModelRegistry(database, artifacts, policy);
        var registry = open();
        foreach (var (auc, seed) in new[] { (0.61, 1), (0.65, 2) })
        {
            var file = Path.Combine(_databases.Folder, $"model{seed}.onnx");
            await File.WriteAllBytesAsync(file, Enumerable.Range(0, 2048).Select(i => (byte)(i * seed)).ToArray());
            var v = await registry.RegisterAsync(new ModelRegistration
            {
                Model = "churn", OnnxPath = file, PrimaryMetric = new ModelMetric("pr_auc", auc),
                Lineage = new ModelLineage($"run{seed}", new string('d', 64), new string('f', 64), "abc1234"),
            });
            await registry.PromoteToStagingAsync("churn", v.Version, "ana", "beats production");
        }

        await registry.PromoteToProductionAsync("churn", "1.0.0", "ana", "first release");
        var before = await registry.HistoryAsync("churn");

        using (var child = StartChild(kind, database, artifacts))
        {
            var line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(line == "paused at previous_archived", $"the child said '{line}'; stderr: {(child.HasExited ? await child.StandardError.ReadToEndAsync() : "")}");

            // Mid-transaction, readers still see the committed state.
            Assert.Equal("1.0.0", (await open().GetProductionAsync("churn"))!.Version);
            child.Kill(entireProcessTree: true);   // SIGKILL on Linux: no finally blocks, no rollback by the client
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        var after = open();
        var versions = await after.ListAsync("churn");
        Assert.Equal([("1.0.0", ModelStage.Production), ("1.1.0", ModelStage.Staging)], versions.Select(v => (v.Version, v.Stage)).ToArray());
        Assert.Equal(before.ToArray(), (await after.HistoryAsync("churn")).ToArray());

        // Nothing is left locked: the promotion runs to the end now, leaving one production version.
        var promoted = await after.PromoteToProductionAsync("churn", "1.1.0", "ana", "retry after the crash").WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(ModelStage.Production, promoted.Stage);
        Assert.Single(await after.ListAsync("churn"), v => v.Stage == ModelStage.Production);
    }

    private static Process StartChild(string kind, string database, string artifacts)
    {
        var target = typeof(RegistryCrashTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RegistryCrashTarget").Value!;
        Assert.True(File.Exists(target), $"{target} is missing: build the solution (it builds tests/Support/RegistryCrashTarget).");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { target, kind, database, artifacts, "churn", "1.1.0" })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the crash target");
    }
}
