// ML0201: a normalizer fitted on every row before TrainTestSplit feeds the holdout evaluation
using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Fraud;

public sealed class Transaction
{
    [LoadColumn(0)] public float Amount { get; set; }
    [LoadColumn(1)] public float MerchantRisk { get; set; }
    [LoadColumn(2), ColumnName("Label")] public bool IsFraud { get; set; }
}

public static class FraudTraining
{
    public static double Train(string path)
    {
        var ml = new MLContext(seed: 7);
        var data = ml.Data.LoadFromTextFile<Transaction>(path, separatorChar: ',', hasHeader: true);
        var features = ml.Transforms.Concatenate("Features", nameof(Transaction.Amount), nameof(Transaction.MerchantRisk));
        var normalizer = features.Append(ml.Transforms.NormalizeMinMax("Features"));
        var scaled = normalizer.Fit(data).Transform(data); // ML0201

        var split = ml.Data.TrainTestSplit(scaled, testFraction: 0.2, seed: 7);
        var model = ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:F3}");
        return metrics.AreaUnderRocCurve;
    }
}
