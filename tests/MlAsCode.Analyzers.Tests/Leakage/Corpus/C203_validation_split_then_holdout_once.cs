// clean: candidates are compared on a validation split of the training part; the holdout is scored once
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Fraud;

public sealed class Transaction
{
    [LoadColumn(0)] public float Amount { get; set; }
    [LoadColumn(1)] public float MerchantRisk { get; set; }
    [LoadColumn(2), ColumnName("Label")] public bool IsFraud { get; set; }
}

public static class ModelSelection
{
    public static double PickAndTest(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Transaction>(path, ',', hasHeader: true);
        var holdoutSplit = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
        var validationSplit = ml.Data.TrainTestSplit(holdoutSplit.TrainSet, testFraction: 0.25, seed: 1);
        var features = ml.Transforms.Concatenate("Features", "Amount", "MerchantRisk");
        var candidates = new List<IEstimator<ITransformer>>
        {
            features.Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression()),
            features.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()),
        };

        var best = candidates[0];
        var bestAuc = 0.0;
        foreach (var candidate in candidates)
        {
            var model = candidate.Fit(validationSplit.TrainSet);
            var auc = ml.BinaryClassification.Evaluate(model.Transform(validationSplit.TestSet)).AreaUnderRocCurve;
            if (auc > bestAuc)
            {
                bestAuc = auc;
                best = candidate;
            }
        }

        var final = best.Fit(holdoutSplit.TrainSet);
        return ml.BinaryClassification.Evaluate(final.Transform(holdoutSplit.TestSet)).AreaUnderRocCurve;
    }
}
