using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlAsCode.Costs;

/// <summary>What serving and training cost, per the methodology's cost tracking (Phase 10).</summary>
/// <param name="LatencyMs">The latency the serving estimate is based on (median of the measured requests).</param>
/// <param name="CostPer1000Predictions">Instance cost of 1,000 predictions at the target utilization.</param>
/// <param name="TrainingCostPerRun">Instance cost of one training run.</param>
/// <param name="MonthlyServing">Serving cost per month (30.4 days) at the given traffic, never below the minimum instances.</param>
/// <param name="MonthlyTraining">Training cost per month at the given retraining frequency.</param>
public sealed record CostEstimate(double LatencyMs, double CostPer1000Predictions, double TrainingCostPerRun, double MonthlyServing, double MonthlyTraining)
{
    /// <summary>Serving plus training per month.</summary>
    public double MonthlyTotal => MonthlyServing + MonthlyTraining;

    /// <summary>Every number as JSON (snake_case).</summary>
    public JsonObject ToJson() => new()
    {
        ["latency_ms"] = LatencyMs,
        ["cost_per_1000_predictions"] = CostPer1000Predictions,
        ["training_cost_per_run"] = TrainingCostPerRun,
        ["monthly_serving"] = MonthlyServing,
        ["monthly_training"] = MonthlyTraining,
        ["monthly_total"] = MonthlyTotal,
    };
}

/// <summary>The inputs of a cost estimate.</summary>
public sealed record CostInputs
{
    /// <summary>Measured latency per prediction, in milliseconds (the model's busy time per request).</summary>
    public required double LatencyMs { get; init; }

    /// <summary>Serving instance price per hour.</summary>
    public required double InstancePricePerHour { get; init; }

    /// <summary>Requests one instance serves at once (cores given to scoring).</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>Share of an instance's capacity used on average (headroom for peaks).</summary>
    public double Utilization { get; init; } = 0.6;

    /// <summary>Predictions per day.</summary>
    public double PredictionsPerDay { get; init; }

    /// <summary>Instances always running (high availability), whatever the traffic.</summary>
    public int MinimumInstances { get; init; } = 1;

    /// <summary>Wall time of one training run.</summary>
    public TimeSpan TrainingTime { get; init; }

    /// <summary>Training instance price per hour.</summary>
    public double TrainingPricePerHour { get; init; }

    /// <summary>Training runs per month (4 for weekly retraining).</summary>
    public double RetrainsPerMonth { get; init; }
}

/// <summary>
/// Cost per 1,000 predictions from measured latency and an instance price, training cost per run, and the monthly
/// projection. An instance serving <c>Concurrency</c> requests at once, each busy for the latency, handles
/// Concurrency × 3,600,000 / latency requests an hour at full load; it is planned at <c>Utilization</c> of that.
/// </summary>
public static class CostModel
{
    /// <summary>Hours in an average month (365.25 × 24 / 12).</summary>
    public const double HoursPerMonth = 730.5;

    /// <summary>Estimates the costs.</summary>
    /// <exception cref="ArgumentException">A negative or non-finite input, or a utilization outside (0, 1].</exception>
    public static CostEstimate Estimate(CostInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!(inputs.LatencyMs > 0) || !double.IsFinite(inputs.LatencyMs))
        {
            throw new ArgumentException($"The latency must be a positive number of milliseconds; it is {inputs.LatencyMs}.");
        }

        if (inputs.InstancePricePerHour < 0 || inputs.TrainingPricePerHour < 0 || inputs.PredictionsPerDay < 0 || inputs.RetrainsPerMonth < 0 || inputs.TrainingTime < TimeSpan.Zero)
        {
            throw new ArgumentException("Prices, traffic, retraining frequency and training time cannot be negative.");
        }

        if (inputs.Utilization is <= 0 or > 1 || inputs.Concurrency < 1 || inputs.MinimumInstances < 0)
        {
            throw new ArgumentException("Utilization must be in (0, 1], concurrency at least 1, minimum instances not negative.");
        }

        var perHour = inputs.Concurrency * 3_600_000 / inputs.LatencyMs * inputs.Utilization;
        var per1000 = inputs.InstancePricePerHour / perHour * 1000;
        var monthlyPredictions = inputs.PredictionsPerDay * HoursPerMonth / 24;
        var monthlyServing = Math.Max(monthlyPredictions / 1000 * per1000, inputs.MinimumInstances * HoursPerMonth * inputs.InstancePricePerHour);
        var training = TrainingCost(inputs.TrainingTime, inputs.TrainingPricePerHour);
        return new CostEstimate(inputs.LatencyMs, per1000, training, monthlyServing, training * inputs.RetrainsPerMonth);
    }

    /// <summary>The instance cost of one training run: wall time × price per hour.</summary>
    public static double TrainingCost(TimeSpan wallTime, double pricePerHour) => wallTime.TotalHours * pricePerHour;

    /// <summary>The median latency of the predictions in a prediction log (JSON lines with <c>latency_ms</c>).</summary>
    /// <exception cref="ArgumentException">The log has no latencies.</exception>
    public static double MedianLatency(string predictionLog)
    {
        var latencies = new List<double>();
        foreach (var (_, record) in Monitoring.PredictionLogFile.Read(predictionLog))
        {
            if (Monitoring.PredictionRecord.From(record).LatencyMs is { } latency)
            {
                latencies.Add(latency);
            }
        }

        if (latencies.Count == 0)
        {
            throw new ArgumentException($"{Path.GetFileName(predictionLog)} has no latency_ms values.");
        }

        latencies.Sort();
        var middle = latencies.Count / 2;
        return latencies.Count % 2 == 1 ? latencies[middle] : (latencies[middle - 1] + latencies[middle]) / 2;
    }
}
