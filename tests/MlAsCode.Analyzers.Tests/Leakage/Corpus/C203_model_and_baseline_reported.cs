// clean: the chosen model and a baseline are both reported on the holdout; the scores are only printed
using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Energy;

public sealed class Meter
{
    [LoadColumn(0)] public float Temperature { get; set; }
    [LoadColumn(1)] public float Humidity { get; set; }
    [LoadColumn(2), ColumnName("Label")] public float Load { get; set; }
}

public sealed class Report
{
    public void Print(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Meter>(path, ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(data, 0.2);
        var features = ml.Transforms.Concatenate("Features", "Temperature", "Humidity");
        var model = features.Append(ml.Regression.Trainers.Sdca()).Fit(split.TrainSet);
        var baseline = features.Append(ml.Regression.Trainers.OnlineGradientDescent()).Fit(split.TrainSet);

        var modelMetrics = ml.Regression.Evaluate(model.Transform(split.TestSet));
        var baselineMetrics = ml.Regression.Evaluate(baseline.Transform(split.TestSet));
        Console.WriteLine($"model RMSE {modelMetrics.RootMeanSquaredError:F2}, baseline RMSE {baselineMetrics.RootMeanSquaredError:F2}");
    }
}
