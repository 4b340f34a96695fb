// clean: the split comes first; only the training part is oversampled
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
        var data = ml.Data.LoadFromEnumerable(payments);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);

        var trainRows = ml.Data.CreateEnumerable<Payment>(split.TrainSet, reuseRowObject: false).ToList();
        var balanced = trainRows.Concat(trainRows.Where(p => p.IsFraud)).ToList();
        var model = ml.Transforms.Concatenate("Features", "Amount", "Velocity")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
            .Fit(ml.Data.LoadFromEnumerable(balanced));
        return ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).F1Score;
    }
}
