// clean: a local function scores candidates on a validation split it captures; the holdout is scored once at the end
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Churn;

public sealed class Subscriber
{
    [LoadColumn(0)] public float Tenure { get; set; }
    [LoadColumn(1)] public float MonthlyCharges { get; set; }
    [LoadColumn(2), ColumnName("Label")] public bool Churned { get; set; }
}

public static class ChurnSelection
{
    public static double SelectThenTest(MLContext ml, string path, IReadOnlyList<IEstimator<ITransformer>> candidates)
    {
        var subscribers = ml.Data.LoadFromTextFile<Subscriber>(path, ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(subscribers, testFraction: 0.2, seed: 5);
        var inner = ml.Data.TrainTestSplit(split.TrainSet, testFraction: 0.25, seed: 5);

        double ValAuc(ITransformer m) => ml.BinaryClassification.Evaluate(m.Transform(inner.TestSet)).AreaUnderRocCurve;

        var best = candidates[0];
        var bestAuc = double.MinValue;
        foreach (var candidate in candidates)
        {
            var auc = ValAuc(candidate.Fit(inner.TrainSet));
            if (auc > bestAuc)
            {
                bestAuc = auc;
                best = candidate;
            }
        }

        var final = best.Fit(split.TrainSet);
        return ml.BinaryClassification.Evaluate(final.Transform(split.TestSet)).AreaUnderRocCurve;
    }
}
