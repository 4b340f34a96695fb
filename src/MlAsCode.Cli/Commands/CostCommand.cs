using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text.Json;
using MlAsCode.Costs;

namespace MlAsCode.Cli.Commands;

/// <summary><c>mlac cost</c>: cost per 1,000 predictions, training cost per run and the monthly projection.</summary>
internal static class CostCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var log = new Option<FileInfo?>("--prediction-log") { Description = "A served model's prediction log: its median latency_ms is the latency." };
        var latency = new Option<double?>("--latency-ms") { Description = "The latency per prediction, when there is no log." };
        var price = new Option<double>("--price-per-hour") { Description = "Serving instance price per hour.", Required = true };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests one instance scores at once.", DefaultValueFactory = _ => 1 };
        var utilization = new Option<double>("--utilization") { Description = "Planned share of capacity used.", DefaultValueFactory = _ => 0.6 };
        var traffic = new Option<double>("--predictions-per-day") { Description = "Predictions per day.", DefaultValueFactory = _ => 0 };
        var instances = new Option<int>("--min-instances") { Description = "Instances always running.", DefaultValueFactory = _ => 1 };
        var trainingMinutes = new Option<double>("--training-minutes") { Description = "Wall time of one training run (the experiment report's training_time_seconds / 60).", DefaultValueFactory = _ => 0 };
        var trainingPrice = new Option<double>("--training-price-per-hour") { Description = "Training instance price per hour.", DefaultValueFactory = _ => 0 };
        var retrains = new Option<double>("--retrains-per-month") { Description = "Training runs per month.", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print JSON: cost_per_1000_predictions, training_cost_per_run, monthly_serving, monthly_training, monthly_total." };
        var command = new Command("cost",
            "Cost per 1,000 predictions from measured latency and an instance price, training cost per run, monthly projection.\n"
            + "Example: mlac cost --prediction-log out/churn/predictions.jsonl --price-per-hour 0.10 --predictions-per-day 500000 --training-minutes 2 --training-price-per-hour 0.4 --retrains-per-month 4")
        {
            log, latency, price, concurrency, utilization, traffic, instances, trainingMinutes, trainingPrice, retrains, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                var ms = parse.GetValue(log) is { } file ? CostModel.MedianLatency(file.FullName)
                    : parse.GetValue(latency) ?? throw new ArgumentException("Give --prediction-log (measured latency) or --latency-ms.");
                var estimate = CostModel.Estimate(new CostInputs
                {
                    LatencyMs = ms,
                    InstancePricePerHour = parse.GetValue(price),
                    Concurrency = parse.GetValue(concurrency),
                    Utilization = parse.GetValue(utilization),
                    PredictionsPerDay = parse.GetValue(traffic),
                    MinimumInstances = parse.GetValue(instances),
                    TrainingTime = TimeSpan.FromMinutes(parse.GetValue(trainingMinutes)),
                    TrainingPricePerHour = parse.GetValue(trainingPrice),
                    RetrainsPerMonth = parse.GetValue(retrains),
                });
                if (parse.GetValue(json))
                {
                    output.WriteLine(estimate.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                }
                else if (Terminal.IsInteractive(output))
                {
                    string Money(double value, string format) => "$" + value.ToString(format, CultureInfo.InvariantCulture);
                    Terminal.Table(output, string.Create(CultureInfo.InvariantCulture, $"latency {estimate.LatencyMs:0.###} ms per prediction"), ["cost", "USD"],
                    [
                        ["per 1,000 predictions", Money(estimate.CostPer1000Predictions, "0.######")],
                        ["training, per run", Money(estimate.TrainingCostPerRun, "0.####")],
                        ["monthly serving", Money(estimate.MonthlyServing, "0.##")],
                        ["monthly training", Money(estimate.MonthlyTraining, "0.##")],
                        ["monthly total", Money(estimate.MonthlyTotal, "0.##")],
                    ], numeric: i => i == 1);
                }
                else
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency {estimate.LatencyMs:0.###} ms per prediction"));
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  per 1,000 predictions : ${estimate.CostPer1000Predictions:0.######}"));
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  training, per run     : ${estimate.TrainingCostPerRun:0.####}"));
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  monthly               : ${estimate.MonthlyTotal:0.##} (serving ${estimate.MonthlyServing:0.##}, training ${estimate.MonthlyTraining:0.##})"));
                }

                return MlacApp.Ok;
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or IOException)
            {
                error.WriteLine($"mlac cost: {e.Message}");
                return MlacApp.UsageError;
            }
        });
        return command;
    }
}
