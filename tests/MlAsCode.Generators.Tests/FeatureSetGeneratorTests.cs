using System.Linq;
using Snapshooter.Xunit;

namespace MlAsCode.Generators.Tests;

public class FeatureSetGeneratorTests
{
    private const string Customer = """
        using System;
        using MlAsCode;

        namespace Shop;

        [FeatureSet(Entity = "customer", Source = "data/telco_churn.csv", Seed = 3)]
        public partial record Customer
        {
            [Target(Positive = "Yes")] public string Churn { get; init; } = "";
            [Protected] public int Female { get; init; }
            [Feature(Transform.Standardize, Impute = Imputation.Mean)]
            [Feature(Transform.QuantileBin, Bins = 4)]
            public float Tenure { get; init; }
            [Feature(Transform.Log, Negative = NegativePolicy.Clip, Owner = "billing")] public double? MonthlyCharges { get; init; }
            [Feature(Transform.OneHot, Name = "customer_plan")] [Column("contract_type")] public string Contract { get; init; } = "";
            [Feature(Transform.TargetEncode, Folds = 5, Smoothing = 20)] public string? PaymentMethod { get; init; }
            [Feature(Transform.Hash, HashBuckets = 16)] public string City { get; init; } = "";
            [Feature] public bool Partner { get; init; }
            [Feature(Transform.Cyclical, Cycle = CyclePeriod.DayOfWeek)] public DateOnly SignedUp { get; init; }
            [Feature(Transform.Ratio, Other = nameof(Tenure), DivisionByZero = DivisionByZero.Zero)] public decimal TotalCharges { get; init; }
            [EntityKey] public long CustomerId { get; init; }
            [EventTime] public DateTimeOffset SeenAt { get; init; }
            [Feature(Transform.Lag, Lags = new[] { 1, 7 })]
            [Feature(Transform.Rolling, Window = "30d", Aggregations = Aggregation.Mean | Aggregation.Count)]
            public double Visits { get; init; }
            public DateTimeOffset? LastContact { get; init; }
        }
        """;

    [Fact]
    public void Feature_set_with_every_kind_of_property() => Snapshot.Match(GeneratorHarness.AllGeneratedSources(Customer));

    [Fact]
    public void Feature_set_served_by_a_generated_transform() => Snapshot.Match(GeneratorHarness.AllGeneratedSources("""
        using System;
        using MlAsCode;

        namespace Shop;

        [FeatureSet(Entity = "visit")]
        public partial record Visit
        {
            [Target(Positive = "Yes")] public string Bought { get; init; } = "";
            [EventTime] [Feature(Transform.Cyclical, Cycle = CyclePeriod.HourOfDay)] public DateTime At { get; init; }
            [Feature(Transform.TimeSince)] public DateTime FirstSeen { get; init; }
            [Feature(Transform.Standardize)] [ValidRange(0, 86400)] public double Seconds { get; init; }
            [Feature(Transform.OneHot)] [ValidValues("phone", "desktop")] public string Device { get; init; } = "";
            [Feature(Transform.TargetEncode, Folds = 5)] public string Country { get; init; } = "";
            [Feature(Transform.Hash, HashBuckets = 4)] public string Page { get; init; } = "";
            [Feature(Transform.TfIdf, MaxTerms = 20)] public string Query { get; init; } = "";
            [Feature(Transform.Product, Other = nameof(Seconds))] public double? Pages { get; init; }
        }
        """));

    [Fact]
    public void A_transform_that_does_not_fit_the_property_type_is_left_out()
    {
        var (result, _) = GeneratorHarness.Run("""
            using MlAsCode;
            [FeatureSet(Entity = "x")]
            public partial record Row
            {
                [Feature(Transform.OneHot)] public int Code { get; init; }
                [Feature(Transform.Standardize)] public float Amount { get; init; }
            }
            """);

        var text = result.Results.SelectMany(r => r.GeneratedSources).Single(s => s.HintName.Contains("FeatureSet")).SourceText.ToString();
        Assert.Contains("\"Amount\"", text);
        Assert.DoesNotContain("Categorical(\"Code\"", text);
        Assert.Contains("Code = row.GetInt32(", text); // still loaded
    }
}

public class FeatureSetGeneratorEdgeCaseTests
{
    [Fact]
    public void A_target_transform_is_written_only_when_declared()
    {
        var (result, _) = GeneratorHarness.Run("""
            using MlAsCode;
            [FeatureSet(Entity = "x")]
            public partial record Row
            {
                [Target(Transform = TargetTransform.Log1p)] public double Sales { get; init; }
                [Feature] public double A { get; init; }
            }
            """);

        var text = result.Results.SelectMany(r => r.GeneratedSources).Single(s => s.HintName.Contains("FeatureSet")).SourceText.ToString();
        Assert.Contains("{ Transform = global::MlAsCode.TargetTransform.Log1p }", text);
    }

    [Fact]
    public void Several_nullable_values_in_one_generated_transform_compile()
    {
        // The harness fails the test if the generated code has any error or warning.
        var (result, _) = GeneratorHarness.Run("""
            using System;
            using MlAsCode;

            [FeatureSet(Entity = "x")]
            public partial record Row
            {
                [Feature(Transform.Standardize)]
                [Feature(Transform.QuantileBin, Bins = 4)]
                public double? A { get; init; }
                [Feature] public bool? B { get; init; }
                [Feature(Transform.Ratio, Other = nameof(A))] public float? C { get; init; }
            }
            """);

        Assert.Contains("MlAsCodeCompiledTransform", result.Results.SelectMany(r => r.GeneratedSources).Single(s => s.HintName.Contains("FeatureSet")).SourceText.ToString());
    }

    [Fact]
    public void Time_since_without_an_event_time_keeps_the_other_generated_code()
    {
        var compilation = GeneratorHarness.Compilation(true, """
            using System;
            using MlAsCode;

            [FeatureSet(Entity = "x")]
            public partial record Row
            {
                [Feature(Transform.TimeSince)] public DateTime Seen { get; init; }
                [Feature] public double A { get; init; }
            }
            """);

        var result = GeneratorHarness.Driver().RunGenerators(compilation).GetRunResult();

        Assert.Empty(result.Diagnostics);
        var text = Assert.Single(result.GeneratedTrees).GetText().ToString();
        Assert.Contains("compiled: null", text);
        Assert.Contains("ReadCsv", text);
    }

    [Fact]
    public void Keyword_property_names_record_structs_and_computed_others_compile()
    {
        var (result, output) = GeneratorHarness.Run("""
            using MlAsCode;

            namespace Edge;

            [FeatureSet(Entity = "item")]
            public partial record struct @event
            {
                [Feature(Transform.OneHot)] public string @class { get; init; }
                [Feature(Transform.Standardize)] public double @double { get; init; }
                [Feature(Transform.Ratio, Other = nameof(Half))] public double Price { get; init; }
                public double Half => Price / 2;
            }
            """);

        var text = result.Results.SelectMany(r => r.GeneratedSources).Single(s => s.HintName.Contains("FeatureSet")).SourceText.ToString();
        Assert.Contains("r.@class", text);
        Assert.Contains("@double = row.GetDouble(", text);
        Assert.Contains("Interaction(\"Price\"", text);
        Assert.DoesNotContain("Half = row.", text); // computed: not loaded
        Assert.NotNull(output);
    }
}
