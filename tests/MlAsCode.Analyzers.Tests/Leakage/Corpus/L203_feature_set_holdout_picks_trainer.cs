// ML0203: with an MlAsCode split, several trainers are compared on the holdout matrix
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
    [Feature(Transform.OneHot)] public string Contract { get; init; } = "";
}

public static class ChurnModelChoice
{
    public static ITransformer Choose(string path)
    {
        var rows = Customer.ReadCsv(path).ToList();
        var split = Customer.Features.Split(rows, SplitStrategy.Stratified);
        var pipeline = Customer.Features.Fit(split.Train);
        var ml = new MLContext(seed: 8);
        var train = pipeline.TransformBatch(split.Train).ToDataView(ml, split.Train.Select(r => r.Churn == "Yes").ToList());
        var holdout = pipeline.TransformBatch(split.Test).ToDataView(ml, split.Test.Select(r => r.Churn == "Yes").ToList());

        ITransformer chosen = ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(train);
        var chosenAuc = ml.BinaryClassification.Evaluate(chosen.Transform(holdout)).AreaUnderRocCurve; // ML0203
        var lbfgs = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().Fit(train);
        var lbfgsAuc = ml.BinaryClassification.Evaluate(lbfgs.Transform(holdout)).AreaUnderRocCurve; // ML0203
        if (lbfgsAuc > chosenAuc)
        {
            chosen = lbfgs;
        }

        return chosen;
    }
}
