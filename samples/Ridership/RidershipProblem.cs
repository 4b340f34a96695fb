using System;
using MlAsCode;

namespace Ridership;

/// <summary>The brief: forecast tomorrow's "L" ridership to staff stations and schedule trains.</summary>
[MlProblem("ridership",
    BusinessObjective = "Staff stations and schedule trains for the next day's riders",
    SuccessMetric = "Next-day ridership within 10% mean absolute error of the actual",
    Task = MlTask.Regression,
    PredictionTarget = "Total daily ridership (thousands of entries) for the next day",
    Consumer = PredictionConsumer.Dashboard,
    Latency = LatencyClass.Batch,
    Metric = Metric.Mae,
    DataAvailable = "5,698 days (2001-2016) of ridership, station counts, weather and Chicago game days (data/chicago_ridership.csv)",
    DataGaps = "No holiday calendar, no service disruptions, no special events beyond sports",
    EthicalConsiderations = "Aggregate counts only: no riders are identified or scored",
    RoiEstimate = "Fewer under- and over-staffed shifts on unusual days")]
[Baseline(BaselineKind.MedianPrediction)]
[KillCriterion("Baseline heuristic achieves >90% of ML performance", When = KillWhen.BaselineShareAbove, Threshold = 0.9)]
[KillCriterion("Model can't beat random by >10% on holdout set", When = KillWhen.LiftOverRandomBelow, Threshold = 0.1)]
public partial class RidershipProblem;

/// <summary>
/// One day. The target is that day's ridership; features use the calendar, the weather, game days and what is known by
/// the evening before: Clark/Lake's counts of 1 and 7 days earlier (lags) and the week's temperatures (rolling window).
/// Same-day station counts are not features — tomorrow's are not known when the forecast is made.
/// </summary>
[FeatureSet(Entity = "system_day", Problem = typeof(RidershipProblem), Source = "data/chicago_ridership.csv")]
public partial record RidershipDay
{
    /// <summary>One series: the whole "L" system.</summary>
    [EntityKey]
    public string Series => "chicago_l";

    [Target]
    [Column("ridership")]
    public double Ridership { get; init; }

    [EventTime]
    [Feature(Transform.Cyclical, Cycle = CyclePeriod.DayOfWeek)]
    [Feature(Transform.Cyclical, Cycle = CyclePeriod.MonthOfYear)]
    [Column("date")]
    public DateTime Date { get; init; }

    [Feature(Transform.Standardize)]
    [Feature(Transform.Rolling, Window = "7d", Aggregations = Aggregation.Mean | Aggregation.Min | Aggregation.Max)]
    [Column("temp")]
    public double Temp { get; init; }

    [Feature(Transform.Log)]
    [Column("percip")]
    public double Precipitation { get; init; }

    [Feature]
    [Column("weather_snow")]
    public double Snow { get; init; }

    [Feature]
    [Column("Bears_Home")]
    public int BearsHome { get; init; }

    [Feature]
    [Column("Cubs_Home")]
    public int CubsHome { get; init; }

    [Feature]
    [Column("WhiteSox_Home")]
    public int WhiteSoxHome { get; init; }

    /// <summary>Clark/Lake entries: only their past values are features.</summary>
    [Feature(Transform.Lag, Lags = new[] { 1, 7 }, Impute = Imputation.Mean)]
    [Column("Clark_Lake")]
    public double ClarkLake { get; init; }
}

/// <summary>LightGBM on a temporal split (the last 20% of days held out) with expanding-window cross-validation.</summary>
[Experiment("EXP-2026-11-26-101", Problem = typeof(RidershipProblem), Features = typeof(RidershipDay),
    Hypothesis = "Calendar, weather and last week's counts cut the median forecast's MAE by more than 0.5 (thousand riders a day)",
    Model = ModelFamily.LightGbm, Split = SplitStrategy.Temporal, CrossValidation = CrossValidationStrategy.TimeSeries,
    Folds = 5, Seed = 42, Margin = 0.5)]
[Hyperparameter("num_iterations", 200)]
[Hyperparameter("learning_rate", 0.05)]
[Tuning(TuningStrategy.Manual)]
public partial class RidershipExperiment;
