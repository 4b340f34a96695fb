// clean: candidates are chosen by cross-validation on the training part; the holdout is scored once
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Housing;

public sealed class House
{
    [LoadColumn(0)] public float Rooms { get; set; }
    [LoadColumn(1)] public float Area { get; set; }
    [LoadColumn(2), ColumnName("Label")] public float Price { get; set; }
}

public sealed class PriceModelChoice
{
    public double Choose(MLContext ml, IDataView houses)
    {
        var split = ml.Data.TrainTestSplit(houses, testFraction: 0.2);
        var features = ml.Transforms.Concatenate("Features", "Rooms", "Area").Append(ml.Transforms.NormalizeMeanVariance("Features"));
        IEstimator<ITransformer>[] candidates = [features.Append(ml.Regression.Trainers.Sdca()), features.Append(ml.Regression.Trainers.OnlineGradientDescent())];

        var best = candidates
            .Select(c => (Estimator: c, R2: ml.Regression.CrossValidate(split.TrainSet, c, numberOfFolds: 5).Average(f => f.Metrics.RSquared)))
            .MaxBy(c => c.R2).Estimator;

        var model = best.Fit(split.TrainSet);
        return ml.Regression.Evaluate(model.Transform(split.TestSet)).RSquared;
    }
}
