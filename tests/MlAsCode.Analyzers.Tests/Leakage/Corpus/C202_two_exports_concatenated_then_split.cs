// clean: two exports of different months are concatenated (no row in both) before one split
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Marketing;

public sealed class Lead
{
    public float Visits { get; set; }
    public float EmailOpens { get; set; }
    [ColumnName("Label")] public bool Converted { get; set; }
}

public static class LeadExports
{
    public static double Auc(MLContext ml, IEnumerable<Lead> january, IEnumerable<Lead> february)
    {
        var all = january.Concat(february).ToList();
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(all), testFraction: 0.2, seed: 5);
        var model = ml.Transforms.Concatenate("Features", "Visits", "EmailOpens")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
            .Fit(split.TrainSet);
        return ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).AreaUnderRocCurve;
    }
}
