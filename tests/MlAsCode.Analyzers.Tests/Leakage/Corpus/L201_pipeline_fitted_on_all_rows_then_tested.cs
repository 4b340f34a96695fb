// ML0201: the whole pipeline is fitted on all rows, then scored on the test part of a later split
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Housing;

public sealed class House
{
    [LoadColumn(0)] public float Rooms { get; set; }
    [LoadColumn(1)] public float Area { get; set; }
    [LoadColumn(2), ColumnName("Label")] public float Price { get; set; }
}

public sealed class PriceModel
{
    private readonly MLContext _ml = new(seed: 1);

    public RegressionMetrics TrainAndEvaluate(string csv)
    {
        IDataView houses = _ml.Data.LoadFromTextFile<House>(csv, ',', hasHeader: true);
        var pipeline = _ml.Transforms.Concatenate("Features", "Rooms", "Area")
            .Append(_ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(_ml.Regression.Trainers.Sdca());
        var model = pipeline.Fit(houses); // ML0201

        var split = _ml.Data.TrainTestSplit(houses, testFraction: 0.25);
        var predictions = model.Transform(split.TestSet);
        return _ml.Regression.Evaluate(predictions);
    }
}
