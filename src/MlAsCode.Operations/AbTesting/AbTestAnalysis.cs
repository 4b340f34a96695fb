using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MathNet.Numerics.Distributions;

namespace MlAsCode.AbTesting;

/// <summary>A two-sample comparison: treatment minus control, its relative lift and the two-sided p-value.</summary>
/// <param name="Metric">What was compared.</param>
/// <param name="Test"><c>two_proportion_z</c> (0/1 outcomes) or <c>welch_t</c>.</param>
/// <param name="Control">The control's rate or mean.</param>
/// <param name="Treatment">The treatment's rate or mean.</param>
/// <param name="Statistic">z or t.</param>
/// <param name="PValue">Two-sided p-value.</param>
public sealed record Comparison(string Metric, string Test, double Control, double Treatment, double Statistic, double PValue)
{
    /// <summary>Treatment − control.</summary>
    public double Difference => Treatment - Control;

    /// <summary>(Treatment − control) / |control| (NaN when the control is 0).</summary>
    public double Lift => Control == 0 ? double.NaN : Difference / Math.Abs(Control);
}

/// <summary>The methodology's decision: ship, iterate or kill, with the reason.</summary>
public sealed record AbTestDecision(string Decision, string Reason, Comparison Primary, ImmutableArray<(Comparison Comparison, bool Breached)> Guardrails);

/// <summary>
/// The significance tests and decision rule of the methodology's A/B template: a two-proportion z-test (pooled, as
/// statsmodels' <c>proportions_ztest</c>) for 0/1 outcomes, Welch's t-test (as <c>scipy.stats.ttest_ind(equal_var=False)</c>)
/// otherwise; ship when the treatment beats the control by the minimum lift with p &lt; alpha, no guardrail regressed
/// and at least 7 days ran; kill on a guardrail breach, or no significant improvement after twice the planned days;
/// iterate otherwise.
/// </summary>
public static class AbTestAnalysis
{
    /// <summary>Two-proportion z-test with the pooled variance.</summary>
    public static Comparison ProportionTest(string metric, long controlSuccesses, long controlTotal, long treatmentSuccesses, long treatmentTotal)
    {
        if (controlTotal <= 0 || treatmentTotal <= 0 || controlSuccesses < 0 || treatmentSuccesses < 0 || controlSuccesses > controlTotal || treatmentSuccesses > treatmentTotal)
        {
            throw new ArgumentException($"{metric}: counts must be 0 ≤ successes ≤ totals and totals positive.");
        }

        double p1 = controlSuccesses / (double)controlTotal, p2 = treatmentSuccesses / (double)treatmentTotal;
        var pooled = (controlSuccesses + treatmentSuccesses) / (double)(controlTotal + treatmentTotal);
        var se = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / controlTotal) + (1.0 / treatmentTotal)));
        var z = se == 0 ? 0 : (p2 - p1) / se;
        return new Comparison(metric, "two_proportion_z", p1, p2, z, 2 * Normal.CDF(0, 1, -Math.Abs(z)));
    }

    /// <summary>Welch's two-sample t-test.</summary>
    public static Comparison WelchTest(string metric, IReadOnlyList<double> control, IReadOnlyList<double> treatment)
    {
        if (control.Count < 2 || treatment.Count < 2)
        {
            throw new ArgumentException($"{metric}: each arm needs at least two values.");
        }

        double m1 = control.Average(), m2 = treatment.Average();
        double v1 = control.Sum(x => (x - m1) * (x - m1)) / (control.Count - 1), v2 = treatment.Sum(x => (x - m2) * (x - m2)) / (treatment.Count - 1);
        double a = v1 / control.Count, b = v2 / treatment.Count;
        if (a + b == 0)
        {
            return new Comparison(metric, "welch_t", m1, m2, 0, m1 == m2 ? 1 : 0);
        }

        var t = (m2 - m1) / Math.Sqrt(a + b);
        var df = (a + b) * (a + b) / ((a * a / (control.Count - 1)) + (b * b / (treatment.Count - 1)));
        return new Comparison(metric, "welch_t", m1, m2, t, 2 * StudentT.CDF(0, 1, df, -Math.Abs(t)));
    }

    /// <summary>The decision for a primary comparison and guardrails.</summary>
    /// <param name="primary">The primary metric (higher is better).</param>
    /// <param name="guardrails">Guardrails, each with whether lower is better (latency, error rate).</param>
    /// <param name="days">Days the test has run.</param>
    /// <param name="plannedDays">Days planned (at least 7).</param>
    /// <param name="minimumLift">Relative lift the treatment must show to ship.</param>
    /// <param name="alpha">Significance level.</param>
    public static AbTestDecision Decide(Comparison primary, IReadOnlyList<(Comparison Comparison, bool LowerIsBetter)> guardrails, double days, double plannedDays,
        double minimumLift = 0, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(primary);
        var checkedGuardrails = guardrails.Select(g => (g.Comparison, Breached: g.Comparison.PValue < alpha && (g.LowerIsBetter ? g.Comparison.Difference > 0 : g.Comparison.Difference < 0)))
            .ToImmutableArray();
        var breach = checkedGuardrails.FirstOrDefault(g => g.Breached);
        if (breach.Comparison is not null)
        {
            return new AbTestDecision("kill", FormattableString.Invariant(
                $"guardrail {breach.Comparison.Metric} regressed: {breach.Comparison.Control:0.####} → {breach.Comparison.Treatment:0.####} (p = {breach.Comparison.PValue:0.####})"), primary, checkedGuardrails);
        }

        var significant = primary.PValue < alpha && primary.Difference > 0;
        var planned = Math.Max(7, plannedDays);
        if (significant && primary.Lift >= minimumLift && days >= 7)
        {
            return new AbTestDecision("ship", FormattableString.Invariant(
                $"{primary.Metric} {primary.Control:0.####} → {primary.Treatment:0.####} (lift {primary.Lift:P1}, p = {primary.PValue:0.####}) after {days:0.#} days; no guardrail regressed"), primary, checkedGuardrails);
        }

        if (!significant && days >= 2 * planned)
        {
            return new AbTestDecision("kill", FormattableString.Invariant(
                $"no significant improvement of {primary.Metric} after {days:0.#} days, twice the planned {planned:0.#} (p = {primary.PValue:0.####})"), primary, checkedGuardrails);
        }

        var why = days < 7 ? FormattableString.Invariant($"only {days:0.#} of at least 7 days have run")
            : significant ? FormattableString.Invariant($"the lift {primary.Lift:P1} is below the required {minimumLift:P1}")
            : FormattableString.Invariant($"not significant yet (p = {primary.PValue:0.####}); extend the test or refine the model");
        return new AbTestDecision("iterate", why, primary, checkedGuardrails);
    }
}
