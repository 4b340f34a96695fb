using System;
using System.Linq;
using MlAsCode.Evaluation;

namespace MlAsCode.Tests.Evaluation;

public class FairnessTests
{
    // Rows of one group: `positives` of `rows` are positive; the model selects `hitRate` of positives and `alarmRate` of negatives.
    private static (string[] Groups, bool[] Labels, double[] Scores) Group(string name, int rows, int positives, double hitRate, double alarmRate)
    {
        var labels = Enumerable.Range(0, rows).Select(i => i < positives).ToArray();
        var hits = (int)Math.Round(positives * hitRate);
        var alarms = (int)Math.Round((rows - positives) * alarmRate);
        var scores = Enumerable.Range(0, rows).Select(i => i < positives ? (i < hits ? 0.9 : 0.1) : (i - positives < alarms ? 0.8 : 0.2)).ToArray();
        return (Enumerable.Repeat(name, rows).ToArray(), labels, scores);
    }

    private static (string[] Groups, bool[] Labels, double[] Scores) Join(params (string[] Groups, bool[] Labels, double[] Scores)[] parts) =>
        ([.. parts.SelectMany(p => p.Groups)], [.. parts.SelectMany(p => p.Labels)], [.. parts.SelectMany(p => p.Scores)]);

    [Fact]
    public void Group_rates_are_the_shares_of_decisions_and_errors()
    {
        var (groups, labels, scores) = Join(Group("female", 400, 100, 0.8, 0.1), Group("male", 600, 200, 0.6, 0.25));
        var report = Fairness.Assess("gender", groups, labels, scores);

        var female = report.Groups.Single(g => g.Group == "female");
        var male = report.Groups.Single(g => g.Group == "male");
        Assert.Equal((400, 0.8, 0.1), (female.Rows, female.TruePositiveRate, female.FalsePositiveRate));
        Assert.Equal((80 + 30) / 400.0, female.SelectionRate, 12);
        Assert.Equal((120 + 100) / 600.0, male.SelectionRate, 12);
        var di = report.Checks.Single(c => c.Name == "disparate_impact");
        Assert.Equal(female.SelectionRate / male.SelectionRate, di.Value.Value, 12);
        Assert.Equal(0.8 - 0.6, report.Checks.Single(c => c.Name == "true_positive_rate_difference").Value.Value, 12);
        Assert.Equal(0.25 - 0.1, report.Checks.Single(c => c.Name == "false_positive_rate_difference").Value.Value, 12);
        Assert.All(report.Checks, c => Assert.True(c.Value.Lower <= c.Value.Value && c.Value.Value <= c.Value.Upper, c.ToString()));
    }

    [Fact]
    public void Outcomes_are_judged_on_the_interval_not_the_point_value()
    {
        // Clearly unequal: selection 0.5 against 0.2 → ratio 0.4, far below 0.8 whatever the resample.
        var unequal = Join(Group("a", 2000, 1000, 0.8, 0.2), Group("b", 2000, 400, 0.5, 0.125));
        var failing = Fairness.Assess("group", unequal.Groups, unequal.Labels, unequal.Scores);
        Assert.Equal(FairnessOutcome.Fail, failing.Checks[0].Outcome);
        Assert.False(failing.Passes);

        // Equal treatment on many rows: every interval sits inside its limit.
        var equal = Join(Group("a", 5000, 1500, 0.7, 0.1), Group("b", 5000, 1500, 0.7, 0.1));
        var passing = Fairness.Assess("group", equal.Groups, equal.Labels, equal.Scores);
        Assert.All(passing.Checks, c => Assert.Equal(FairnessOutcome.Pass, c.Outcome));
        Assert.True(passing.Passes);

        // A ratio of 0.85 on 150 rows a group: above 0.8 as a point, but the interval reaches below it.
        var small = Join(Group("a", 150, 60, 0.8, 0.2), Group("b", 150, 60, 0.7, 0.15));
        var unsure = Fairness.Assess("group", small.Groups, small.Labels, small.Scores);
        Assert.True(unsure.Checks[0].Value.Value > 0.8, unsure.Checks[0].ToString());
        Assert.Equal(FairnessOutcome.Inconclusive, unsure.Checks[0].Outcome);
        Assert.False(unsure.Passes);

        // The limit is the caller's: at 0.3 the clearly unequal ratio of 0.4 passes.
        Assert.Equal(FairnessOutcome.Pass, Fairness.Assess("group", unequal.Groups, unequal.Labels, unequal.Scores, new FairnessOptions { DisparateImpactLimit = 0.3 }).Checks[0].Outcome);
    }

    [Fact]
    public void Bad_inputs_are_refused_with_the_reason()
    {
        Assert.Contains("at least two groups", Assert.Throws<ArgumentException>(() => Fairness.Assess("gender", ["f", "f"], [true, false], [0.9, 0.1])).Message);
        Assert.Contains("Row 2 has no gender value", Assert.Throws<ArgumentException>(() => Fairness.Assess("gender", ["f", " "], [true, false], [0.9, 0.1])).Message);
        Assert.Contains("1 group values for 2 rows", Assert.Throws<ArgumentException>(() => Fairness.Assess("gender", ["f"], [true, false], [0.9, 0.1])).Message);
    }
}
