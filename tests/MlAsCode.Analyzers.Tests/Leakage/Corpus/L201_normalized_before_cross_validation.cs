// ML0201: features normalized on all rows, then cross-validated: every validation fold was seen by the normalizer
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
        var prepare = ml.Transforms.Concatenate("Features", "Income", "Debt")
            .Append(ml.Transforms.NormalizeMinMax("Features"));
        var prepared = prepare.Fit(applicants); // ML0201
        var features = prepared.Transform(applicants);

        var results = ml.BinaryClassification.CrossValidate(features, ml.BinaryClassification.Trainers.SdcaLogisticRegression(), numberOfFolds: 5);
        return results.Average(r => r.Metrics.AreaUnderRocCurve);
    }
}
