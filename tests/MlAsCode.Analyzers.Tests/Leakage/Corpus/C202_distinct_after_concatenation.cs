// clean: two exports that share rows are concatenated, de-duplicated with Distinct, then split
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Marketing;

public sealed record Lead
{
    public float Visits { get; init; }
    public float EmailOpens { get; init; }
    [ColumnName("Label")] public bool Converted { get; init; }
}

public class LeadScoring
{
    public double Auc(MLContext ml, List<Lead> leads)
    {
        var withRepeats = leads.Concat(leads.Where(l => l.Converted));
        var unique = withRepeats.Distinct().ToList();
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(unique), 0.25, seed: 3);
        var model = ml.Transforms.Concatenate("Features", "Visits", "EmailOpens")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
            .Fit(split.TrainSet);
        return ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).AreaUnderRocCurve;
    }
}
