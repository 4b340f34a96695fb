// clean: the model is trained, then shipped only if it beats a simple baseline on the holdout; nothing is chosen
using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Housing;

public sealed class House
{
    [LoadColumn(0)] public float Rooms { get; set; }
    [LoadColumn(1)] public float Area { get; set; }
    [LoadColumn(2)] public float Age { get; set; }
    [LoadColumn(3), ColumnName("Label")] public float Price { get; set; }
}

public sealed class PriceModelRelease
{
    public ITransformer TrainForRelease(MLContext ml, string path)
    {
        var houses = ml.Data.LoadFromTextFile<House>(path, ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(houses, testFraction: 0.2, seed: 3);
        var model = ml.Transforms.Concatenate("Features", "Rooms", "Area", "Age")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.Regression.Trainers.FastTree())
            .Fit(split.TrainSet);
        var baseline = ml.Transforms.Concatenate("Features", "Area")
            .Append(ml.Regression.Trainers.Sdca())
            .Fit(split.TrainSet);

        var modelMetrics = ml.Regression.Evaluate(model.Transform(split.TestSet));
        var baselineMetrics = ml.Regression.Evaluate(baseline.Transform(split.TestSet));
        Console.WriteLine($"model R2 {modelMetrics.RSquared:F3}, baseline R2 {baselineMetrics.RSquared:F3}");
        if (modelMetrics.RSquared <= baselineMetrics.RSquared)
        {
            throw new InvalidOperationException("The model does not beat the area-only baseline; not releasing it");
        }

        return model;
    }
}
