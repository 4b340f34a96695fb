// ML0203: every candidate trainer is scored on the holdout inside a loop and the best AUC wins
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
    public static ITransformer? PickBest(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Transaction>(path, ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
        var features = ml.Transforms.Concatenate("Features", "Amount", "MerchantRisk");
        var candidates = new List<IEstimator<ITransformer>>
        {
            features.Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression()),
            features.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()),
            features.Append(ml.BinaryClassification.Trainers.AveragedPerceptron()),
        };

        ITransformer? best = null;
        var bestAuc = 0.0;
        foreach (var candidate in candidates)
        {
            var model = candidate.Fit(split.TrainSet);
            var metrics = ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(split.TestSet)); // ML0203
            if (metrics.AreaUnderRocCurve > bestAuc)
            {
                bestAuc = metrics.AreaUnderRocCurve;
                best = model;
            }
        }

        return best;
    }
}
