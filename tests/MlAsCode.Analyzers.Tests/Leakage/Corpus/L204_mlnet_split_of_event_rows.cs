// ML0204: TrainTestSplit shuffles sales rows that carry an [EventTime]
using System;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlAsCode;

namespace Stores;

public sealed class Sale
{
    [LoadColumn(0), EventTime] public DateTime SoldAt { get; set; }
    [LoadColumn(1)] public float Promotion { get; set; }
    [LoadColumn(2), ColumnName("Label")] public float Units { get; set; }
}

public static class DemandModel
{
    public static double Rmse(MLContext ml, string path)
    {
        var sales = ml.Data.LoadFromTextFile<Sale>(path, ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(sales, testFraction: 0.2); // ML0204
        var model = ml.Transforms.Concatenate("Features", "Promotion")
            .Append(ml.Regression.Trainers.Sdca())
            .Fit(split.TrainSet);
        return ml.Regression.Evaluate(model.Transform(split.TestSet)).RootMeanSquaredError;
    }
}
