using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using MlAsCode.Cli;

namespace MlAsCode.Cli.Tests;

public sealed class AbTestCommandTests
{
    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "reference_metrics.json"))).RootElement.GetProperty("cases").GetProperty("power");

    private static (int Code, string Output, string Error) Run(params string[] args) => Mlac.Run(args);

    [Fact]
    public void Plan_gives_the_statsmodels_sample_size_per_arm_and_at_least_a_week()
    {
        var proportion = Cases.EnumerateArray().First(c => c.GetProperty("kind").GetString() == "two_proportion_z_test");
        var (code, output, error) = Run("abtest", "plan", "--metric", "proportion", "--baseline", "0.1", "--treatment", "0.12", "--daily-traffic", "2000", "--json");
        Assert.True(code == MlacApp.Ok, error);
        var json = JsonDocument.Parse(output).RootElement;
        var expected = proportion.GetProperty("expected_n_per_group").GetDouble();
        Assert.True(Math.Abs(expected - json.GetProperty("n_per_arm_exact").GetDouble()) < 1e-5);
        Assert.Equal((long)Math.Ceiling(expected), json.GetProperty("n_per_arm").GetInt64());
        Assert.Equal(2 * (long)Math.Ceiling(expected), json.GetProperty("total").GetInt64());   // 50/50: both arms full
        Assert.Equal(7, json.GetProperty("days").GetInt32());   // 3,835 per arm at 1,000 a day per arm is 4 days: a week still

        var mean = Cases.EnumerateArray().First(c => c.GetProperty("kind").GetString() == "two_sample_t_test");
        (code, output, _) = Run("abtest", "plan", "--metric", "mean", "--effect-size", "0.5", "--daily-traffic", "10", "--treatment-percent", "5", "--json");
        json = JsonDocument.Parse(output).RootElement;
        Assert.True(Math.Abs(mean.GetProperty("expected_n_per_group").GetDouble() - json.GetProperty("n_per_arm_exact").GetDouble()) < 1e-5);
        Assert.Equal((int)Math.Ceiling(64 / (10 * 0.05)), json.GetProperty("days").GetInt32());   // the 5% arm fills last
        Assert.Equal(64 * 20, json.GetProperty("total").GetInt64());   // 64 in the 5% arm takes 1,280 users in all
    }

    [Fact]
    public void Missing_or_impossible_inputs_exit_2()
    {
        var (code, _, error) = Run("abtest", "plan", "--metric", "proportion", "--baseline", "0.1");
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("needs --baseline and --treatment", error);
        (code, _, error) = Run("abtest", "plan", "--metric", "proportion", "--baseline", "0.1", "--treatment", "0.1");
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("positive number", error);
    }

    private static string Outcomes(int treatmentLatency)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlac-ab-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, ["arm,retained,latency_ms", .. Enumerable.Range(0, 4000).Select(i =>
        {
            var treatment = i >= 2000;
            var k = i % 2000;
            var retained = treatment ? k < 260 : k < 200;
            return $"{(treatment ? "treatment" : "control")},{(retained ? 1 : 0)},{(treatment ? treatmentLatency : 20) + (k % 7)}";
        })]);
        return path;
    }

    [Fact]
    public void Analyze_ships_a_significant_win_and_kills_a_guardrail_regression()
    {
        var fine = Outcomes(treatmentLatency: 20);
        var (code, output, error) = Run("abtest", "analyze", fine, "--arm", "arm", "--outcome", "retained", "--guardrail", "latency_ms:lower", "--days", "14", "--json");
        Assert.True(code == MlacApp.Ok, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("ship", json.GetProperty("decision").GetString());
        Assert.Equal("two_proportion_z", json.GetProperty("primary").GetProperty("test").GetString());
        Assert.Equal(0.3, json.GetProperty("primary").GetProperty("lift").GetDouble(), 12);
        Assert.False(json.GetProperty("guardrails")[0].GetProperty("breached").GetBoolean());

        var slow = Outcomes(treatmentLatency: 35);
        (code, output, _) = Run("abtest", "analyze", slow, "--arm", "arm", "--outcome", "retained", "--guardrail", "latency_ms:lower", "--days", "14");
        Assert.Equal(MlacApp.Findings, code);
        Assert.StartsWith("kill: guardrail latency_ms regressed", output);

        (code, output, _) = Run("abtest", "analyze", fine, "--arm", "arm", "--outcome", "retained", "--days", "3");
        Assert.Equal(MlacApp.Findings, code);
        Assert.StartsWith("iterate: only 3 of at least 7 days have run", output);
        File.Delete(fine);
        File.Delete(slow);
    }

    [Fact]
    public void Analyze_refuses_unknown_arms_and_columns()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlac-ab-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, ["arm,retained", "control,1", "variant,0"]);
        var (code, _, error) = Run("abtest", "analyze", path, "--arm", "arm", "--outcome", "retained", "--days", "14");
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("line 3, column arm: 'variant' is not control or treatment", error);
        (code, _, error) = Run("abtest", "analyze", path, "--arm", "group", "--outcome", "retained", "--days", "14");
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("no arm column 'group'", error);
        File.Delete(path);
    }
}
