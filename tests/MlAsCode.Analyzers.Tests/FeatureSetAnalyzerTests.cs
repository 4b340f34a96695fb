using System.Linq;
using System.Threading.Tasks;
using Verify = MlAsCode.Analyzers.Tests.AnalyzerVerifier<MlAsCode.Analyzers.Features.FeatureSetAnalyzer>;

namespace MlAsCode.Analyzers.Tests;

public class FeatureSetAnalyzerTests
{
    private static string Set(string members, string attribute = "[FeatureSet(Entity = \"customer\", Source = \"data/customers.csv\")]") => $$"""
        using System;
        using MlAsCode;

        {{attribute}}
        public partial record Customer
        {
            [Target(Positive = "Yes")] public string Churn { get; init; } = "";
        {{members}}
        }
        """;

    private static readonly string Csv = "churn,tenure,contract,city,female\n"
        + string.Join("\n", Enumerable.Range(0, 30).Select(i => $"No,{i},Month-to-month,City{i},{i % 2}")) + "\n";

    private static readonly (string, string)[] Source = [("/0/data/customers.csv", Csv)];

    [Fact]
    public Task A_clean_feature_set_has_no_diagnostics() => Verify.VerifyAsync(Set("""
            [Feature(Transform.Standardize)] public float Tenure { get; init; }
            [Feature(Transform.OneHot, Name = "customer_contract_type")] public string Contract { get; init; } = "";
            [Feature(Transform.TargetEncode, Folds = 5)] public string City { get; init; } = "";
            [Protected] public int Female { get; init; }
        """), Source);

    [Fact]
    public Task ML0101_a_feature_computed_from_the_target_is_reported_on_the_property() => Verify.VerifyAsync(Set("""
            [Feature] public int {|#0:IsChurner|} => Churn == "Yes" ? 1 : 0;
        """, "[FeatureSet(Entity = \"customer\")]"),
        Verify.Diagnostic(DiagnosticDescriptors.FeatureFromTarget).WithLocation(0).WithArguments("IsChurner", "Churn", ""));

    [Fact]
    public Task ML0101_follows_the_target_through_other_members() => Verify.VerifyAsync(Set("""
            public float Tenure { get; init; }
            [Feature] public double {|#0:Risk|} => Score(Tenure);
            private double Score(float tenure) => Flag() * tenure;
            private int Flag() => Churn.Length;
        """, "[FeatureSet(Entity = \"customer\")]"),
        Verify.Diagnostic(DiagnosticDescriptors.FeatureFromTarget).WithLocation(0).WithArguments("Risk", "Churn", " (through 'Score')"));

    [Fact]
    public Task ML0101_is_silent_for_a_computed_feature_that_never_reads_the_target() => Verify.VerifyAsync(Set("""
            public float Tenure { get; init; }
            public float MonthlyCharges { get; init; }
            [Feature] public double Spend => Tenure * MonthlyCharges + Helper();
            private static double Helper() => 1;
        """, "[FeatureSet(Entity = \"customer\")]"));

    [Fact]
    public Task ML0102_a_protected_attribute_used_as_a_feature_is_reported_on_the_feature_attribute() => Verify.VerifyAsync(Set("""
            [Protected, {|#0:Feature|}] public int Female { get; init; }
        """), Source,
        Verify.Diagnostic(DiagnosticDescriptors.ProtectedAsFeature).WithLocation(0).WithArguments("Female", " ([Protected])"));

    [Fact]
    public Task ML0102_an_attribute_the_problem_brief_protects_is_reported_too() => Verify.VerifyAsync("""
        using MlAsCode;

        [MlProblem("churn", ProtectedAttributes = new[] { "female" }, EthicalConsiderations = "no offers withheld by gender")]
        public partial class Churn;

        [FeatureSet(Entity = "customer", Problem = typeof(Churn))]
        public partial record Customer
        {
            [{|#0:Feature|}] public int Female { get; init; }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.ProtectedAsFeature).WithLocation(0).WithArguments("Female", " (protected in the problem brief)"));

    [Theory]
    [InlineData("[{|#0:Feature|}(Transform.TargetEncode)]", "none")]
    [InlineData("[Feature(Transform.TargetEncode, {|#0:Folds = 1|})]", "1")]
    public Task ML0103_target_encoding_without_k_fold_is_reported(string attribute, string folds) => Verify.VerifyAsync(Set($$"""
            {{attribute}} public string City { get; init; } = "";
        """), Source,
        Verify.Diagnostic(DiagnosticDescriptors.TargetEncodingWithoutFolds).WithLocation(0).WithArguments("City", folds));

    [Fact]
    public Task ML0104_one_hot_on_more_than_20_levels_in_the_source_is_reported() => Verify.VerifyAsync(Set("""
            [{|#0:Feature|}(Transform.OneHot)] public string City { get; init; } = "";
            [Feature(Transform.OneHot)] public string Contract { get; init; } = "";
        """), Source,
        Verify.Diagnostic(DiagnosticDescriptors.HighCardinalityOneHot).WithLocation(0).WithArguments("City", "30", "city", 20));

    [Fact]
    public Task ML0104_is_silent_without_the_source_file() => Verify.VerifyAsync(Set("""
            [Feature(Transform.OneHot)] public string City { get; init; } = "";
        """));

    [Fact]
    public Task ML0105_a_property_mapped_to_a_missing_column_is_reported() => Verify.VerifyAsync(Set("""
            [Feature] public float {|#0:MonthlyCharges|} { get; init; }
            [Feature(Transform.OneHot)] [Column({|#1:"plan"|})] public string Contract { get; init; } = "";
        """), Source,
        Verify.Diagnostic(DiagnosticDescriptors.ColumnMissingFromSource).WithLocation(0)
            .WithArguments("MonthlyCharges", "'MonthlyCharges' or 'monthly_charges'", "data/customers.csv", "churn, tenure, contract, city, female"),
        Verify.Diagnostic(DiagnosticDescriptors.ColumnMissingFromSource).WithLocation(1)
            .WithArguments("Contract", "'plan'", "data/customers.csv", "churn, tenure, contract, city, female"));

    [Theory]
    [InlineData("TenureStandardized")]
    [InlineData("tenure_standardized")]
    [InlineData("customer__tenure")]
    [InlineData("client_tenure")]
    public Task ML0107_an_explicit_name_that_breaks_the_convention_is_reported(string name) => Verify.VerifyAsync(Set($$"""
            [Feature(Transform.Standardize, {|#0:Name = "{{name}}"|})] public float Tenure { get; init; }
        """), Source,
        Verify.Diagnostic(DiagnosticDescriptors.FeatureNameConvention).WithLocation(0).WithArguments(name, "customer"));

    [Fact]
    public Task ML0108_a_transform_that_does_not_fit_the_property_type_is_an_error() => Verify.VerifyAsync(Set("""
            [{|#0:Feature|}(Transform.OneHot)] public int Tenure { get; init; }
            [{|#1:Feature|}(Transform.Standardize)] public string Contract { get; init; } = "";
            [{|#2:Feature|}(Transform.Ratio, Other = "Nope")] public float Charges { get; init; }
            [{|#3:Feature|}(Transform.Cyclical)] public DateTime SignedUp { get; init; }
        """, "[FeatureSet(Entity = \"customer\")]"),
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(0).WithArguments("Tenure", "OneHot needs a string of category levels, but the property is int; make it a string"),
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(1).WithArguments("Contract", "Standardize needs a number or bool, but the property is string"),
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(2).WithArguments("Charges", "Ratio needs Other = nameof(a numeric property of this type)"),
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(3).WithArguments("SignedUp", "Cyclical needs its period: add Cycle = CyclePeriod.HourOfDay, DayOfWeek or MonthOfYear"));

    [Fact]
    public Task ML0007_a_feature_set_that_is_not_partial_is_reported() => Verify.VerifyAsync("""
        using MlAsCode;

        [FeatureSet(Entity = "customer")]
        public record {|#0:Customer|}
        {
            [Feature] public float Tenure { get; init; }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.NotPartial).WithLocation(0).WithArguments("Customer"));
}

public class TemporalFeatureAnalyzerTests
{
    private static string Set(string members, bool eventTime = true) => $$"""
        using System;
        using MlAsCode;

        [FeatureSet(Entity = "customer")]
        public partial record Purchase
        {
            [EntityKey] public string CustomerId { get; init; } = "";
            {{(eventTime ? "[EventTime]" : "")}} public DateTime At { get; init; }
        {{members}}
        }
        """;

    [Fact]
    public Task Well_formed_temporal_features_have_no_diagnostics() => Verify.VerifyAsync(Set("""
            [Feature(Transform.Lag, Lags = new[] { 1, 7 })]
            [Feature(Transform.Rolling, Window = "30d", Aggregations = Aggregation.Sum | Aggregation.Count)]
            public double Spend { get; init; }
            [Feature(Transform.TimeSince)] public DateTime SignedUp { get; init; }
        """));

    [Fact]
    public Task ML0106_a_lag_of_zero_or_less_is_reported_on_the_lags() => Verify.VerifyAsync(Set("""
            [Feature(Transform.Lag, {|#0:Lags = new[] { 1, -1 }|})] public double Spend { get; init; }
        """),
        Verify.Diagnostic(DiagnosticDescriptors.TemporalPastEventTime).WithLocation(0)
            .WithArguments("Spend", "lag -1 reads a later event; lags start at 1 (the previous event)"));

    [Fact]
    public Task ML0106_a_window_that_does_not_end_at_the_event_is_reported() => Verify.VerifyAsync(Set("""
            [Feature(Transform.Rolling, {|#0:Window = "-7d"|}, Aggregations = Aggregation.Mean)] public double Spend { get; init; }
        """),
        Verify.Diagnostic(DiagnosticDescriptors.TemporalPastEventTime).WithLocation(0)
            .WithArguments("Spend", "window \"-7d\" does not end at the event time; give a positive length such as \"7d\""));

    [Fact]
    public Task ML0108_temporal_features_need_an_event_time_and_their_options() => Verify.VerifyAsync(Set("""
            [{|#0:Feature|}(Transform.Lag, Lags = new[] { 1 })] public double Spend { get; init; }
        """, eventTime: false),
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(0).WithArguments("Spend", "Lag needs an [EventTime] property on the feature set"));

    [Fact]
    public Task ML0108_lags_need_an_entity_key() => Verify.VerifyAsync("""
        using System;
        using MlAsCode;

        [FeatureSet(Entity = "day")]
        public partial record Day
        {
            [EventTime] public DateTime At { get; init; }
            [{|#0:Feature|}(Transform.Lag, Lags = new[] { 1 })] public double Riders { get; init; }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(0).WithArguments("Riders",
            "Lag needs an [EntityKey] property so each entity's events stay apart; for a single series declare a constant one, such as [EntityKey] public string Series => \"all\";"));

    [Fact]
    public Task A_constant_entity_key_for_a_single_series_is_accepted() => Verify.VerifyAsync("""
        using System;
        using MlAsCode;

        [FeatureSet(Entity = "day")]
        public partial record Day
        {
            [EntityKey] public string Series => "all";
            [EventTime] public DateTime At { get; init; }
            [Feature(Transform.Lag, Lags = new[] { 1 })] public double Riders { get; init; }
        }
        """);

    [Fact]
    public Task ML0108_rolling_needs_a_window_and_aggregations() => Verify.VerifyAsync(Set("""
            [{|#0:Feature|}(Transform.Rolling, Window = "a week", Aggregations = Aggregation.Mean)] public double Spend { get; init; }
            [{|#1:Feature|}(Transform.Rolling, Window = "7d")] public double Visits { get; init; }
            [{|#2:Feature|}(Transform.Lag)] public double Returns { get; init; }
        """),
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(0).WithArguments("Spend", "Rolling needs a Window such as \"7d\" (a whole number and m, h, d or w)"),
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(1).WithArguments("Visits", "Rolling needs Aggregations, for example Aggregation.Mean | Aggregation.Max"),
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(2).WithArguments("Returns", "Lag needs Lags, for example Lags = new[] { 1, 7, 30 }"));
}

public class FeatureOptionAnalyzerTests
{
    [Fact]
    public Task ML0108_options_the_runtime_would_refuse_are_reported_at_build_time() => Verify.VerifyAsync("""
        using System;
        using MlAsCode;

        [FeatureSet(Entity = "customer")]
        public partial record Customer
        {
            [{|#0:Feature|}(Transform.QuantileBin, Bins = 1)] public double Tenure { get; init; }
            [{|#1:Feature|}(Transform.Hash, HashBuckets = 0)] public string City { get; init; } = "";
            [{|#2:Feature|}(Transform.OneHot, Impute = Imputation.Mean)] public string Plan { get; init; } = "";
            [{|#3:Feature|}(Transform.TargetEncode, Folds = 5)] public string Region { get; init; } = "";
            [{|#4:Feature|}(Transform.TfIdf, Impute = Imputation.MostFrequent)] public string Notes { get; init; } = "";
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(0).WithArguments("Tenure", "QuantileBin needs at least 2 Bins (Bins = 1)"),
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(1).WithArguments("City", "Hash needs at least 1 bucket (HashBuckets = 0)"),
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(2).WithArguments("Plan", "Mean and Median imputation need numbers; use MostFrequent or Constant for a categorical feature"),
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(3).WithArguments("Region", "TargetEncode needs a [Target] property on the feature set"),
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(4).WithArguments("Notes", "TfIdf takes no imputation: a missing text has no terms and gives a row of zeros"));

    [Fact]
    public Task ML0108_an_unknown_category_policy_applies_only_to_categorical_features() => Verify.VerifyAsync("""
        using MlAsCode;

        [FeatureSet(Entity = "house")]
        public partial record House
        {
            [{|#0:Feature|}(Transform.Standardize, Unknown = UnknownCategory.Error)] public double Area { get; init; }
            [Feature(Transform.OneHot, Unknown = UnknownCategory.Error)] public string Zoning { get; init; } = "";
            [Feature(Transform.OneHot)] public string Street { get; init; } = "";
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(0)
            .WithArguments("Area", "Unknown (what serving does with a category training never had) applies to OneHot and TargetEncode features only"));

    [Fact]
    public Task ML0108_a_target_transform_needs_a_numeric_regression_target() => Verify.VerifyAsync("""
        using MlAsCode;

        [MlProblem("churn", BusinessObjective = "Keep customers", SuccessMetric = "PR-AUC", PredictionTarget = "Churn", Task = MlTask.BinaryClassification, Metric = Metric.PrAuc)]
        [Baseline(BaselineKind.MajorityClass)]
        [KillCriterion("Baseline heuristic achieves >90% of ML performance")]
        public partial class Churn;

        [MlProblem("prices", BusinessObjective = "Price", SuccessMetric = "MAE", PredictionTarget = "Price", Task = MlTask.Regression, Metric = Metric.Mae)]
        [Baseline(BaselineKind.MedianPrediction)]
        [KillCriterion("Baseline heuristic achieves >90% of ML performance")]
        public partial class Prices;

        [FeatureSet(Entity = "customer", Problem = typeof(Churn))]
        public partial record Customer
        {
            [Target({|#0:Transform = TargetTransform.Log|})] public double Churned { get; init; }
            [Feature] public double Tenure { get; init; }
        }

        [FeatureSet(Entity = "account")]
        public partial record Account
        {
            [Target(Positive = "Yes", {|#1:Transform = TargetTransform.Log|})] public string Closed { get; init; } = "";
            [Feature] public double Tenure { get; init; }
        }

        [FeatureSet(Entity = "house", Problem = typeof(Prices))]
        public partial record House
        {
            [Target(Transform = TargetTransform.Log)] public float Price { get; init; }
            [Feature] public double Area { get; init; }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(0)
            .WithArguments("Churned", "a target transform (TargetTransform) applies to regression; the problem's task is BinaryClassification"),
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(1)
            .WithArguments("Closed", "a target transform (TargetTransform) needs a numeric regression target, but the target is string with a positive class"));

    [Fact]
    public Task ML0108_one_hot_bins_only_apply_to_quantile_bins() => Verify.VerifyAsync("""
        using MlAsCode;

        [FeatureSet(Entity = "customer")]
        public partial record Customer
        {
            [{|#0:Feature|}(Transform.Standardize, OneHotBins = true)] public double Tenure { get; init; }
            [Feature(Transform.QuantileBin, OneHotBins = true)] public double Charges { get; init; }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(0).WithArguments("Tenure", "OneHotBins applies only to Transform.QuantileBin"));

    [Fact]
    public Task The_other_property_of_an_interaction_is_checked_for_the_target_and_protected_attributes() => Verify.VerifyAsync("""
        using MlAsCode;

        [FeatureSet(Entity = "customer")]
        public partial record Customer
        {
            [Target] public double Spend { get; init; }
            [Protected] public double Age { get; init; }
            [Feature(Transform.Ratio, {|#0:Other = nameof(Spend)|})] public double Visits { get; init; }
            [Feature(Transform.Product, {|#1:Other = nameof(Age)|})] public double Income { get; init; }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.FeatureFromTarget).WithLocation(0).WithArguments("Visits", "Spend", " (as its Other)"),
        Verify.Diagnostic(DiagnosticDescriptors.ProtectedAsFeature).WithLocation(1).WithArguments("Age", " (the Other of Income)"));

    [Fact]
    public Task ML0108_a_nullable_event_time_is_reported_on_temporal_features() => Verify.VerifyAsync("""
        using System;
        using MlAsCode;

        [FeatureSet(Entity = "customer")]
        public partial record Purchase
        {
            [EntityKey] public string CustomerId { get; init; } = "";
            [EventTime] public DateTime? At { get; init; }
            [{|#0:Feature|}(Transform.Lag, Lags = new[] { 1 })] public double Spend { get; init; }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.TransformUnfitForProperty).WithLocation(0)
            .WithArguments("Spend", "the [EventTime] property At is System.DateTime?; it must be a non-nullable DateTime, DateTimeOffset or DateOnly"));

    private static string Scored(string metric, string rate = "") => $$"""
        using MlAsCode;

        [MlProblem("churn", Task = MlTask.BinaryClassification, Metric = Metric.{{metric}}{{rate}})]
        public partial class Churn;

        [FeatureSet(Entity = "customer", {|#0:Problem = typeof(Churn)|}, Source = "data/customers.csv")]
        public partial record Customer
        {
            [Target(Positive = "Yes")] public string Churn { get; init; } = "";
            [Feature] public float Tenure { get; init; }
        }
        """;

    // 3 of 40 rows churn: 7.5%.
    private static readonly (string, string)[] RareSource =
        [("/0/data/customers.csv", "churn,tenure\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{(i % 13 == 1 ? "Yes" : "No")},{i}")) + "\n")];

    [Fact]
    public Task ML0004_accuracy_on_a_source_with_a_rare_class_is_reported_from_the_data() => Verify.VerifyAsync(Scored("Accuracy"), RareSource,
        Verify.Diagnostic(DiagnosticDescriptors.MetricUnfitForTask).WithLocation(0).WithArguments(
            "Accuracy hides a rare class: in data/customers.csv, 3 of 40 rows (7.5%) have churn = Yes, so the minority class is under 20% and always predicting the majority scores high; problem 'Churn' should use PrAuc or F1"));

    [Theory]
    [InlineData("PrAuc", "")]
    [InlineData("Accuracy", ", PositiveRate = 0.3")]
    public Task ML0004_from_data_is_silent_for_a_fitting_metric_or_a_declared_rate(string metric, string rate) =>
        Verify.VerifyAsync(Scored(metric, rate).Replace("{|#0:", "").Replace("|}", ""), RareSource);
}
