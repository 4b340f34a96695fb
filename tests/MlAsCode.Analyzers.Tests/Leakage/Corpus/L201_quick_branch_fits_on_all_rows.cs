// ML0201: in "quick" mode the pipeline is fitted on every row, and that model is still scored on the test part
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Support;

public sealed class Ticket
{
    [LoadColumn(0)] public float WaitMinutes { get; set; }
    [LoadColumn(1)] public float Replies { get; set; }
    [LoadColumn(2), ColumnName("Label")] public bool Escalated { get; set; }
}

public sealed class EscalationTraining
{
    public double Run(MLContext ml, string path, bool quick)
    {
        var data = ml.Data.LoadFromTextFile<Ticket>(path, ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 9);
        var pipeline = ml.Transforms.Concatenate("Features", "WaitMinutes", "Replies")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());

        var model = quick ? pipeline.Fit(split.TrainSet) : pipeline.Fit(data); // ML0201
        return ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).AreaUnderRocCurve;
    }
}
