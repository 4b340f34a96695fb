using System;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlAsCode.Features;

namespace MlAsCode.Training.Tests;

/// <summary>The data sets and checks the trainer tests share.</summary>
internal static class TrainingData
{
    internal static readonly Customer[] Telco = [.. Customer.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv"))];
    internal static readonly ConcreteMix[] Concrete = [.. ConcreteMix.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "concrete_strength.csv"))];

    internal static (FeatureMatrix Train, FeatureMatrix Holdout, Customer[] TrainRows, Customer[] HoldoutRows) TelcoSplit()
    {
        var split = Customer.Features.Split(Telco, SplitStrategy.Stratified, 0.2, seed: 3);
        var fit = Customer.Features.FitTransform(split.Train);
        return (fit.TrainingMatrix, fit.Pipeline.TransformBatch(split.Test), [.. split.Train], [.. split.Test]);
    }

    // ROC-AUC by the rank formula (Mann–Whitney U), ties counted half.
    internal static double RocAuc(float[] scores, bool[] labels)
    {
        double pairs = 0, wins = 0;
        var positives = scores.Where((_, i) => labels[i]).ToArray();
        var negatives = scores.Where((_, i) => !labels[i]).ToArray();
        foreach (var p in positives)
        {
            foreach (var n in negatives)
            {
                pairs++;
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }

        return wins / pairs;
    }

    internal static float[][] RunOnnx(byte[] onnx, FeatureMatrix features, string output)
    {
        using var session = new InferenceSession(onnx);
        var input = new DenseTensor<float>(features.Values, [features.Rows, features.Columns]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.Single(), input)]);
        var tensor = results.Single(r => r.Name.StartsWith(output, StringComparison.Ordinal)).AsTensor<float>();
        var width = tensor.Length / features.Rows;
        var values = tensor.ToArray();
        return [.. Enumerable.Range(0, features.Rows).Select(r => values[(int)(r * width)..(int)((r + 1) * width)])];
    }
}
