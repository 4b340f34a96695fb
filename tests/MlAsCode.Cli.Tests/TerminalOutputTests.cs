using System;
using System.IO;
using System.Linq;

namespace MlAsCode.Cli.Tests;

/// <summary>
/// The reporting commands at an interactive terminal draw Spectre tables (with the same numbers as their plain text);
/// piped, they print plain lines. Inputs are the churn data and files written from it.
/// </summary>
public sealed class TerminalOutputTests : IDisposable
{
    private static readonly string Churn = Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv");
    private readonly string _folder = Directory.CreateTempSubdirectory("mlac-terminal-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static (string Plain, string Table) Both(params string[] args)
    {
        var plain = Mlac.Run(args);
        Terminal.ForceInteractive = true;
        try
        {
            var table = Mlac.Run(args);
            Assert.Equal(plain.Code, table.Code);
            return (plain.Output, table.Output);
        }
        finally
        {
            Terminal.ForceInteractive = false;
        }
    }

    [Fact]
    public void Drift_evaluate_and_cost_draw_tables_with_the_plain_texts_numbers()
    {
        // The churn data against its month-to-month customers: the contract column drifts.
        var lines = File.ReadAllLines(Churn);
        var monthly = Path.Combine(_folder, "monthly.csv");
        File.WriteAllLines(monthly, [lines[0], .. lines.Skip(1).Where(l => l.Contains("\"Month-to-month\"", StringComparison.Ordinal))]);
        var (plain, table) = Both("drift", Churn, monthly);
        Assert.DoesNotContain("│", plain, StringComparison.Ordinal);
        var contract = plain.Split('\n').Single(l => l.TrimStart().StartsWith("contract ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("critical", contract[^1]);
        Assert.Matches($@"│ contract\s+│ categorical\s+│\s+{contract[2]} │\s+{contract[3]} │.*│ critical\s+│", table);

        // Senior citizenship as a (weak) churn score, by contract.
        (plain, table) = Both("evaluate", Churn, "--task", "binary", "--label", "churn", "--score", "senior_citizen", "--positive", "Yes", "--group", "contract");
        var rocAuc = plain.Split('\n').First(l => l.TrimStart().StartsWith("roc_auc", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Matches($@"│ roc_auc\s+│\s+{rocAuc} │", table);
        Assert.Contains("Month-to-month (3875)", table, StringComparison.Ordinal);

        (plain, table) = Both("cost", "--latency-ms", "4", "--price-per-hour", "0.10", "--predictions-per-day", "500000");
        Assert.Contains("per 1,000 predictions : $0.000185", plain, StringComparison.Ordinal);
        Assert.Matches(@"│ per 1,000 predictions\s+│\s+\$0\.000185 │", table);
    }

    [Fact]
    public void Abtest_analysis_and_the_registry_draw_tables()
    {
        // Alternate customers in each arm: no real difference, so iterate.
        var lines = File.ReadAllLines(Churn);
        var outcomes = Path.Combine(_folder, "outcomes.csv");
        File.WriteAllLines(outcomes, ["arm,churned,monthly_charges", .. lines.Skip(1).Select((l, i) =>
        {
            var fields = l.Split(',');
            return $"{(i % 2 == 0 ? "control" : "treatment")},{(fields[0] == "\"Yes\"" ? 1 : 0)},{fields[^2]}";
        })]);
        var (plain, table) = Both("abtest", "analyze", outcomes, "--arm", "arm", "--outcome", "churned", "--guardrail", "monthly_charges:lower", "--days", "14");
        Assert.StartsWith("iterate: ", plain, StringComparison.Ordinal);
        Assert.Contains("iterate: ", table, StringComparison.Ordinal);
        Assert.Matches(@"│ churned\s+│ two_proportion_z\s+│.*│ \(primary\)\s+│", table);
        Assert.Matches(@"│ monthly_charges\s+│ welch_t\s+│.*│ (passed|breached)\s+│", table);

        var registry = Path.Combine(_folder, "registry.db");
        var onnx = Path.Combine(_folder, "model.onnx");
        File.WriteAllBytes(onnx, [.. Enumerable.Repeat((byte)7, 512)]);
        Assert.Equal(0, Mlac.Run("registry", "register", "churn", onnx, "--metric", "pr_auc=0.66", "--run", "run-a", "--dataset-sha256", new string('d', 64),
            "--code-version", "3f2c1ab", "--by", "ana", "--registry", registry).Code);
        (plain, table) = Both("registry", "list", "churn", "--registry", registry);
        Assert.StartsWith("1.0.0      development  pr_auc 0.66", plain, StringComparison.Ordinal);
        Assert.Matches(@"│ 1\.0\.0\s+│ development\s+│ pr_auc 0\.66\s+│", table);
        (_, table) = Both("registry", "history", "churn", "--registry", registry);
        Assert.Matches(@"│ 1\.0\.0\s+│ registered\s+│", table);
    }
}
