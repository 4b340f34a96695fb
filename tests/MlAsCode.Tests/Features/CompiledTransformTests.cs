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
    public void Feature_sets_that_read_history_keep_the_general_path() =>
        Assert.False(RidershipDay.Features.Fit(TestData.Ridership).UsesCompiledTransform);
}
