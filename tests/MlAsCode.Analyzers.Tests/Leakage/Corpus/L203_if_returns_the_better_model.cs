// ML0203: two trainers are scored on the holdout and an if returns whichever scored higher
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Logistics;

public sealed class Shipment
{
    [LoadColumn(0)] public float Distance { get; set; }
    [LoadColumn(1)] public float Weight { get; set; }
    [LoadColumn(2), ColumnName("Label")] public float DeliveryHours { get; set; }
}

public sealed class DeliveryEstimator
{
    public ITransformer Train(MLContext ml, string path)
    {
        var shipments = ml.Data.LoadFromTextFile<Shipment>(path, ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(shipments, testFraction: 0.2, seed: 12);
        var features = ml.Transforms.Concatenate("Features", "Distance", "Weight");
        var forest = features.Append(ml.Regression.Trainers.FastForest()).Fit(split.TrainSet);
        var tree = features.Append(ml.Regression.Trainers.FastTree()).Fit(split.TrainSet);

        var forestMae = ml.Regression.Evaluate(forest.Transform(split.TestSet)).MeanAbsoluteError; // ML0203
        var treeMae = ml.Regression.Evaluate(tree.Transform(split.TestSet)).MeanAbsoluteError; // ML0203
        if (forestMae < treeMae)
        {
            return forest;
        }

        return tree;
    }
}
