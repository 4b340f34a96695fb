using MlAsCode;

namespace AnomalyShuttle;

/// <summary>The brief: flag the shuttle's abnormal sensor readings for an engineer to review, best first.</summary>
[MlProblem("shuttle-anomalies",
    BusinessObjective = "Catch abnormal radiator states before they need an unplanned inspection",
    SuccessMetric = "At least 90% of the 1,000 readings flagged first are truly abnormal",
    Task = MlTask.AnomalyDetection,
    PredictionTarget = "A sensor reading is not normal radiator flow (class Rad.Flow)",
    Consumer = PredictionConsumer.Dashboard,
    Latency = LatencyClass.Batch,
    Metric = Metric.PrecisionAtK,
    DataAvailable = "58,000 Statlog shuttle readings: nine numeric sensors and the radiator state (data/statlog_shuttle.csv)",
    DataGaps = "No timestamps; the state labels are used for evaluation only, never for training",
    EthicalConsiderations = "Machine telemetry only: no people are scored",
    RoiEstimate = "An engineer reviews 1,000 readings a day; every false alarm is wasted review time")]
[Baseline("Robust distance: the sum over sensors of |x - median| / MAD, fitted on the training readings", RulesMethod = nameof(RobustDistance))]
[KillCriterion("Baseline heuristic achieves >90% of ML performance", When = KillWhen.BaselineShareAbove, Threshold = 0.9)]
[KillCriterion("Model can't beat random by >10% on holdout set", When = KillWhen.LiftOverRandomBelow, Threshold = 0.1)]
public partial class ShuttleProblem
{
    /// <summary>The baseline heuristic: per sensor, the distance from the training median in MADs, summed — a reading
    /// far from typical is odd. Higher is more anomalous.</summary>
    public static double[] RobustDistance(ShuttleReading[] train, ShuttleReading[] score)
    {
        System.Func<ShuttleReading, double>[] sensors = [r => r.V1, r => r.V2, r => r.V3, r => r.V4, r => r.V5, r => r.V6, r => r.V7, r => r.V8, r => r.V9];
        var centres = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(sensors, s =>
        {
            var values = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Order(System.Linq.Enumerable.Select(train, s)));
            var median = values[values.Length / 2];
            var deviations = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Order(System.Linq.Enumerable.Select(values, v => System.Math.Abs(v - median))));
            return (Median: median, Mad: System.Math.Max(deviations[deviations.Length / 2], 1e-9));
        }));
        var distances = new double[score.Length];
        for (var i = 0; i < score.Length; i++)
        {
            for (var j = 0; j < sensors.Length; j++)
            {
                distances[i] += System.Math.Abs(sensors[j](score[i]) - centres[j].Median) / centres[j].Mad;
            }
        }

        return distances;
    }
}

/// <summary>One sensor reading. <c>Class</c> is the radiator state, used only to evaluate.</summary>
[FeatureSet(Entity = "reading", Problem = typeof(ShuttleProblem), Source = "data/statlog_shuttle.csv")]
public partial record ShuttleReading
{
    [Target(Positive = "anomaly")] public string Class { get; init; } = "";
    [Feature] public int V1 { get; init; }
    [Feature] public int V2 { get; init; }
    [Feature] public int V3 { get; init; }
    [Feature] public int V4 { get; init; }
    [Feature] public int V5 { get; init; }
    [Feature] public int V6 { get; init; }
    [Feature] public int V7 { get; init; }
    [Feature] public int V8 { get; init; }
    [Feature] public int V9 { get; init; }

    /// <summary>Everything but normal radiator flow is an anomaly.</summary>
    public bool IsAnomaly => Class != "Rad.Flow";
}
