using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using MlAsCode.Cli;
using MlAsCode.Costs;

namespace MlAsCode.Cli.Tests;

public sealed class CostCommandTests
{
    private static (int Code, string Output, string Error) Run(params string[] args) => Mlac.Run(args);

    [Fact]
    public void Costs_follow_from_latency_price_and_traffic()
    {
        // 2 ms a prediction, 2 at a time, planned at 60%: 2 × 3,600,000 / 2 × 0.6 = 2,160,000 an hour at $0.54 an hour.
        var estimate = CostModel.Estimate(new CostInputs
        {
            LatencyMs = 2, InstancePricePerHour = 0.54, Concurrency = 2, PredictionsPerDay = 96_000_000, MinimumInstances = 1,
            TrainingTime = TimeSpan.FromMinutes(30), TrainingPricePerHour = 3, RetrainsPerMonth = 4,
        });
        Assert.Equal(0.54 / 2_160_000 * 1000, estimate.CostPer1000Predictions, 15);
        Assert.Equal(1.5, estimate.TrainingCostPerRun, 12);
        Assert.Equal(6, estimate.MonthlyTraining, 12);
        // 4,000,000 an hour needs 1.85 instances: the traffic, not the one-instance minimum, sets the serving cost.
        Assert.Equal(96_000_000 * 30.4375 / 1000 * estimate.CostPer1000Predictions, estimate.MonthlyServing, 9);
        // Little traffic: the always-on instance is the floor.
        var quiet = CostModel.Estimate(new CostInputs { LatencyMs = 2, InstancePricePerHour = 0.54, PredictionsPerDay = 1000 });
        Assert.Equal(CostModel.HoursPerMonth * 0.54, quiet.MonthlyServing, 9);
    }

    [Fact]
    public void The_command_reads_the_median_latency_of_a_prediction_log()
    {
        var log = Path.Combine(Path.GetTempPath(), $"mlac-cost-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(log, [.. new[] { 1.0, 9.0, 3.0, 2.0, 4.0 }.Select(l => $"{{\"service\":\"Churn\",\"latency_ms\":{l},\"source\":\"model\"}}")]);
        var (code, output, error) = Run("cost", "--prediction-log", log, "--price-per-hour", "0.1", "--predictions-per-day", "1000000", "--json");
        Assert.True(code == MlacApp.Ok, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(3.0, json.GetProperty("latency_ms").GetDouble());
        Assert.Equal(CostModel.Estimate(new CostInputs { LatencyMs = 3, InstancePricePerHour = 0.1, PredictionsPerDay = 1_000_000 }).MonthlyTotal,
            json.GetProperty("monthly_total").GetDouble(), 12);

        (code, _, error) = Run("cost", "--price-per-hour", "0.1");
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("--prediction-log", error);
        File.WriteAllText(log, "not json\n");
        (code, _, error) = Run("cost", "--prediction-log", log, "--price-per-hour", "0.1");
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("line 1: not a JSON prediction record", error);

        // JSON, but not a record (it used to escape as an InvalidOperationException), and a latency written as text.
        File.WriteAllText(log, "[1, 2]\n");
        (code, _, error) = Run("cost", "--prediction-log", log, "--price-per-hour", "0.1");
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("line 1: not a JSON prediction record (expected an object, found Array)", error);
        File.WriteAllText(log, "{\"latency_ms\": \"fast\"}\n");
        (code, _, error) = Run("cost", "--prediction-log", log, "--price-per-hour", "0.1");
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("has no latency_ms values", error);
        File.Delete(log);
    }
}
