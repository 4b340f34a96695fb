using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlAsCode.Experiments;
using MlAsCode.Registry;
using MlAsCode.Training.Trainers;

namespace MlAsCode.Training.Tests;

/// <summary>A listing whose price grows multiplicatively with its size and district (a generated table).</summary>
[FeatureSet(Entity = "listing")]
public partial record Listing
{
    [Target(Transform = TargetTransform.Log)] public float Price { get; init; }

    [Feature(Transform.Standardize)] public float Rooms { get; init; }

    [Feature(Transform.OneHot)] public string District { get; init; } = "";
}

/// <summary>The same listing without the transform, for the comparison.</summary>
[FeatureSet(Entity = "listing")]
public partial record RawListing
{
    [Target] public float Price { get; init; }

    [Feature(Transform.Standardize)] public float Rooms { get; init; }

    [Feature(Transform.OneHot)] public string District { get; init; } = "";
}

[MlProblem("listing_prices", BusinessObjective = "Price listings", SuccessMetric = "MAE", Task = MlTask.Regression,
    PredictionTarget = "Asking price", Metric = Metric.Mae)]
[Baseline(BaselineKind.MedianPrediction)]
[KillCriterion("Baseline heuristic achieves >90% of ML performance")]
public partial class ListingPrices;

public sealed class TargetTransformTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlac-target-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    // log(price) is linear in the rooms and the district, so the price itself is skewed and multiplicative.
    private static Listing[] Listings(int count, int seed)
    {
        var random = new Random(seed);
        string[] districts = ["Centre", "Harbour", "North", "Park", "Station"];
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var d = random.Next(districts.Length);
            var rooms = 1 + random.Next(8);
            var noise = (random.NextDouble() - 0.5) * 0.2;
            return new Listing { District = districts[d], Rooms = rooms, Price = (float)Math.Exp(11 + (0.28 * rooms) + (0.35 * d) + noise) };
        })];
    }

    [Fact]
    public async Task A_log_target_is_trained_on_the_log_and_reported_served_and_exported_in_the_targets_own_units()
    {
        Assert.Equal(TargetTransform.Log, Listing.Features.Target!.Transform);
        Assert.Equal(TargetTransform.None, RawListing.Features.Target!.Transform);
        var rows = Listings(1200, 5);
        var settings = new ExperimentSettings { Id = "EXP-2026-12-08-001", Split = SplitStrategy.Random, Folds = 3, Seed = 3, Resamples = 200 };
        var logged = await new ExperimentRunner<Listing>(settings, ListingPrices.Brief, Listing.Features, new MlNetTrainer(ModelFamily.Linear, MlTask.Regression, 3))
            .RunAsync(rows, new ExperimentRunOptions { OutputDirectory = _folder });
        var raw = await new ExperimentRunner<RawListing>(settings, ListingPrices.Brief, RawListing.Features, new MlNetTrainer(ModelFamily.Linear, MlTask.Regression, 3))
            .RunAsync([.. rows.Select(r => new RawListing { District = r.District, Rooms = r.Rooms, Price = r.Price })]);

        // The metric is in dollars: recomputed from the written predictions against the holdout's prices.
        var lines = File.ReadAllLines(Path.Combine(_folder, "predictions.csv"));
        var header = lines[0].Split(',');
        var (actual, predicted) = (Array.IndexOf(header, "price"), Array.IndexOf(header, "prediction"));
        var pairs = lines.Skip(1).Select(l => l.Split(',')).Select(c => (Actual: double.Parse(c[actual], CultureInfo.InvariantCulture), Predicted: double.Parse(c[predicted], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(pairs.Average(p => Math.Abs(p.Actual - p.Predicted)), logged.Primary.Value, 0);
        Assert.All(pairs, p => Assert.InRange(p.Predicted / p.Actual, 0.7, 1.4));
        // A linear model of the log fits this table; a linear model of the price cannot bend with it.
        Assert.True(logged.Primary.Value < raw.Primary.Value * 0.8, $"log {logged.Primary.Value} vs raw {raw.Primary.Value}");

        // The run's registration, built from the report: files, lineage, the primary metric by name and direction.
        var registration = logged.ToRegistration("listing_prices", "tests", Metric.Rmse);
        Assert.Equal((Path.Combine(_folder, "model.onnx"), Path.Combine(_folder, "feature_pipeline.json")), (registration.OnnxPath, registration.PipelinePath));
        Assert.Equal(new Registry.ModelMetric("mae", logged.Primary.Value, HigherIsBetter: false), registration.PrimaryMetric);
        Assert.Equal("rmse", Assert.Single(registration.Guardrails).Name);
        Assert.Equal((logged.DatasetSha256, Registry.ArtifactStore.Hash(File.ReadAllBytes(registration.PipelinePath!))),
            (registration.Lineage.DatasetSha256, registration.Lineage.FeaturePipelineSha256));
        Assert.Contains("has no PrAuc among its metrics", Assert.Throws<InvalidOperationException>(() => logged.ToRegistration("x", null, Metric.PrAuc)).Message, StringComparison.Ordinal);
        Assert.Contains("wrote no model.onnx; run it with an OutputDirectory", Assert.Throws<InvalidOperationException>(() => raw.ToRegistration("x")).Message, StringComparison.Ordinal);

        // The exported model says what it was trained on; its raw output is the log, and exp of it is the prediction.
        using var session = new InferenceSession(Path.Combine(_folder, "model.onnx"));
        Assert.Equal("log", session.ModelMetadata.CustomMetadataMap[OnnxMetadata.TargetTransform]);
        var pipeline = Listing.Features.LoadFile(Path.Combine(_folder, "feature_pipeline.json"));
        var first = Listings(1, 99);
        var matrix = pipeline.TransformBatch(first);
        using var input = OrtValue.CreateTensorValueFromMemory(matrix.Values, [1, matrix.Columns]);
        using var output = session.Run(new RunOptions(), [session.InputMetadata.Keys.Single()], [input], [session.OutputMetadata.Keys.First(k => k.StartsWith("Score", StringComparison.Ordinal))]);
        var log = output[0].GetTensorDataAsSpan<float>()[0];
        Assert.InRange(log, 10, 15);
        Assert.InRange(Math.Exp(log) / first[0].Price, 0.7, 1.4);
    }

    [Fact]
    public async Task A_target_the_transform_cannot_take_is_refused_before_training_with_its_row()
    {
        var rows = Listings(300, 6);
        rows[41] = rows[41] with { Price = 0 };
        var settings = new ExperimentSettings { Id = "EXP-2026-12-08-002", Split = SplitStrategy.Random, Folds = 3, Seed = 3, Resamples = 50 };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new ExperimentRunner<Listing>(settings, ListingPrices.Brief, Listing.Features, new MlNetTrainer(ModelFamily.Linear, MlTask.Regression, 3)).RunAsync(rows));
        Assert.Contains("the target price of row 42 is 0: it must be above 0 for TargetTransform.Log", error.Message, StringComparison.Ordinal);
    }
}
