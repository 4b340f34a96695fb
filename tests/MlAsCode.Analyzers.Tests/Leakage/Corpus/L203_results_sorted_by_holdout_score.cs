// ML0203: holdout scores collected in a list and sorted to pick the winner
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Retail;

public sealed class Basket
{
    [LoadColumn(0)] public float Items { get; set; }
    [LoadColumn(1)] public float Discount { get; set; }
    [LoadColumn(2), ColumnName("Label")] public float Spend { get; set; }
}

public static class SpendLeaderboard
{
    public static string Winner(MLContext ml, string trainPath, string testPath)
    {
        var train = ml.Data.LoadFromTextFile<Basket>(trainPath, ',', hasHeader: true);
        var test = ml.Data.LoadFromTextFile<Basket>(testPath, ',', hasHeader: true);
        var features = ml.Transforms.Concatenate("Features", "Items", "Discount");
        var trainers = new Dictionary<string, IEstimator<ITransformer>>
        {
            ["sdca"] = features.Append(ml.Regression.Trainers.Sdca()),
            ["ols"] = features.Append(ml.Regression.Trainers.OnlineGradientDescent()),
        };

        var results = new List<(string Name, double R2)>();
        foreach (var (name, trainer) in trainers)
        {
            var model = trainer.Fit(train);
            results.Add((name, ml.Regression.Evaluate(model.Transform(test)).RSquared)); // ML0203
        }

        return results.OrderByDescending(r => r.R2).First().Name;
    }
}
