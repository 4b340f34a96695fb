// ML0202: the fraud rows are oversampled (appended again) before TrainTestSplit
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Fraud;

public sealed class Payment
{
    public float Amount { get; set; }
    public float Velocity { get; set; }
    [ColumnName("Label")] public bool IsFraud { get; set; }
}

public static class FraudBalancing
{
    public static double Train(MLContext ml, IReadOnlyList<Payment> payments)
    {
        var balanced = payments.Concat(payments.Where(p => p.IsFraud)).ToList();
        var data = ml.Data.LoadFromEnumerable(balanced);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2); // ML0202

        var model = ml.Transforms.Concatenate("Features", "Amount", "Velocity")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
            .Fit(split.TrainSet);
        return ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).F1Score;
    }
}
