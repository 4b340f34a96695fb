// clean: training and test rows come from two different files
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Logistics;

public sealed class Shipment
{
    [LoadColumn(0)] public float Distance { get; set; }
    [LoadColumn(1)] public float Weight { get; set; }
    [LoadColumn(2), ColumnName("Label")] public float Hours { get; set; }
}

public sealed class DeliveryTime
{
    public RegressionMetrics Evaluate(string trainPath, string testPath)
    {
        var ml = new MLContext(seed: 9);
        var training = ml.Data.LoadFromTextFile<Shipment>(trainPath, ',', hasHeader: true);
        var model = ml.Transforms.Concatenate("Features", "Distance", "Weight")
            .Append(ml.Regression.Trainers.Sdca())
            .Fit(training);

        var testing = ml.Data.LoadFromTextFile<Shipment>(testPath, ',', hasHeader: true);
        var firstRows = ml.Data.TakeRows(testing, 1000);
        return ml.Regression.Evaluate(model.Transform(firstRows));
    }
}
