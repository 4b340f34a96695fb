// clean: a local function fits the encoder; it is called with the training part and the fit transforms the test part
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Retail;

public sealed class Order
{
    [LoadColumn(0)] public string Country { get; set; } = "";
    [LoadColumn(1)] public float Basket { get; set; }
    [LoadColumn(2), ColumnName("Label")] public bool Returned { get; set; }
}

public static class ReturnsModel
{
    public static double Evaluate(MLContext ml, string path)
    {
        var orders = ml.Data.LoadFromTextFile<Order>(path, ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(orders, 0.2);

        ITransformer FitEncoder(IDataView rows) => ml.Transforms.Categorical.OneHotEncoding("CountryCode", "Country").Fit(rows);

        var encoder = FitEncoder(split.TrainSet);
        var model = ml.Transforms.Concatenate("Features", "CountryCode", "Basket")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
            .Fit(encoder.Transform(split.TrainSet));
        return ml.BinaryClassification.Evaluate(model.Transform(encoder.Transform(split.TestSet))).Accuracy;
    }
}
