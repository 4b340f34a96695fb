// clean: one model, one holdout evaluation, compared with a fixed acceptance threshold
using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Credit;

public sealed class Applicant
{
    [LoadColumn(0)] public float Income { get; set; }
    [LoadColumn(1)] public float Debt { get; set; }
    [LoadColumn(2), ColumnName("Label")] public bool Defaulted { get; set; }
}

public static class CreditGate
{
    public static ITransformer TrainOrFail(MLContext ml, string path)
    {
        var applicants = ml.Data.LoadFromTextFile<Applicant>(path, ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(applicants, 0.25, seed: 2);
        var model = ml.Transforms.Concatenate("Features", "Income", "Debt")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
            .Fit(split.TrainSet);
        var auc = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).AreaUnderRocCurve;
        if (auc < 0.75)
        {
            throw new InvalidOperationException($"AUC {auc:F3} is below the kill criterion");
        }

        return model;
    }
}
