using System;
using System.Linq;
using MlAsCode.Evaluation;
using MlAsCode.Evaluation.Reporting;
using MlAsCode.Experiments;
using MlAsCode.Framing;
using MlAsCode.Tests.Evaluation;

namespace MlAsCode.Tests.Experiments;

/// <summary>Kill criteria and the verdict's gates on measurements made up for the purpose (no sample's data).</summary>
public class VerdictGateTests
{
    private static readonly KillCriterion Share = new("Baseline heuristic achieves >90% of ML performance", KillWhen.BaselineShareAbove, 0.9);
    private static readonly KillCriterion Lift = new("Model can't beat random by >10% on holdout set", KillWhen.LiftOverRandomBelow, 0.1);

    [Fact]
    public void Each_kind_compares_its_measurement_with_its_limit_and_says_both()
    {
        // PR-AUC (higher is better): the baseline reaches 0.46 / 0.50 = 92% of the model; the model beats the 0.12
        // positive rate by 317%.
        var close = KillCriteriaCheck.Evaluate([Share, Lift], new RunEvidence(Metric.PrAuc, 0.50, 0.46, 0.12, null, null, null));
        Assert.Equal((true, 0.92), (close[0].Fired!.Value, Math.Round(close[0].Value!.Value, 12)));
        Assert.Equal("the baseline's pr_auc 0.4600 is 92.0% of the model's 0.5000: above the limit 0.9 — fired", close[0].Evidence);
        Assert.False(close[1].Fired);

        // MAE (lower is better): the share is the model's error over the baseline's, and the lift is the error saved.
        var errors = KillCriteriaCheck.Evaluate([Share, Lift], new RunEvidence(Metric.Mae, 4.0, 4.2, 4.3, null, null, null));
        Assert.Equal(4.0 / 4.2, errors[0].Value!.Value, 12);
        Assert.True(errors[0].Fired);
        Assert.Equal((4.3 - 4.0) / 4.3, errors[1].Value!.Value, 12);
        Assert.True(errors[1].Fired);   // 7% better than the constant predictor, under the 10% asked for

        var operations = KillCriteriaCheck.Evaluate(
        [
            new KillCriterion("too poor", KillWhen.DataQualityBelow, 18),
            new KillCriterion("too slow", KillWhen.LatencyAbove),
            new KillCriterion("too slow for 5 ms", KillWhen.LatencyAbove, 5),
            new KillCriterion("too expensive", KillWhen.CostPer1000Above, 0.02),
            new KillCriterion("in words"),
            new KillCriterion("no limit", KillWhen.BaselineShareAbove),
        ], new RunEvidence(Metric.PrAuc, 0.5, 0.4, 0.1, 16.5, 12.0, 0.01, LatencyClass.RealTime));
        Assert.Equal(["fired", "not_fired", "fired", "not_fired", "not_checked", "not_checked"], operations.Select(o => o.Status));
        Assert.Equal(100, operations[1].Limit);   // the real-time budget when no threshold is given
        Assert.Equal("words only: declare When and Threshold for a run to check it", operations[4].Evidence);
        Assert.Equal("BaselineShareAbove needs a Threshold", operations[5].Evidence);

        var unmeasured = KillCriteriaCheck.Evaluate([new KillCriterion("too poor", KillWhen.DataQualityBelow, 18), new KillCriterion("too slow", KillWhen.LatencyAbove)],
            new RunEvidence(Metric.PrAuc, 0.5, 0.4, 0.1, null, null, null, LatencyClass.Batch));
        Assert.All(unmeasured, u => Assert.Null(u.Fired));
    }

    private static EvaluationReport Report(params EvaluationCheck[] checks) => Evaluator.Evaluate(ReportTests.Binary(400)) with { Checks = [.. checks] };

    [Fact]
    public void A_failed_fairness_check_holds_promotion_a_fired_criterion_archives_and_an_override_lets_it_through_with_its_reason()
    {
        var fairness = Report(new EvaluationCheck("fairness:age_band", CheckStatus.Failed, "disparate_impact 0.61 [0.52, 0.70] (≥ 0.8): fail"),
            new EvaluationCheck("fairness:region", CheckStatus.Passed, "all pass"));
        var held = VerdictGate.Apply("promoted", "beats the baseline", fairness, [], []);
        Assert.Equal("iterate", held.Verdict);
        Assert.Equal(["fairness:age_band"], held.Blockers.ToArray());
        Assert.Equal("beats the baseline; not promoted while fairness:age_band failed (disparate_impact 0.61 [0.52, 0.70] (≥ 0.8): fail) (fix it, or accept it with [VerdictOverride] and a reason)", held.Notes);

        var fired = new KillCriterionResult(Share, 0.95, 0.9, true, "the baseline's pr_auc 0.4750 is 95.0% of the model's 0.5000: above the limit 0.9 — fired");
        var notFired = new KillCriterionResult(Lift, 3.0, 0.1, false, "…");
        var archived = VerdictGate.Apply("promoted", "beats the baseline", null, [fired, notFired], []);
        Assert.Equal("archived", archived.Verdict);
        Assert.Equal(["kill_criterion:baseline_share_above"], archived.Blockers.ToArray());
        Assert.Contains("kill criterion fired: 'Baseline heuristic achieves >90% of ML performance'", archived.Notes, StringComparison.Ordinal);

        var accepted = VerdictGate.Apply("promoted", "beats the baseline", fairness, [fired],
            [new VerdictOverride("fairness", "the age bands differ in base rate"), new VerdictOverride("kill_criteria", "the heuristic cannot run online")]);
        Assert.Equal("promoted", accepted.Verdict);
        Assert.Empty(accepted.Blockers);
        Assert.Equal(["fairness:age_band", "kill_criterion:baseline_share_above"], accepted.Overridden.Select(o => o.Check).ToArray());
        Assert.EndsWith("; kill_criterion:baseline_share_above failed but is overridden: the heuristic cannot run online", accepted.Notes, StringComparison.Ordinal);

        // An override names what it covers: one for another attribute leaves this one blocking.
        Assert.Equal("iterate", VerdictGate.Apply("promoted", "", fairness, [], [new VerdictOverride("fairness:region", "x")]).Verdict);
        // A run that did not beat its baseline is not raised by an override.
        Assert.Equal("archived", VerdictGate.Apply("archived", "", fairness, [], [new VerdictOverride("fairness", "x")]).Verdict);
    }
}
