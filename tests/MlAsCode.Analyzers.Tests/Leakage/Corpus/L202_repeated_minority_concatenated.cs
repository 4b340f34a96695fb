// ML0202: minority rows repeated with Enumerable.Repeat and concatenated with the majority before splitting
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Insurance;

public sealed class Claim
{
    public float Amount { get; set; }
    public float PolicyAge { get; set; }
    [ColumnName("Label")] public bool Fraudulent { get; set; }
}

public static class ClaimModel
{
    public static double Auc(MLContext ml, List<Claim> claims)
    {
        var majority = claims.Where(c => !c.Fraudulent);
        var minority = claims.Where(c => c.Fraudulent);
        var oversampled = minority.SelectMany(c => Enumerable.Repeat(c, 5));
        var balanced = ml.Data.LoadFromEnumerable(majority.Concat(oversampled).ToList());

        var split = ml.Data.TrainTestSplit(balanced, testFraction: 0.2, seed: 1); // ML0202
        var model = ml.Transforms.Concatenate("Features", "Amount", "PolicyAge")
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression())
            .Fit(split.TrainSet);
        return ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).AreaUnderRocCurve;
    }
}
