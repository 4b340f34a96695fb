// clean: the normalizer is inside the estimator CrossValidate fits per fold
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

public static class CreditCrossValidation
{
    public static double MeanAuc(MLContext ml, string path)
    {
        var applicants = ml.Data.LoadFromTextFile<Applicant>(path, ',', hasHeader: true);
        var pipeline = ml.Transforms.Concatenate("Features", "Income", "Debt")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());

        var results = ml.BinaryClassification.CrossValidate(applicants, pipeline, numberOfFolds: 5);
        return results.Average(r => r.Metrics.AreaUnderRocCurve);
    }
}
