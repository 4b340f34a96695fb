// clean: the normalizer is part of the pipeline fitted on the training part only
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
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 7);

        var pipeline = ml.Transforms.Concatenate("Features", nameof(Transaction.Amount), nameof(Transaction.MerchantRisk))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:F3}");
        return metrics.AreaUnderRocCurve;
    }
}
