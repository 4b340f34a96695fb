// ML0201: FitTransform on every row, and the same fitted pipeline then transforms the holdout
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
    public float Score(string path)
    {
        var accounts = Account.ReadCsv(path).ToList();
        var fitted = Account.Features.FitTransform(accounts); // ML0201
        var split = Account.Features.Split(accounts, SplitStrategy.Random, 0.3, seed: 42);

        var ml = new MLContext(seed: 42);
        var labels = split.Train.Select(a => a.Cancelled == "true").ToList();
        var model = ml.BinaryClassification.Trainers.SdcaLogisticRegression()
            .Fit(fitted.Pipeline.TransformBatch(split.Train).ToDataView(ml, labels));
        var holdout = fitted.Pipeline.TransformBatch(split.Test).ToDataView(ml, split.Test.Select(a => a.Cancelled == "true").ToList());
        return (float)ml.BinaryClassification.Evaluate(model.Transform(holdout)).AreaUnderPrecisionRecallCurve;
    }
}
