using System;
using System.Linq;
using MlAsCode.Framing;
using MlAsCode.Rubric;

namespace MlAsCode.Tests.Rubric;

public class QualityRubricTests
{
    [Fact]
    public void Dimensions_follow_the_seed_order_and_weights_add_up_to_100()
    {
        Assert.Equal(Enum.GetValues<RubricDimension>(), QualityRubric.Dimensions.Select(d => d.Dimension));
        Assert.Equal([15, 15, 15, 15, 10, 15, 5, 10], QualityRubric.Dimensions.Select(d => d.WeightPercent));
        Assert.Equal(100, QualityRubric.Dimensions.Sum(d => d.WeightPercent));
    }

    [Theory]
    [InlineData(100, RubricBand.ProductionGrade)]
    [InlineData(80, RubricBand.ProductionGrade)]
    [InlineData(79.9, RubricBand.GoodFoundations)]
    [InlineData(60, RubricBand.GoodFoundations)]
    [InlineData(59.9, RubricBand.Prototype)]
    [InlineData(40, RubricBand.Prototype)]
    [InlineData(39.9, RubricBand.ScienceProject)]
    [InlineData(0, RubricBand.ScienceProject)]
    public void Bands_follow_the_seed_scoring(double total, RubricBand band) => Assert.Equal(band, QualityRubric.BandFor(total));

    [Fact]
    public void Full_marks_everywhere_is_100_and_production_grade()
    {
        var report = QualityRubric.Evaluate(
            Enum.GetValues<RubricDimension>().Select(d => new DimensionScore(d, 5, ["evidence"], [])));

        Assert.Equal(100, report.Total, 9);
        Assert.Equal(RubricBand.ProductionGrade, report.Band);
        Assert.Equal(100, report.AssessedWeightPercent);
    }

    [Fact]
    public void Total_weights_each_dimension_by_points_out_of_five()
    {
        // framing 4/5 of 15 = 12, monitoring 2/5 of 15 = 6, cost 5/5 of 10 = 10
        var report = QualityRubric.Evaluate(
        [
            new DimensionScore(RubricDimension.ProblemFraming, 4, [], []),
            new DimensionScore(RubricDimension.Monitoring, 2, [], []),
            new DimensionScore(RubricDimension.CostEfficiency, 5, [], []),
        ]);

        Assert.Equal(28, report.Total, 9);
        Assert.Equal(40, report.AssessedWeightPercent);
        Assert.False(report[RubricDimension.Deployment].Assessed);
        Assert.Equal(12, report[RubricDimension.ProblemFraming].WeightedPoints, 9);
    }

    [Fact]
    public void Scoring_a_dimension_twice_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => QualityRubric.Evaluate(
        [
            new DimensionScore(RubricDimension.Documentation, 1, [], []),
            new DimensionScore(RubricDimension.Documentation, 2, [], []),
        ]));
        Assert.Contains("Documentation", error.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(6)]
    public void Points_outside_zero_to_five_are_refused(int points) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DimensionScore(RubricDimension.Monitoring, points, [], []));

    [Fact]
    public void A_complete_brief_scores_framing_and_documentation_only()
    {
        var report = QualityRubric.Evaluate(TestBriefs.CompleteChurn);

        Assert.Equal(5, report[RubricDimension.ProblemFraming].Points);
        Assert.Equal(2, report[RubricDimension.Documentation].Points);
        Assert.Equal(15 + 2, report.Total, 9);
        Assert.Equal(20, report.AssessedWeightPercent);
        Assert.Equal(RubricBand.ScienceProject, report.Band);
        Assert.Contains("17/100", report.ToString());
    }
}
