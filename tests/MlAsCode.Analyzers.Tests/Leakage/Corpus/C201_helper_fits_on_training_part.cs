// clean: a helper fits the scaler on what it is given, and the caller gives it the training part only
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

    private ITransformer FitScaler(IDataView training) =>
        _ml.Transforms.Concatenate("Features", "Temperature", "Humidity")
            .Append(_ml.Transforms.NormalizeMeanVariance("Features"))
            .Fit(training);

    public double Evaluate(string file)
    {
        var readings = _ml.Data.LoadFromTextFile<Meter>(file, ',', hasHeader: true);
        var split = _ml.Data.TrainTestSplit(readings, testFraction: 0.2);
        var scaler = FitScaler(split.TrainSet);
        var model = _ml.Regression.Trainers.Sdca().Fit(scaler.Transform(split.TrainSet));
        var metrics = _ml.Regression.Evaluate(model.Transform(scaler.Transform(split.TestSet)));
        return metrics.RootMeanSquaredError;
    }
}
