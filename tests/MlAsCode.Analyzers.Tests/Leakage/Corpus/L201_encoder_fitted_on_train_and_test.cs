// ML0201: a one-hot encoder fitted on the training and test rows together
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Retail;

public sealed class Order
{
    public string Country { get; set; } = "";
    public float Basket { get; set; }
    [ColumnName("Label")] public bool Returned { get; set; }
}

public static class ReturnsModel
{
    public static double Evaluate(MLContext ml, List<Order> orders)
    {
        var shuffled = orders.OrderBy(o => o.GetHashCode()).ToList();
        var cut = (int)(shuffled.Count * 0.8);
        var train = shuffled.Take(cut).ToList();
        var test = shuffled.Skip(cut).ToList();

        var everything = ml.Data.LoadFromEnumerable(train.Concat(test));
        var encoder = ml.Transforms.Categorical.OneHotEncoding("CountryCode", "Country")
            .Fit(everything); // ML0201

        var trainView = encoder.Transform(ml.Data.LoadFromEnumerable(train));
        var testView = encoder.Transform(ml.Data.LoadFromEnumerable(test));
        var model = ml.Transforms.Concatenate("Features", "CountryCode", "Basket")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
            .Fit(trainView);
        return ml.BinaryClassification.Evaluate(model.Transform(testView)).Accuracy;
    }
}
