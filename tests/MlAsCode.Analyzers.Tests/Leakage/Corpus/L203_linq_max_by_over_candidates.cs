// ML0203: LINQ scores every candidate on the test set and MaxBy keeps the best
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Credit;

public sealed class Applicant
{
    [LoadColumn(0)] public float Income { get; set; }
    [LoadColumn(1)] public float Debt { get; set; }
    [LoadColumn(2), ColumnName("Label")] public bool Defaulted { get; set; }
}

public static class CreditModelSearch
{
    public static ITransformer Best(MLContext ml, string path)
    {
        var applicants = ml.Data.LoadFromTextFile<Applicant>(path, ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(applicants, 0.25, seed: 2);
        var features = ml.Transforms.Concatenate("Features", "Income", "Debt");
        IEstimator<ITransformer>[] candidates =
        [
            features.Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression()),
            features.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()),
        ];

        var scored = candidates
            .Select(c => c.Fit(split.TrainSet))
            .Select(m => (Model: m, Auc: ml.BinaryClassification.Evaluate(m.Transform(split.TestSet)).AreaUnderRocCurve)) // ML0203
            .ToList();
        return scored.MaxBy(s => s.Auc).Model;
    }
}
