using System;
using System.Linq;
using MlAsCode.Retraining;

namespace MlAsCode.Tests.Retraining;

public sealed class RetrainingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static ArmHealth Arm(double errorRate = 0.01, double latency = 10, double? metric = 0.60) => new(1000, errorRate, latency, metric, 500);

    [Fact]
    public void The_canary_rolls_back_on_twice_the_error_rate_twice_the_latency_or_a_five_percent_metric_drop()
    {
        var policy = new CanaryPolicy();
        Assert.Null(policy.RollbackReason(new(Arm(), Arm(errorRate: 0.02, latency: 20, metric: 0.571))));
        Assert.Equal("error rate 2.10% is more than 2x production's 1.00%", policy.RollbackReason(new(Arm(), Arm(errorRate: 0.021))));
        Assert.Equal("median latency 20.5 ms is more than 2x production's 10 ms", policy.RollbackReason(new(Arm(), Arm(latency: 20.5))));
        Assert.Equal("primary metric 0.56 is 6.7% below production's 0.6 (limit 5%)", policy.RollbackReason(new(Arm(), Arm(metric: 0.56))));

        // Floors: one failure against none, and sub-millisecond timer noise, are not regressions.
        Assert.Null(policy.RollbackReason(new(Arm(errorRate: 0), Arm(errorRate: 0.0015))));
        Assert.Null(policy.RollbackReason(new(Arm(latency: 0.2), Arm(latency: 0.45))));
        Assert.NotNull(policy.RollbackReason(new(Arm(latency: 0.2), Arm(latency: 2.5))));

        // A loss metric: lower is better, so a rise of more than 5% rolls back.
        var loss = new CanaryPolicy { HigherIsBetter = false };
        Assert.NotNull(loss.RollbackReason(new(Arm(metric: 0.40), Arm(metric: 0.43))));
        Assert.Null(loss.RollbackReason(new(Arm(metric: 0.40), Arm(metric: 0.30))));

        // Too few requests reached the candidate (traffic without the key header goes to production): not judged healthy.
        Assert.Equal("only 0 requests reached the candidate; at least 100 are needed to judge it (do requests carry the key header?)",
            policy.RollbackReason(new(Arm(), new ArmHealth(0, 0, 0, null, 0))));

        // No labels yet on an arm: the metric is not judged.
        Assert.Null(policy.RollbackReason(new(Arm(), Arm(metric: null))));
    }

    [Fact]
    public void Triggers_fire_on_schedule_on_a_sustained_metric_drop_and_on_drift_in_a_top_feature()
    {
        var triggers = new RetrainingTriggers { Every = TimeSpan.FromDays(7), MetricBelow = 0.55, TopFeatures = 2 };
        var trainedRecently = Now.AddDays(-2);
        var healthy = new[] { (Now.AddHours(-30), 0.60), (Now.AddHours(-1), 0.61) };
        var psi = new System.Collections.Generic.Dictionary<string, double> { ["tenure"] = 0.05, ["contract"] = 0.08, ["gender"] = 0.9 };
        string[] importance = ["tenure", "contract", "gender"];
        Assert.Empty(triggers.Evaluate(Now, trainedRecently, healthy, psi, importance));   // drift only on the 3rd feature

        Assert.Equal(["scheduled: production was trained 8 days ago (every 7 days)"], triggers.Evaluate(Now, Now.AddDays(-8), healthy, psi, importance).ToArray());

        // Below the threshold for 25 h fires; below for 20 h (after a recovery) does not.
        var sustained = new[] { (Now.AddHours(-40), 0.60), (Now.AddHours(-25), 0.50), (Now.AddHours(-10), 0.52), (Now, 0.51) };
        Assert.Equal(["performance: the primary metric has been below 0.55 since 2026-11-25 11:00:00Z (at least 24 h)"], triggers.Evaluate(Now, trainedRecently, sustained, psi, importance).ToArray());
        var recovered = new[] { (Now.AddHours(-25), 0.50), (Now.AddHours(-21), 0.58), (Now.AddHours(-20), 0.50), (Now, 0.51) };
        Assert.Empty(triggers.Evaluate(Now, trainedRecently, recovered, psi, importance));

        psi["contract"] = 0.31;
        Assert.Equal(["drift: PSI 0.31 on contract, one of the top 2 features (threshold 0.2)"], triggers.Evaluate(Now, trainedRecently, healthy, psi, importance).ToArray());
    }
}
