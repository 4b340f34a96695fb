// ML0201: a helper fits a scaler on the data it is given; the caller gives it every row, then splits
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Energy;

public sealed class Meter
{
    [LoadColumn(0)] public float Temperature { get; set; }
    [LoadColumn(1)] public float Humidity { get; set; }
    [LoadColumn(2), ColumnName("Label")] public float Load { get; set; }
}

public sealed class LoadForecaster
{
    private readonly MLContext _ml = new(seed: 5);

    private IDataView Scale(IDataView data)
    {
        var scaler = _ml.Transforms.Concatenate("Features", "Temperature", "Humidity")
            .Append(_ml.Transforms.NormalizeMeanVariance("Features"));
        return scaler.Fit(data).Transform(data);
    }

    public double Evaluate(string file)
    {
        var readings = _ml.Data.LoadFromTextFile<Meter>(file, ',', hasHeader: true);
        var scaled = Scale(readings); // ML0201
        var split = _ml.Data.TrainTestSplit(scaled, testFraction: 0.2);
        var model = _ml.Regression.Trainers.Sdca().Fit(split.TrainSet);
        var metrics = _ml.Regression.Evaluate(model.Transform(split.TestSet));
        return metrics.RootMeanSquaredError;
    }
}
