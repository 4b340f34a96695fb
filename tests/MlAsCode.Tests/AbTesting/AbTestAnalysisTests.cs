using System;
using System.Linq;
using MlAsCode.AbTesting;

namespace MlAsCode.Tests.AbTesting;

public class AbTestAnalysisTests
{
    [Fact]
    public void The_two_proportion_z_test_is_the_pooled_one()
    {
        // 200/2000 against 260/2000: pooled p = 0.115, se = sqrt(0.115·0.885·(2/2000)) = 0.0100884, z = 0.03 / se.
        var c = AbTestAnalysis.ProportionTest("conversion", 200, 2000, 260, 2000);
        var se = Math.Sqrt(0.115 * 0.885 * (2 / 2000.0));
        Assert.Equal(0.03 / se, c.Statistic, 12);
        Assert.Equal(2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, -0.03 / se), c.PValue, 12);
        Assert.Equal(0.3, c.Lift, 12);
        Assert.True(c.PValue < 0.01);
    }

    [Fact]
    public void Welch_t_matches_the_textbook_example()
    {
        // Welch's example samples; scipy 1.10.1 stats.ttest_ind(b, a, equal_var=False): t = 2.455356398286006, p = 0.021378001462866985.
        double[] a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
        double[] b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
        var c = AbTestAnalysis.WelchTest("score", a, b);
        Assert.Equal(2.455356398286006, c.Statistic, 12);
        Assert.Equal(0.021378001462866985, c.PValue, 9);
        var reversed = AbTestAnalysis.WelchTest("score", b, a);
        Assert.Equal((-c.Statistic, c.PValue), (reversed.Statistic, reversed.PValue));
    }

    [Fact]
    public void The_decision_rule_ships_iterates_and_kills_as_the_template_says()
    {
        var win = AbTestAnalysis.ProportionTest("retention", 200, 2000, 260, 2000);
        var flat = AbTestAnalysis.ProportionTest("retention", 200, 2000, 205, 2000);
        var fast = AbTestAnalysis.WelchTest("latency_ms", [.. Enumerable.Range(0, 50).Select(i => 20.0 + (i % 5))], [.. Enumerable.Range(0, 50).Select(i => 20.0 + (i % 5))]);
        var slow = AbTestAnalysis.WelchTest("latency_ms", [.. Enumerable.Range(0, 50).Select(i => 20.0 + (i % 5))], [.. Enumerable.Range(0, 50).Select(i => 40.0 + (i % 5))]);

        Assert.Equal("ship", AbTestAnalysis.Decide(win, [(fast, true)], days: 14, plannedDays: 14).Decision);
        Assert.Equal("kill", AbTestAnalysis.Decide(win, [(slow, true)], days: 14, plannedDays: 14).Decision);
        Assert.Contains("guardrail latency_ms regressed", AbTestAnalysis.Decide(win, [(slow, true)], 14, 14).Reason);
        Assert.Equal("iterate", AbTestAnalysis.Decide(win, [], days: 3, plannedDays: 14).Decision);
        Assert.Equal("iterate", AbTestAnalysis.Decide(flat, [], days: 14, plannedDays: 14).Decision);
        Assert.Equal("kill", AbTestAnalysis.Decide(flat, [], days: 28, plannedDays: 14).Decision);
        Assert.Equal("iterate", AbTestAnalysis.Decide(win, [], days: 14, plannedDays: 14, minimumLift: 0.5).Decision);
    }
}
