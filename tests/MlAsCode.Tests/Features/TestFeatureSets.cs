using System;
using System.IO;
using System.Linq;
using MlAsCode.Data.Csv;

namespace MlAsCode.Tests.Features;

/// <summary>The telco churn data (7,043 customers) with a feature of every categorical and numeric kind.</summary>
[FeatureSet(Entity = "customer", Source = "data/telco_churn.csv", Seed = 7)]
public partial record TelcoCustomer
{
    [Target(Positive = "Yes")]
    public string Churn { get; init; } = "";

    [Protected]
    public int Female { get; init; }

    [Protected]
    public int SeniorCitizen { get; init; }

    [Feature]
    public bool Partner { get; init; }

    [Feature(Transform.Standardize)]
    [Feature(Transform.QuantileBin, Bins = 4)]
    public float Tenure { get; init; }

    [Feature(Transform.OneHot)]
    public string Contract { get; init; } = "";

    [Feature(Transform.TargetEncode, Folds = 5, Description = "Churn rate of the payment method, out-of-fold in training")]
    public string PaymentMethod { get; init; } = "";

    [Feature(Transform.Hash, HashBuckets = 8)]
    public string InternetService { get; init; } = "";

    [Feature(Transform.Log, Owner = "billing")]
    [Feature(Transform.Ratio, Other = nameof(Tenure), DivisionByZero = DivisionByZero.Zero)]
    public float MonthlyCharges { get; init; }

    // 11 customers have "NA": median imputation, learned on the training rows.
    [Feature(Transform.MinMax, Impute = Imputation.Median, KnownIssues = "NA for the 11 customers with tenure 0")]
    public double? TotalCharges { get; init; }
}

/// <summary>Chicago L ridership (5,698 days): a regression target, dates and weather.</summary>
[FeatureSet(Entity = "station_day", Source = "data/chicago_ridership.csv")]
public partial record RidershipDay
{
    /// <summary>One series: every day belongs to the same entity.</summary>
    [EntityKey]
    public string Series => "chicago_l";

    [Target]
    public double Ridership { get; init; }

    [EventTime]
    [Feature(Transform.Cyclical, Cycle = CyclePeriod.DayOfWeek)]
    [Feature(Transform.Cyclical, Cycle = CyclePeriod.MonthOfYear)]
    public DateTime Date { get; init; }

    [Feature(Transform.Standardize)]
    [Feature(Transform.Rolling, Window = "7d", Aggregations = Aggregation.Mean | Aggregation.Max | Aggregation.Count)]
    public double Temp { get; init; }

    [Feature(Transform.Difference, Other = nameof(TempMin))]
    public double TempMax { get; init; }

    public double TempMin { get; init; }

    [Feature(Transform.MinMax)]
    public double Humidity { get; init; }

    [Feature(Transform.Log)]
    public double Percip { get; init; }

    [Feature]
    [Column("Bears_Home")]
    public int BearsHome { get; init; }

    [Feature(Transform.QuantileBin, Bins = 10)]
    [Feature(Transform.Lag, Lags = new[] { 1, 7 }, Impute = Imputation.Mean)]
    [Column("Clark_Lake")]
    public double ClarkLake { get; init; }
}

internal static class TestData
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "data", file);

    public static TelcoCustomer[] Telco { get; } = [.. TelcoCustomer.ReadCsv(PathOf("telco_churn.csv"))];

    public static RidershipDay[] Ridership { get; } = [.. RidershipDay.ReadCsv(PathOf("chicago_ridership.csv"))];
}
