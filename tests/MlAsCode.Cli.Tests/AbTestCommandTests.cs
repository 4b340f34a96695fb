using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using MlAsCode.Cli;

namespace MlAsCode.Cli.Tests;

public sealed class AbTestCommandTests
{
    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "reference_metrics.json"))).RootElement.GetProperty("cases").GetProperty("power");

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = MlacApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

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
        Assert.Equal(7, json.GetProperty("days").GetInt32());   // 3,835 per arm at 1,000 a day per arm is 4 days: a week still

        var mean = Cases.EnumerateArray().First(c => c.GetProperty("kind").GetString() == "two_sample_t_test");
        (code, output, _) = Run("abtest", "plan", "--metric", "mean", "--effect-size", "0.5", "--daily-traffic", "10", "--treatment-percent", "5", "--json");
        json = JsonDocument.Parse(output).RootElement;
        Assert.True(Math.Abs(mean.GetProperty("expected_n_per_group").GetDouble() - json.GetProperty("n_per_arm_exact").GetDouble()) < 1e-5);
        Assert.Equal((int)Math.Ceiling(64 / (10 * 0.05)), json.GetProperty("days").GetInt32());   // the 5% arm fills last
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
}
