using System;
using System.Linq;
using MlAsCode.Evaluation;
using MlAsCode.Monitoring;

namespace MlAsCode.Tests.Monitoring;

/// <summary>The served monitor's performance judgement on generated outcomes (a denial-like problem at 12% positives,
/// none of the samples' data): no alarm from the noise of a few hundred labels, an alarm when the model really broke,
/// and "not enough labels yet" instead of a finding.</summary>
public class PerformanceCheckTests
{
    // Scores of a fixed model on applicants drawn from one process: positives score higher on average.
    private static (double Score, double Label)[] Outcomes(int count, int seed, bool inverted = false)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var positive = random.NextDouble() < 0.12;
            var logit = -2.2 + ((positive != inverted) ? 1.4 : 0) + Normal();
            return (1 / (1 + Math.Exp(-logit)), positive ? 1.0 : 0.0);
        })];
    }

    private static readonly double Holdout = HoldoutPrAuc();

    private static double HoldoutPrAuc()
    {
        var rows = Outcomes(20_000, 1);
        return Metrics.AveragePrecision([.. rows.Select(r => r.Label > 0.5)], [.. rows.Select(r => r.Score)]);
    }

    [Fact]
    public void Three_hundred_outcomes_from_the_training_process_never_raise_a_drop_although_their_point_estimate_often_falls_5_percent()
    {
        var judgements = Enumerable.Range(100, 30).Select(seed => PerformanceCheck.Judge(Outcomes(300, seed), "pr_auc", Holdout, 0.05, 200, 20)).ToArray();
        Assert.All(judgements, j => Assert.NotNull(j.Value));
        Assert.All(judgements, j => Assert.False(j.Dropped, j.Note));
        // The rule without an interval would have alarmed on these windows of an unchanged model.
        var noisy = judgements.Where(j => j.RelativeDrop > 0.05).ToArray();
        Assert.True(noisy.Length >= 5, $"{noisy.Length} of 30 windows fell more than 5%");
        Assert.All(noisy, j => Assert.Contains("but the 95% interval covers it: not a finding yet", j.Note, StringComparison.Ordinal));
        Assert.All(noisy, j => Assert.InRange(Holdout, j.Value!.Lower, j.Value.Upper));
    }

    [Fact]
    public void A_model_whose_scores_no_longer_rank_the_outcomes_is_a_drop_outside_the_interval()
    {
        var judgement = PerformanceCheck.Judge(Outcomes(300, 7, inverted: true), "pr_auc", Holdout, 0.05, 200, 30);
        Assert.True(judgement.Dropped, judgement.Note);
        Assert.True(judgement.Value!.Upper < Holdout);
        Assert.Contains("the 95% interval excludes it", judgement.Note, StringComparison.Ordinal);
        Assert.Equal(300, judgement.Labels);
    }

    [Fact]
    public void Too_few_labels_or_positives_is_said_as_such_and_judges_nothing()
    {
        var few = PerformanceCheck.Judge(Outcomes(150, 3, inverted: true), "pr_auc", Holdout, 0.05, 200, 30);
        Assert.Equal((false, (Interval?)null), (few.Dropped, few.Value));
        Assert.Equal("not enough labels yet: 150 labelled predictions, performance is judged from 200 (Monitor:MinimumLabels)", few.Note);

        var window = Outcomes(250, 4, inverted: true);
        var positives = window.Count(w => w.Label > 0.5);
        var rare = PerformanceCheck.Judge(window, "pr_auc", Holdout, 0.05, 200, positives + 1);
        Assert.Null(rare.Value);
        Assert.Equal($"not enough labels yet: {positives} positive outcomes among 250, pr_auc is judged from {positives + 1} (Monitor:MinimumPositives)", rare.Note);
    }

    [Fact]
    public void Errors_judge_the_other_way_and_an_unknown_metric_is_refused()
    {
        var random = new Random(5);
        var calm = Enumerable.Range(0, 400).Select(_ => { var y = random.NextDouble() * 10; return (y + ((random.NextDouble() - 0.5) * 2), y); }).ToArray();
        var mae = calm.Average(w => Math.Abs(w.Item1 - w.y));
        Assert.False(PerformanceCheck.Judge(calm, "mae", mae, 0.05, 200, 30).Dropped);
        var worse = calm.Select(w => (w.Item1 + 2, w.y)).ToArray();
        var judged = PerformanceCheck.Judge(worse, "mae", mae, 0.05, 200, 30);
        Assert.True(judged.Dropped, judged.Note);
        Assert.True(judged.Value!.Lower > mae);
        Assert.Throws<ArgumentException>(() => PerformanceCheck.Judge(calm, "accuracy", 0.9, 0.05, 200, 30));
    }
}
