// clean: one model is scored on each region's slice of the holdout to find its worst slice; no candidate is chosen
using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Lending;

public sealed class LoanApplication
{
    [LoadColumn(0)] public float Income { get; set; }
    [LoadColumn(1)] public float Debt { get; set; }
    [LoadColumn(2)] public float RegionCode { get; set; }
    [LoadColumn(3), ColumnName("Label")] public bool Defaulted { get; set; }
}

public static class FairnessReport
{
    private static readonly (string Name, double Low, double High)[] Regions =
    [
        ("north", 0, 1),
        ("south", 1, 2),
        ("east", 2, 3),
        ("west", 3, 4),
    ];

    public static double WorstRegionAuc(MLContext ml, string path)
    {
        var applications = ml.Data.LoadFromTextFile<LoanApplication>(path, ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(applications, testFraction: 0.3, seed: 11);
        var model = ml.Transforms.Concatenate("Features", "Income", "Debt")
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression())
            .Fit(split.TrainSet);

        var worst = 1.0;
        foreach (var region in Regions)
        {
            var slice = ml.Data.FilterRowsByColumn(split.TestSet, "RegionCode", region.Low, region.High);
            var metrics = ml.BinaryClassification.Evaluate(model.Transform(slice));
            if (metrics.AreaUnderRocCurve < 0.7)
            {
                Console.WriteLine($"{region.Name}: AUC {metrics.AreaUnderRocCurve:F3} is below 0.70");
            }

            worst = Math.Min(worst, metrics.AreaUnderRocCurve);
        }

        return worst;
    }
}
