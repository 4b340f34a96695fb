// clean: several already-chosen models are reported on the holdout, and nothing is chosen from the scores
using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Retail;

public sealed class Basket
{
    [LoadColumn(0)] public float Items { get; set; }
    [LoadColumn(1)] public float Discount { get; set; }
    [LoadColumn(2), ColumnName("Label")] public float Spend { get; set; }
}

public static class SpendReport
{
    public static void Print(MLContext ml, string testPath, IReadOnlyDictionary<string, ITransformer> models)
    {
        var test = ml.Data.LoadFromTextFile<Basket>(testPath, ',', hasHeader: true);
        foreach (var (name, model) in models)
        {
            var metrics = ml.Regression.Evaluate(model.Transform(test));
            Console.WriteLine($"{name}: R2 {metrics.RSquared:F3}, RMSE {metrics.RootMeanSquaredError:F2}");
        }
    }
}
