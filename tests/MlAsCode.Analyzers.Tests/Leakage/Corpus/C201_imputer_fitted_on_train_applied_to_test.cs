// clean: the imputer learns its means on the training part and applies them to both parts
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Clinic;

public sealed class Visit
{
    [LoadColumn(0)] public float Age { get; set; }
    [LoadColumn(1)] public float BloodPressure { get; set; }
    [LoadColumn(2), ColumnName("Label")] public bool Readmitted { get; set; }
}

public class ReadmissionTrainer
{
    public CalibratedBinaryClassificationMetrics Evaluate(MLContext ml, string path)
    {
        var visits = ml.Data.LoadFromTextFile<Visit>(path, ',', true);
        var split = ml.Data.TrainTestSplit(visits, 0.2, seed: 11);

        var imputer = ml.Transforms.ReplaceMissingValues("BloodPressure", replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean)
            .Fit(split.TrainSet);
        var train = imputer.Transform(split.TrainSet);
        var test = imputer.Transform(split.TestSet);
        var model = ml.Transforms.Concatenate("Features", "Age", "BloodPressure")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
            .Fit(train);
        return ml.BinaryClassification.Evaluate(model.Transform(test));
    }
}
