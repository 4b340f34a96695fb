// clean: evaluate a pipeline fitted on train, then refit the same pipeline on all rows to ship it
using System;
using System.Linq;
using Microsoft.ML;
using MlAsCode;
using MlAsCode.Training.MlNet;

namespace Subscriptions;

[FeatureSet(Entity = "account")]
public partial record Account
{
    [Target(Positive = "true")] public string Cancelled { get; init; } = "";
    [Feature(Transform.Log)] public double Spend { get; init; }
    [Feature(Transform.OneHot)] public string Plan { get; init; } = "";
}

public class CancellationModel
{
    public string TrainAndShip(string path)
    {
        var accounts = Account.ReadCsv(path).ToList();
        var split = Account.Features.Split(accounts, SplitStrategy.Random, 0.3, seed: 42);
        var ml = new MLContext(seed: 42);

        var fitted = Account.Features.FitTransform(split.Train);
        var model = ml.BinaryClassification.Trainers.SdcaLogisticRegression()
            .Fit(fitted.TrainingMatrix.ToDataView(ml, split.Train.Select(a => a.Cancelled == "true").ToList()));
        var holdout = fitted.Pipeline.TransformBatch(split.Test).ToDataView(ml, split.Test.Select(a => a.Cancelled == "true").ToList());
        Console.WriteLine(ml.BinaryClassification.Evaluate(model.Transform(holdout)).AreaUnderRocCurve);

        var final = Account.Features.Fit(accounts);
        return final.ToJson();
    }
}
