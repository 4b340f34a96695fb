// clean: one model is trained and scored once, each step offloaded with Task.Run, then checked against a fixed bar
using System.Threading.Tasks;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Insurance;

public sealed class Claim
{
    [LoadColumn(0)] public float Amount { get; set; }
    [LoadColumn(1)] public float PolicyAge { get; set; }
    [LoadColumn(2), ColumnName("Label")] public bool IsFraud { get; set; }
}

public sealed class ClaimModelJob
{
    private readonly MLContext _ml = new(seed: 7);

    public async Task<bool> TrainAndCheckAsync(string path, double minimumAuc)
    {
        var claims = _ml.Data.LoadFromTextFile<Claim>(path, ',', hasHeader: true);
        var split = _ml.Data.TrainTestSplit(claims, testFraction: 0.2, seed: 7);
        var pipeline = _ml.Transforms.Concatenate("Features", "Amount", "PolicyAge")
            .Append(_ml.Transforms.NormalizeMinMax("Features"))
            .Append(_ml.BinaryClassification.Trainers.FastTree());

        var model = await Task.Run(() => pipeline.Fit(split.TrainSet));
        var metrics = await Task.Run(() => _ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)));
        return metrics.AreaUnderRocCurve >= minimumAuc;
    }
}
