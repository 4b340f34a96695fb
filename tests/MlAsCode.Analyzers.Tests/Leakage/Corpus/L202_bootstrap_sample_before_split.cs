// ML0202: a bootstrap sample (rows drawn with replacement) is split into train and test
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Agriculture;

public sealed class Field
{
    [LoadColumn(0)] public float Rainfall { get; set; }
    [LoadColumn(1)] public float Nitrogen { get; set; }
    [LoadColumn(2), ColumnName("Label")] public float Yield { get; set; }
}

public static class YieldModel
{
    public static double RSquared(MLContext ml, string path)
    {
        var fields = ml.Data.LoadFromTextFile<Field>(path, ',', hasHeader: true);
        var resampled = ml.Data.BootstrapSample(fields, seed: 4);
        var split = ml.Data.TrainTestSplit(resampled, testFraction: 0.3); // ML0202

        var model = ml.Transforms.Concatenate("Features", "Rainfall", "Nitrogen")
            .Append(ml.Regression.Trainers.Sdca())
            .Fit(split.TrainSet);
        return ml.Regression.Evaluate(model.Transform(split.TestSet)).RSquared;
    }
}
