// clean: two complementary Where filters carve train (before 2024) and test (2024 on)
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Insurance;

public sealed class Claim
{
    public float Amount { get; set; }
    public float PolicyAge { get; set; }
    public int Year { get; set; }
    [ColumnName("Label")] public bool Fraudulent { get; set; }
}

public static class ClaimModel
{
    public static double Auc(MLContext ml, List<Claim> claims)
    {
        var older = claims.Where(c => c.Year < 2024).ToList();
        var recent = claims.Where(c => c.Year >= 2024).ToList();
        var model = ml.Transforms.Concatenate("Features", "Amount", "PolicyAge")
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression())
            .Fit(ml.Data.LoadFromEnumerable(older));
        return ml.BinaryClassification.Evaluate(model.Transform(ml.Data.LoadFromEnumerable(recent))).AreaUnderRocCurve;
    }
}
