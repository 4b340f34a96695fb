// ML0201: the scaler is fitted on every customer projected to model inputs; the split is of the same rows, projected again
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Retail;

public sealed class Customer
{
    public string Id { get; set; } = "";
    public float Visits { get; set; }
    public float Spend { get; set; }
    public bool Churned { get; set; }
}

public sealed class ModelInput
{
    public float Visits { get; set; }
    public float Spend { get; set; }
    [ColumnName("Label")] public bool Label { get; set; }
}

public static class ChurnPipeline
{
    public static double Train(MLContext ml, IReadOnlyList<Customer> customers)
    {
        var everyone = ml.Data.LoadFromEnumerable(customers.Select(c => new ModelInput { Visits = c.Visits, Spend = c.Spend, Label = c.Churned }));
        var scaler = ml.Transforms.Concatenate("Features", "Visits", "Spend")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Fit(everyone); // ML0201

        var inputs = customers.Where(c => c.Id.Length > 0).Select(ToInput).ToList();
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(inputs), testFraction: 0.2);
        var trainer = ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(scaler.Transform(split.TrainSet));
        return ml.BinaryClassification.Evaluate(trainer.Transform(scaler.Transform(split.TestSet))).Accuracy;
    }

    private static ModelInput ToInput(Customer c) => new() { Visits = c.Visits, Spend = c.Spend, Label = c.Churned };
}
