// ML0203: two models are scored on the same holdout and the higher score picks the one to ship
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
    public ITransformer Choose(MLContext ml, IDataView houses)
    {
        var split = ml.Data.TrainTestSplit(houses, testFraction: 0.2);
        var features = ml.Transforms.Concatenate("Features", "Rooms", "Area").Append(ml.Transforms.NormalizeMeanVariance("Features"));
        var sdca = features.Append(ml.Regression.Trainers.Sdca()).Fit(split.TrainSet);
        var poisson = features.Append(ml.Regression.Trainers.LbfgsPoissonRegression()).Fit(split.TrainSet);

        var sdcaMetrics = ml.Regression.Evaluate(sdca.Transform(split.TestSet)); // ML0203
        var poissonMetrics = ml.Regression.Evaluate(poisson.Transform(split.TestSet)); // ML0203
        return sdcaMetrics.RSquared >= poissonMetrics.RSquared ? sdca : poisson;
    }
}
