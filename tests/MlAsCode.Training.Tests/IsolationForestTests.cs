using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using MlAsCode.Evaluation;
using MlAsCode.Training.Trainers;
using Xunit.Abstractions;

namespace MlAsCode.Training.Tests;

/// <summary>Statlog shuttle sensor readings; every class but "Rad.Flow" (78%) counts as an anomaly.</summary>
[FeatureSet(Entity = "reading")]
public partial record ShuttleReading
{
    [Target] public string Class { get; init; } = "";
    [Feature] public int V1 { get; init; }
    [Feature] public int V2 { get; init; }
    [Feature] public int V3 { get; init; }
    [Feature] public int V4 { get; init; }
    [Feature] public int V5 { get; init; }
    [Feature] public int V6 { get; init; }
    [Feature] public int V7 { get; init; }
    [Feature] public int V8 { get; init; }
    [Feature] public int V9 { get; init; }
}

public class IsolationForestTests(ITestOutputHelper output)
{
    private static readonly ShuttleReading[] Shuttle = [.. ShuttleReading.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "statlog_shuttle.csv"))];

    [Fact]
    public void The_forest_finds_shuttle_anomalies_as_well_as_scikit_learn()
    {
        var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "isolation_forest_reference.json"))).RootElement;
        var runs = reference.GetProperty("runs").EnumerateArray().ToArray();
        double Mean(string name) => runs.Average(r => r.GetProperty(name).GetDouble());

        var features = ShuttleReading.Features.Fit(Shuttle).TransformBatch(Shuttle);
        bool[] anomalies = [.. Shuttle.Select(r => r.Class != "Rad.Flow")];
        var results = Enumerable.Range(0, 3).Select(seed =>
        {
            double[] scores = [.. new IsolationForest(seed: seed).Fit(features).Score(features).Select(s => (double)s)];
            return (Auc: Metrics.RocAuc(anomalies, scores), At1000: Metrics.PrecisionAtK(anomalies, scores, 1000), At5000: Metrics.PrecisionAtK(anomalies, scores, 5000));
        }).ToList();

        output.WriteLine($"MlAsCode: ROC-AUC {results.Average(r => r.Auc):0.000}, P@1000 {results.Average(r => r.At1000):0.000}, P@5000 {results.Average(r => r.At5000):0.000}");
        output.WriteLine($"scikit-learn: ROC-AUC {Mean("roc_auc"):0.000}, P@1000 {Mean("precision_at_1000"):0.000}, P@5000 {Mean("precision_at_5000"):0.000}");
        Assert.Equal(Mean("roc_auc"), results.Average(r => r.Auc), 0.03);
        Assert.Equal(Mean("precision_at_1000"), results.Average(r => r.At1000), 0.03);
        Assert.Equal(Mean("precision_at_5000"), results.Average(r => r.At5000), 0.05);
    }

    [Fact]
    public void The_same_seed_grows_the_same_forest_and_scores_stay_in_range()
    {
        var rows = Shuttle[..5000];
        var features = ShuttleReading.Features.Fit(rows).TransformBatch(rows);
        var first = new IsolationForest(trees: 50, seed: 9).Fit(features).Score(features);
        Assert.Equal(first, new IsolationForest(trees: 50, seed: 9).Fit(features).Score(features));
        Assert.NotEqual(first, new IsolationForest(trees: 50, seed: 10).Fit(features).Score(features));
        Assert.All(first, s => Assert.InRange(s, 0f, 1f));
        Assert.Equal(10.2448, IsolationForestModel.AveragePathLength(256), 3);
    }

    [Fact]
    public void Precision_at_k_counts_the_top_scores()
    {
        Assert.Equal(2.0 / 3, Metrics.PrecisionAtK([true, false, true, false], [0.9, 0.8, 0.7, 0.1], 3), 12);
        Assert.Equal(1.0, Metrics.PrecisionAtK([true, false, true, false], [0.9, 0.8, 0.7, 0.1], 1));
    }
}
