using System.Collections.Immutable;
using System.Linq;
using MlAsCode.Framing;
using MlAsCode.Rubric;

namespace MlAsCode.Tests.Rubric;

public class ProblemFramingScorerTests
{
    private static readonly ProblemBrief Complete = TestBriefs.CompleteChurn;

    [Fact]
    public void Kill_criteria_baseline_and_roi_on_a_defined_success_metric_earn_five()
    {
        var score = ProblemFramingScorer.Score(Complete);

        Assert.Equal(5, score.Points);
        Assert.Contains(score.Reasons, r => r.Contains("3 kill criteria"));
        Assert.Contains(score.Reasons, r => r.Contains("PrAuc = 0.41"));
        Assert.Empty(score.ToRaise);
    }

    [Fact]
    public void Two_of_the_three_extras_earn_four_and_name_the_missing_one()
    {
        var score = ProblemFramingScorer.Score(Complete with { RoiEstimate = "" });

        Assert.Equal(4, score.Points);
        Assert.Contains(score.ToRaise, r => r.Contains("ROI"));
    }

    [Fact]
    public void A_defined_success_metric_alone_earns_three()
    {
        var score = ProblemFramingScorer.Score(Complete with { RoiEstimate = "", Baseline = null, KillCriteria = [] });

        Assert.Equal(3, score.Points);
        Assert.Contains(score.ToRaise, r => r.Contains("ML0001"));
        Assert.Contains(score.ToRaise, r => r.Contains("ML0002"));
    }

    [Fact]
    public void A_baseline_that_cannot_be_compared_does_not_count()
    {
        var vague = BaselineSpec.FromDeclaration(BaselineKind.Unspecified, "what sales does today", Metric.Unspecified, null, null);

        var score = ProblemFramingScorer.Score(Complete with { Baseline = vague });

        Assert.Equal(4, score.Points);
        Assert.Contains(score.ToRaise, r => r.Contains("ML0006"));
    }

    [Theory]
    [InlineData("objective", "metric", "", 2)]
    [InlineData("objective", "", "target", 1)]
    [InlineData("", "metric", "target", 1)]
    [InlineData(" ", "", "target", 0)]
    public void Without_a_clear_business_metric_the_score_stays_poor(string objective, string success, string target, int points)
    {
        var score = ProblemFramingScorer.Score(Complete with
        {
            BusinessObjective = objective,
            SuccessMetric = success,
            PredictionTarget = target,
        });

        Assert.Equal(points, score.Points);
        Assert.Contains(score.ToRaise, r => r.Contains("ML0003"));
    }
}

public class DocumentationScorerTests
{
    [Theory]
    [InlineData(0, false, false, false, 0)]
    [InlineData(1, false, false, false, 1)]
    [InlineData(2, false, false, false, 1)]
    [InlineData(3, false, false, false, 2)]
    [InlineData(0, true, false, false, 3)]
    [InlineData(3, true, true, false, 4)]
    [InlineData(3, true, false, true, 4)]
    [InlineData(3, true, true, true, 5)]
    public void Points_follow_the_seed_bands(int briefFields, bool modelCard, bool runbook, bool decisionLog, int points)
    {
        var fields = DocumentationEvidence.DescriptiveFields.Take(briefFields).ToImmutableArray();

        var score = DocumentationScorer.Score(new DocumentationEvidence(fields, modelCard, runbook, decisionLog));

        Assert.Equal(points, score.Points);
        Assert.Equal(points == 5, score.ToRaise.IsEmpty);
    }

    [Fact]
    public void Evidence_from_a_brief_lists_the_descriptive_fields_it_fills()
    {
        var brief = TestBriefs.CompleteChurn with { DataGaps = " " };

        var evidence = DocumentationEvidence.From(brief);

        Assert.Equal(["data available", "ethical considerations"], evidence.BriefFieldsDocumented.ToArray());
        Assert.False(evidence.HasModelCard);
    }
}
