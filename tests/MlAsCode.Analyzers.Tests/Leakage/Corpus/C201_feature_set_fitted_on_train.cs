// clean: the MlAsCode feature pipeline is fitted on the training rows and only transforms the holdout
using System;
using System.Linq;
using Microsoft.ML;
using MlAsCode;
using MlAsCode.Training.MlNet;

namespace Telco;

[FeatureSet(Entity = "customer")]
public partial record Customer
{
    [Target(Positive = "Yes")] public string Churn { get; init; } = "";
    [Feature(Transform.Standardize)] public float Tenure { get; init; }
    [Feature(Transform.Standardize)] public float MonthlyCharges { get; init; }
    [Feature(Transform.OneHot)] public string Contract { get; init; } = "";
}

public static class ChurnTraining
{
    public static double Run(string path)
    {
        var rows = Customer.ReadCsv(path).ToList();
        var split = Customer.Features.Split(rows, SplitStrategy.Stratified, testFraction: 0.2);
        var pipeline = Customer.Features.Fit(split.Train);

        var ml = new MLContext(seed: 3);
        var train = pipeline.TransformBatch(split.Train).ToDataView(ml, split.Train.Select(r => r.Churn == "Yes").ToList());
        var test = pipeline.TransformBatch(split.Test).ToDataView(ml, split.Test.Select(r => r.Churn == "Yes").ToList());
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(train);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Console.WriteLine(metrics.F1Score);
        return metrics.AreaUnderRocCurve;
    }
}
