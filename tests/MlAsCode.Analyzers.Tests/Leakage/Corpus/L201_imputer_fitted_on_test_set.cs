// ML0201: missing values of the test set are replaced with statistics learned from the test set itself
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

        var imputeTrain = ml.Transforms.ReplaceMissingValues("BloodPressure", replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean);
        var trainImputer = imputeTrain.Fit(split.TrainSet);
        var testImputer = imputeTrain.Fit(split.TestSet); // ML0201

        var train = trainImputer.Transform(split.TrainSet);
        var test = testImputer.Transform(split.TestSet);
        var trainer = ml.Transforms.Concatenate("Features", "Age", "BloodPressure")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var model = trainer.Fit(train);
        return ml.BinaryClassification.Evaluate(model.Transform(test));
    }
}
