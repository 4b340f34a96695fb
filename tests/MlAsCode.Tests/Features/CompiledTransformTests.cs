using System;
using System.Linq;
using MlAsCode.Features;

namespace MlAsCode.Tests.Features;

/// <summary>Visits with date-time features and no history-dependent ones, so the generated transform serves them.</summary>
[FeatureSet(Entity = "visit")]
public partial record Visit
{
    [EventTime]
    [Feature(Transform.Cyclical, Cycle = CyclePeriod.HourOfDay)]
    public DateTime At { get; init; }

    [Feature(Transform.TimeSince, Impute = Imputation.Median)]
    public DateTime FirstSeen { get; init; }

    [Feature(Transform.Product, Other = nameof(Pages))]
    public double Seconds { get; init; }

    public double Pages { get; init; }
}

/// <summary>A struct row: the generated transform reads it in place.</summary>
[FeatureSet(Entity = "reading")]
public partial record struct Reading
{
    [Feature(Transform.Standardize)]
    [Feature(Transform.QuantileBin, Bins = 3)]
    public double Value { get; init; }

    [Feature(Transform.OneHot)]
    public string Sensor { get; init; }

    [Feature]
    public bool Calibrated { get; init; }
}

public class CompiledTransformTests
{
    private static void AssertSameBits<T>(FittedFeaturePipeline<T> pipeline, T[] rows)
    {
        Assert.True(pipeline.UsesCompiledTransform);
        var generated = new float[pipeline.Width];
        var general = new float[pipeline.Width];
        foreach (var row in rows)
        {
            pipeline.Transform(row, generated);
            pipeline.TransformInterpreted(row, general);
            for (var c = 0; c < generated.Length; c++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(generated[c]) == BitConverter.SingleToInt32Bits(general[c]),
                    $"{pipeline.Names[c]}: generated {generated[c]} vs general {general[c]}");
            }
        }
    }

    [Fact]
    public void The_generated_transform_matches_the_general_path_on_every_telco_row_and_odd_inputs()
    {
        var pipeline = TelcoCustomer.Features.Fit(TestData.Telco);
        var odd = TestData.Telco.Take(50).Select((c, i) => c with
        {
            Contract = i % 3 == 0 ? "Ten year" : "",
            PaymentMethod = i % 2 == 0 ? "Crypto" : "",
            InternetService = "",
            Tenure = i % 4 == 0 ? float.NaN : c.Tenure + 1000,
            TotalCharges = null,
        });

        AssertSameBits(pipeline, [.. TestData.Telco, .. odd]);
    }

    [Fact]
    public void The_generated_transform_matches_the_general_path_for_text_and_dates()
    {
        AssertSameBits(Paragraph.Features.Fit([.. Paragraph.ReadCsv(TestData.PathOf("python_docs_paragraphs.csv"))]),
            [.. Paragraph.ReadCsv(TestData.PathOf("python_docs_paragraphs.csv"))]);

        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var visits = Enumerable.Range(0, 200).Select(i => new Visit
        {
            At = start.AddHours(i * 7.5),
            FirstSeen = start.AddDays((i % 11) - 3), // some first-seen dates fall after the visit: missing, imputed
            Seconds = i % 13,
            Pages = i % 5,
        }).ToArray();
        AssertSameBits(Visit.Features.Fit(visits), visits);
    }

    [Fact]
    public void The_generated_transform_matches_the_general_path_for_one_hot_bins()
    {
        var rows = TestData.Telco.Select(c => new TenureBins { Tenure = c.Tenure }).Append(new TenureBins { Tenure = float.NaN }).ToArray();
        AssertSameBits(TenureBins.Features.Fit(rows), rows);
    }

    [Fact]
    public void The_generated_transform_matches_the_general_path_for_struct_rows()
    {
        var rows = Enumerable.Range(0, 60).Select(i => new Reading
        {
            Value = i % 7 == 0 ? double.NaN : i * 0.5,
            Sensor = i % 5 == 0 ? "" : "s" + (i % 3),
            Calibrated = i % 2 == 0,
        }).ToArray();
        AssertSameBits(Reading.Features.Fit(rows), rows);
    }

    [Fact]
    public void Feature_sets_that_read_history_keep_the_general_path() =>
        Assert.False(RidershipDay.Features.Fit(TestData.Ridership).UsesCompiledTransform);
}

/// <summary>Every log policy for negatives and every division-by-zero policy, with missing values left missing.</summary>
[FeatureSet(Entity = "account")]
public partial record Balance
{
    [Feature(Transform.Log, Negative = NegativePolicy.Clip)]
    [Feature(Transform.Log, Negative = NegativePolicy.SignedLog, Name = "account_amount_signed_log")]
    [Feature(Transform.Ratio, Other = nameof(Days), DivisionByZero = DivisionByZero.Zero)]
    [Feature(Transform.Ratio, Other = nameof(Days), DivisionByZero = DivisionByZero.Missing, Name = "account_amount_per_day")]
    public double? Amount { get; init; }

    public double Days { get; init; }
}

/// <summary>A log column that refuses negatives.</summary>
[FeatureSet(Entity = "account")]
public partial record StrictBalance
{
    [Feature(Transform.Log)]
    public double Amount { get; init; }
}

public class NumericPolicyTests
{
    private static readonly Balance[] Training =
        [new() { Amount = 10, Days = 2 }, new() { Amount = -3, Days = 0 }, new() { Amount = null, Days = 4 }];

    [Fact]
    public void Log_and_ratio_policies_give_the_declared_values_on_both_paths()
    {
        var pipeline = Balance.Features.Fit(Training);
        Assert.True(pipeline.UsesCompiledTransform);
        float[][] expected =
        [
            [(float)Math.Log(11), (float)Math.Log(11), 5f, 5f],
            [0f, (float)-Math.Log(4), 0f, float.NaN], // clipped to 0; signed log; 0 by policy; missing by policy
            [float.NaN, float.NaN, float.NaN, float.NaN], // a missing amount with no imputation stays missing
        ];

        for (var i = 0; i < Training.Length; i++)
        {
            var generated = new float[pipeline.Width];
            var general = new float[pipeline.Width];
            pipeline.Transform(Training[i], generated);
            pipeline.TransformInterpreted(Training[i], general);
            Assert.Equal(expected[i], generated);
            Assert.Equal(expected[i], general);
        }
    }

    [Fact]
    public void A_negative_value_under_the_default_policy_names_the_feature_on_both_paths()
    {
        var pipeline = StrictBalance.Features.Fit([new StrictBalance { Amount = 1 }]);
        var row = new StrictBalance { Amount = -2 };
        var buffer = new float[pipeline.Width];
        var generated = Assert.Throws<FeatureValueException>(() => pipeline.Transform(row, buffer));
        var general = Assert.Throws<FeatureValueException>(() => pipeline.TransformInterpreted(row, buffer));
        Assert.Contains("Amount", generated.Message);
        Assert.Contains("negative", generated.Message);
        Assert.Equal(generated.Message, general.Message);
    }
}
