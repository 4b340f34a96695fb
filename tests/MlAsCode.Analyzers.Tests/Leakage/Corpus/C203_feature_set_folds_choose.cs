// clean: MlAsCode folds of the training rows choose the trainer; the holdout is scored once
using System.Collections.Generic;
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
    public static double Choose(string path, IReadOnlyList<IEstimator<ITransformer>> trainers)
    {
        var ml = new MLContext(seed: 8);
        var rows = Customer.ReadCsv(path).ToList();
        var split = Customer.Features.Split(rows, SplitStrategy.Stratified);
        var folds = Customer.Features.Folds(split.Train, CrossValidationStrategy.StratifiedKFold, folds: 5);

        var best = trainers[0];
        var bestAuc = 0.0;
        foreach (var trainer in trainers)
        {
            var total = 0.0;
            foreach (var fold in folds)
            {
                var pipeline = Customer.Features.Fit(fold.Train);
                var model = trainer.Fit(pipeline.TransformBatch(fold.Train).ToDataView(ml, fold.Train.Select(r => r.Churn == "Yes").ToList()));
                var validation = pipeline.TransformBatch(fold.Validation).ToDataView(ml, fold.Validation.Select(r => r.Churn == "Yes").ToList());
                total += ml.BinaryClassification.Evaluate(model.Transform(validation)).AreaUnderRocCurve;
            }

            if (total / folds.Length > bestAuc)
            {
                bestAuc = total / folds.Length;
                best = trainer;
            }
        }

        var finalPipeline = Customer.Features.Fit(split.Train);
        var finalModel = best.Fit(finalPipeline.TransformBatch(split.Train).ToDataView(ml, split.Train.Select(r => r.Churn == "Yes").ToList()));
        var holdout = finalPipeline.TransformBatch(split.Test).ToDataView(ml, split.Test.Select(r => r.Churn == "Yes").ToList());
        return ml.BinaryClassification.Evaluate(finalModel.Transform(holdout)).AreaUnderRocCurve;
    }
}
