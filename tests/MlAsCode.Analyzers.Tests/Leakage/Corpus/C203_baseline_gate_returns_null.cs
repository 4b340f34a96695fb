// clean: the model must beat a baseline on the holdout; otherwise a warning is logged and nothing is shipped
using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Logistics;

public sealed class Shipment
{
    [LoadColumn(0)] public float Distance { get; set; }
    [LoadColumn(1)] public float Weight { get; set; }
    [LoadColumn(2), ColumnName("Label")] public float DeliveryHours { get; set; }
}

public sealed class DeliveryRelease
{
    public ITransformer? TrainIfBetterThanBaseline(MLContext ml, string path)
    {
        var shipments = ml.Data.LoadFromTextFile<Shipment>(path, ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(shipments, testFraction: 0.2, seed: 12);
        var model = ml.Transforms.Concatenate("Features", "Distance", "Weight")
            .Append(ml.Regression.Trainers.FastForest())
            .Fit(split.TrainSet);
        var baseline = ml.Transforms.Concatenate("Features", "Distance")
            .Append(ml.Regression.Trainers.Sdca())
            .Fit(split.TrainSet);

        var modelMae = ml.Regression.Evaluate(model.Transform(split.TestSet)).MeanAbsoluteError;
        var baselineMae = ml.Regression.Evaluate(baseline.Transform(split.TestSet)).MeanAbsoluteError;
        var verdict = modelMae < baselineMae ? "beats" : "does not beat";
        Console.WriteLine($"model MAE {modelMae:F2} {verdict} baseline MAE {baselineMae:F2}");
        if (modelMae >= baselineMae)
        {
            Console.Error.WriteLine("Model rejected: no better than the distance-only baseline");
            return null;
        }

        return model;
    }
}
