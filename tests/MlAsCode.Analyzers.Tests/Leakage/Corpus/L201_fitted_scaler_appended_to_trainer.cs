// ML0201: a scaler fitted on all rows is chained with the trainer via Append; the chain is scored on the test part
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sensors;

public sealed class Reading
{
    [LoadColumn(0)] public float Vibration { get; set; }
    [LoadColumn(1)] public float Temperature { get; set; }
    [LoadColumn(2), ColumnName("Label")] public bool Failed { get; set; }
}

public static class FailureModel
{
    public static double Train(MLContext ml, string path)
    {
        var readings = ml.Data.LoadFromTextFile<Reading>(path, ',', hasHeader: true);
        var scaler = ml.Transforms.Concatenate("Features", "Vibration", "Temperature")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Fit(readings); // ML0201

        var split = ml.Data.TrainTestSplit(readings, testFraction: 0.2, seed: 4);
        var trainer = ml.BinaryClassification.Trainers.FastTree().Fit(scaler.Transform(split.TrainSet));
        var model = scaler.Append(trainer);
        return ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).AreaUnderRocCurve;
    }
}
