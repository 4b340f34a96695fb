using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using MlAsCode.Features;
using MlAsCode.Features.State;

namespace MlAsCode.Tests.Features;

/// <summary>Fitted statistics and outputs against scikit-learn (data/feature_reference.json, data/make_feature_reference.py).</summary>
public class FeaturePipelineReferenceTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(TestData.PathOf("feature_reference.json"))).RootElement;

    private static readonly FittedFeaturePipeline<TelcoCustomer> Telco = TelcoCustomer.Features.Fit(TestData.Telco);
    private static readonly FittedFeaturePipeline<RidershipDay> Chicago = RidershipDay.Features.Fit(TestData.Ridership);

    private static NumericColumnState Numeric<T>(FittedFeaturePipeline<T> pipeline, string property, Transform transform) =>
        pipeline.State.Columns.OfType<NumericColumnState>().Single(c => c.Feature == property && c.Transform == transform);

    private static void Close(double expected, double actual, double tolerance = 1e-9) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");

    private static void FirstOutputs<T>(FittedFeaturePipeline<T> pipeline, T[] rows, string column, JsonElement expected)
    {
        var matrix = pipeline.TransformBatch(rows[..5]);
        var index = matrix.ColumnIndex(column);
        var values = expected.GetProperty("first").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (var r = 0; r < 5; r++)
        {
            Close(values[r], matrix[r, index], 1e-6); // float32 output against float64 reference
        }
    }

    [Fact]
    public void Standardize_matches_StandardScaler()
    {
        var expected = Reference.GetProperty("telco").GetProperty("tenure_standardize");
        var state = Numeric(Telco, "Tenure", Transform.Standardize);

        Close(expected.GetProperty("mean").GetDouble(), state.Center);
        Close(expected.GetProperty("scale").GetDouble(), state.Scale);
        FirstOutputs(Telco, TestData.Telco, "customer_tenure_standardized", expected);

        var chicago = Reference.GetProperty("chicago").GetProperty("temp_standardize");
        Close(chicago.GetProperty("scale").GetDouble(), Numeric(Chicago, "Temp", Transform.Standardize).Scale);
        FirstOutputs(Chicago, TestData.Ridership, "station_day_temp_standardized", chicago);
    }

    [Fact]
    public void Median_imputation_then_min_max_matches_SimpleImputer_and_MinMaxScaler()
    {
        var telco = Reference.GetProperty("telco");
        var state = Numeric(Telco, "TotalCharges", Transform.MinMax);
        var expected = telco.GetProperty("total_charges_minmax_after_median");

        Close(telco.GetProperty("total_charges_median").GetDouble(), state.Fill!.Value);
        Close(expected.GetProperty("min").GetDouble(), state.Center);
        Close(expected.GetProperty("range").GetDouble(), state.Scale);
        FirstOutputs(Telco, TestData.Telco, "customer_total_charges_minmax", expected);

        var humidity = Reference.GetProperty("chicago").GetProperty("humidity_minmax");
        FirstOutputs(Chicago, TestData.Ridership, "station_day_humidity_minmax", humidity);
    }

    [Fact]
    public void Quantile_bins_match_KBinsDiscretizer()
    {
        var expected = Reference.GetProperty("telco").GetProperty("tenure_quantile_bins_4");
        Assert.Equal(
            expected.GetProperty("inner_edges").EnumerateArray().Select(e => e.GetDouble()),
            Numeric(Telco, "Tenure", Transform.QuantileBin).Edges);
        FirstOutputs(Telco, TestData.Telco, "customer_tenure_bin", expected);

        var clark = Reference.GetProperty("chicago").GetProperty("clark_lake_quantile_bins_10");
        var edges = Numeric(Chicago, "ClarkLake", Transform.QuantileBin).Edges;
        var reference = clark.GetProperty("inner_edges").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(reference.Length, edges.Length);
        for (var i = 0; i < edges.Length; i++)
        {
            Close(reference[i], edges[i]);
        }

        FirstOutputs(Chicago, TestData.Ridership, "station_day_clark_lake_bin", clark);
    }
}

/// <summary>Tenure binned twice: as an index and as one-hot bins.</summary>
[FeatureSet(Entity = "customer")]
public partial record TenureBins
{
    [Feature(Transform.QuantileBin, Bins = 4)]
    [Feature(Transform.QuantileBin, Bins = 4, OneHotBins = true, Name = "customer_tenure_quartile")]
    public float Tenure { get; init; }
}

public class OneHotBinTests
{
    [Fact]
    public void One_hot_bins_set_the_column_of_the_bin_index()
    {
        var rows = TestData.Telco.Select(c => new TenureBins { Tenure = c.Tenure }).ToArray();
        var pipeline = TenureBins.Features.Fit(rows);
        var matrix = pipeline.TransformBatch(rows);

        Assert.Equal(["customer_tenure_bin", "customer_tenure_quartile_bin_0", "customer_tenure_quartile_bin_1", "customer_tenure_quartile_bin_2", "customer_tenure_quartile_bin_3"],
            pipeline.Names.ToArray());
        for (var r = 0; r < rows.Length; r++)
        {
            var bin = (int)matrix[r, 0];
            for (var b = 0; b < 4; b++)
            {
                Assert.Equal(b == bin ? 1f : 0f, matrix[r, 1 + b]);
            }
        }

        var missing = new float[pipeline.Width];
        pipeline.Transform(new TenureBins { Tenure = float.NaN }, missing);
        Assert.Equal([float.NaN, 0, 0, 0, 0], missing);
    }
}
