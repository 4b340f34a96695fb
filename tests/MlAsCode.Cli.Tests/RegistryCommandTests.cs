using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlAsCode.Cli.Tests;

public sealed class RegistryCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlac-registry-cli-" + Guid.NewGuid().ToString("N"));

    public RegistryCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private (int Code, string Output, string Error) Registry(params string[] args) =>
        Mlac.Run(["registry", .. args, "--registry", Path.Combine(_folder, "registry.db")]);

    private string File(string name, byte fill)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllBytes(path, Enumerable.Repeat(fill, 1024).ToArray());
        return path;
    }

    [Fact]
    public void Register_promote_through_the_checks_roll_back_and_ask_who_served_when()
    {
        var sha = new string('d', 64);
        Assert.Equal(0, Registry("register", "churn", File("a.onnx", 1), "--pipeline", File("a.json", 2), "--metric", "pr_auc=0.61", "--guardrail", "ece:lower=0.03",
            "--run", "run-a", "--dataset-sha256", sha, "--code-version", "3f2c1ab", "--by", "ana").Code);
        var second = Registry("register", "churn", File("b.onnx", 3), "--metric", "pr_auc=0.66", "--run", "run-b", "--dataset-sha256", sha, "--code-version", "3f2c1ab", "--by", "ana", "--json");
        Assert.Equal("1.1.0", JsonNode.Parse(second.Output)!["version"]!.GetValue<string>());

        foreach (var version in new[] { "1.0.0", "1.1.0" })
        {
            // 1.1.0 beats 1.0.0 once 1.0.0 is in production.
            Assert.Equal(0, Registry("promote", "churn", version, "--to", "staging", "--by", "ana", "--reason", "offline metrics").Code);
            var refused = Registry("promote", "churn", version, "--to", "production", "--by", "maria", "--reason", "release");
            Assert.Equal(1, refused.Code);
            Assert.Contains($"churn {version} (staging) has no load_test recorded", refused.Error, StringComparison.Ordinal);
            Assert.Equal(0, Registry("check", "churn", version, "--kind", "load_test", "--detail", "p99 41 ms at 500 rps", "--by", "ci").Code);
            Assert.Equal(0, Registry("check", "churn", version, "--kind", "integration_test", "--detail", "24/24", "--by", "ci").Code);
            Assert.Equal(0, Registry("approve", "churn", version, "--by", "maria", "--reason", "reviewed the report").Code);
            Assert.Equal(0, Registry("promote", "churn", version, "--to", "production", "--by", "maria", "--reason", "release").Code);
        }

        var list = JsonNode.Parse(Registry("list", "churn", "--json").Output)!.AsArray();
        Assert.Equal(["archived", "production"], list.Select(v => v!["stage"]!.GetValue<string>()).ToArray());
        Assert.Equal("run-a", list[0]!["run_id"]!.GetValue<string>());

        var history = JsonNode.Parse(Registry("history", "churn", "--json").Output)!.AsArray();
        var promotedAt = history.Last(e => e!["action"]!.GetValue<string>() == "promoted" && e["version"]!.GetValue<string>() == "1.1.0")!["time"]!.GetValue<string>();
        Assert.Equal("1.1.0", JsonNode.Parse(Registry("at", "churn", promotedAt, "--json").Output)!["version"]!.GetValue<string>());
        Assert.Contains("no version of churn was in production", Registry("at", "churn", "2020-01-01T00:00:00Z").Output, StringComparison.Ordinal);

        var rolledBack = Registry("rollback", "churn", "--by", "oncall", "--reason", "error rate 3x");
        Assert.Equal((0, "rolled back: churn 1.0.0 (production) serves production"), (rolledBack.Code, rolledBack.Output.Trim()));
        Assert.Contains("rolled_back production -> archived  by oncall: error rate 3x", Registry("history", "churn").Output, StringComparison.Ordinal);

        Assert.Equal(0, Registry("verify", "churn", "1.0.0").Code);
        var verified = JsonNode.Parse(Registry("verify", "churn", "1.0.0", "--json").Output)!;
        Assert.Equal(("1.0.0", true), (verified["version"]!.GetValue<string>(), verified["verified"]!.GetValue<bool>()));
        var stored = Directory.GetFiles(Path.Combine(_folder, "models"), "*.bin", SearchOption.AllDirectories).First(f => System.IO.File.ReadAllBytes(f)[0] == 1);
        System.IO.File.WriteAllBytes(stored, Enumerable.Repeat((byte)9, 1024).ToArray());
        var tampered = Registry("verify", "churn", "1.0.0");
        Assert.Equal(1, tampered.Code);
        Assert.Contains("Refusing to load the ONNX model of churn 1.0.0", tampered.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_is_a_usage_error_with_the_reason()
    {
        var badMetric = Registry("register", "churn", File("a.onnx", 1), "--metric", "pr_auc", "--run", "r", "--dataset-sha256", "d", "--code-version", "c", "--by", "ana");
        Assert.Equal(2, badMetric.Code);
        Assert.Contains("'pr_auc' is not a metric: write NAME=VALUE", badMetric.Error, StringComparison.Ordinal);
        var missing = Registry("promote", "churn", "9.9.9", "--to", "staging", "--by", "ana", "--reason", "x");
        Assert.Equal(2, missing.Code);
        Assert.Contains("churn 9.9.9 is not registered", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, Registry("promote", "churn", "1.0.0", "--to", "nowhere", "--by", "ana", "--reason", "x").Code);
    }

    [Fact]
    public void Only_register_creates_a_registry_file()
    {
        var mistyped = Path.Combine(_folder, "regsitry.db");
        var (code, _, error) = Mlac.Run(["registry", "list", "churn", "--registry", mistyped]);
        Assert.Equal(2, code);
        Assert.Contains($"No model registry at {mistyped}", error, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(mistyped));
    }
}
