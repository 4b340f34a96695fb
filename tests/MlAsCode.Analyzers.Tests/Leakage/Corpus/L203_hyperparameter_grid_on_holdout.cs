// ML0203: a grid of L2 penalties is tuned on the holdout
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Energy;

public sealed class Meter
{
    [LoadColumn(0)] public float Temperature { get; set; }
    [LoadColumn(1)] public float Humidity { get; set; }
    [LoadColumn(2), ColumnName("Label")] public float Load { get; set; }
}

public sealed class Tuning
{
    public float BestL2(string path)
    {
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromTextFile<Meter>(path, ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(data, 0.2);
        var bestL2 = 0f;
        var bestRmse = double.MaxValue;
        for (var l2 = 0.001f; l2 < 10f; l2 *= 10)
        {
            var trainer = ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { L2Regularization = l2 });
            var model = ml.Transforms.Concatenate("Features", "Temperature", "Humidity").Append(trainer).Fit(split.TrainSet);
            var rmse = ml.Regression.Evaluate(model.Transform(split.TestSet)).RootMeanSquaredError; // ML0203
            if (rmse < bestRmse)
            {
                bestRmse = rmse;
                bestL2 = l2;
            }
        }

        return bestL2;
    }
}
