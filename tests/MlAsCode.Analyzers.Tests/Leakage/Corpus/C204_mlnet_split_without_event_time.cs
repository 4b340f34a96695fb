// clean: TrainTestSplit and CrossValidate of rows without an event time
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Wine;

public sealed class Sample
{
    [LoadColumn(0)] public float Acidity { get; set; }
    [LoadColumn(1)] public float Alcohol { get; set; }
    [LoadColumn(2), ColumnName("Label")] public float Quality { get; set; }
}

public static class QualityModel
{
    public static double Score(MLContext ml, string path)
    {
        var samples = ml.Data.LoadFromTextFile<Sample>(path, ';', hasHeader: true);
        var split = ml.Data.TrainTestSplit(samples, 0.2);
        var pipeline = ml.Transforms.Concatenate("Features", "Acidity", "Alcohol").Append(ml.Regression.Trainers.Sdca());
        var cv = ml.Regression.CrossValidate(split.TrainSet, pipeline, numberOfFolds: 5).Average(r => r.Metrics.RSquared);
        var model = pipeline.Fit(split.TrainSet);
        return cv + ml.Regression.Evaluate(model.Transform(split.TestSet)).RSquared;
    }
}
