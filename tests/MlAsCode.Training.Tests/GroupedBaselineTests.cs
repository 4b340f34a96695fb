using System;
using System.Linq;
using System.Threading.Tasks;
using MlAsCode.Experiments;
using MlAsCode.Training.Trainers;

namespace MlAsCode.Training.Tests;

/// <summary>A house sale: price from the area and the neighbourhood (a generated table, none of the samples' data).</summary>
[FeatureSet(Entity = "house")]
public partial record House
{
    [Target] public float Price { get; init; }

    [Feature(Transform.Standardize)] public float Area { get; init; }

    [Feature(Transform.OneHot)] public string Neighborhood { get; init; } = "";
}

[MlProblem("house_prices", BusinessObjective = "Price listings", SuccessMetric = "MAE under 10,000", Task = MlTask.Regression,
    PredictionTarget = "Sale price", Metric = Metric.Mae)]
[Baseline(BaselineKind.GroupMedian, GroupBy = nameof(House.Neighborhood))]
[KillCriterion("Baseline heuristic achieves >90% of ML performance", When = KillWhen.BaselineShareAbove, Threshold = 0.9)]
public partial class HousePrices;

public class GroupedBaselineTests
{
    private static House[] Sales(int count, int seed)
    {
        var random = new Random(seed);
        string[] neighborhoods = ["Old Town", "Riverside", "Hillcrest", "Docks", "Uptown", "Meadows"];
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var n = random.Next(neighborhoods.Length);
            var area = 50 + (float)(random.NextDouble() * 150);
            return new House { Neighborhood = neighborhoods[n], Area = area, Price = 60_000 + (25_000 * n) + (900 * area) + (float)((random.NextDouble() - 0.5) * 20_000) };
        })];
    }

    [Fact]
    public async Task The_median_price_per_neighbourhood_is_declared_not_hand_coded_and_scored_on_the_holdout()
    {
        Assert.Equal(("Neighborhood", BaselineKind.GroupMedian), (HousePrices.Brief.Baseline!.GroupBy, HousePrices.Brief.Baseline.Kind));
        Assert.Equal("median target per Neighborhood", HousePrices.Brief.Baseline.ToString());

        var rows = Sales(1500, 4);
        var settings = new ExperimentSettings { Id = "EXP-2026-12-07-030", Split = SplitStrategy.Random, Folds = 3, Seed = 8, Resamples = 200 };
        var report = await new ExperimentRunner<House>(settings, HousePrices.Brief, House.Features, new MlNetTrainer(ModelFamily.Linear, MlTask.Regression, 8)).RunAsync(rows);

        // The same split, by hand: the training part's median price per neighbourhood, scored on the holdout.
        var split = House.Features.Split(rows, new Splitting.SplitOptions { Strategy = settings.Split, TestFraction = settings.TestFraction, Seed = settings.Seed });
        var medians = split.Train.GroupBy(h => h.Neighborhood).ToDictionary(g => g.Key, g => Framing.TrivialBaseline.Median([.. g.Select(h => (double)h.Price)]));
        var expected = split.Test.Average(h => Math.Abs(h.Price - medians[h.Neighborhood]));
        Assert.Equal(expected, report.Baseline.BaselineScore.Value, 6);
        Assert.Equal("median target per Neighborhood", report.Baseline.Baseline);
        // The area matters within a neighbourhood, so the model beats the grouped baseline and the kill criterion holds.
        Assert.True(report.Primary.Value < expected * 0.9, $"{report.Primary.Value} vs {expected}");
        Assert.False(report.KillCriteria[0].Fired);

        // A GroupBy that names no property of the row is refused before any training.
        var brief = HousePrices.Brief with { Baseline = HousePrices.Brief.Baseline with { GroupBy = "NoSuchColumn" } };
        Assert.Contains("GroupMedian/GroupMean with a GroupBy property of House",
            Assert.Throws<ArgumentException>(() => new ExperimentRunner<House>(settings, brief, House.Features, new MlNetTrainer(ModelFamily.Linear, MlTask.Regression, 8))).Message,
            StringComparison.Ordinal);
    }
}
