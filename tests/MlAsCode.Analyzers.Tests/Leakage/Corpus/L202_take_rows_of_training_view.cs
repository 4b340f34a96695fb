// ML0202: the test view is TakeRows of the very view the model was fitted on
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
    public RegressionMetrics Evaluate(string path)
    {
        var ml = new MLContext(seed: 9);
        var shipments = ml.Data.LoadFromTextFile<Shipment>(path, ',', hasHeader: true);
        var pipeline = ml.Transforms.Concatenate("Features", "Distance", "Weight")
            .Append(ml.Regression.Trainers.Sdca());
        var model = pipeline.Fit(shipments);

        var check = ml.Data.TakeRows(shipments, 1000); // ML0202
        return ml.Regression.Evaluate(model.Transform(check));
    }
}
