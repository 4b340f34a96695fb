using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using MlAsCode.Monitoring;
using MlAsCode.Tests.Features;

namespace MlAsCode.Tests.Monitoring;

/// <summary>Drift statistics against scipy 1.10.1 (data/reference_metrics.json, the shared fixture's drift cases).</summary>
public class DriftTests
{
    private const int Digits = 9;
    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(TestData.PathOf("reference_metrics.json"))).RootElement.GetProperty("cases").GetProperty("drift");

    private static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    // The exact two-sample p-value for thousands of rows (scipy's exact method up to 10,000 per sample): the path counts
    // must not underflow, and the p-value must agree with the asymptotic Kolmogorov distribution at these sizes.
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    [InlineData(0.3)]
    public void The_exact_p_value_holds_for_thousands_of_rows(double shift)
    {
        var random = new Random(11);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var reference = Enumerable.Range(0, 7043).Select(_ => Normal()).ToArray();
        var current = Enumerable.Range(0, 3875).Select(_ => Normal() + shift).ToArray();
        var (d, p) = Drift.KolmogorovSmirnov(reference, current);

        var lambda = Math.Sqrt(7043.0 * 3875 / (7043 + 3875)) * d;
        var asymptotic = 2 * Enumerable.Range(1, 100).Sum(k => (k % 2 == 1 ? 1 : -1) * Math.Exp(-2.0 * k * k * lambda * lambda));
        Assert.InRange(p, 0, 1);
        Assert.True(Math.Abs(p - Math.Clamp(asymptotic, 0, 1)) < 0.02 + (0.1 * asymptotic), $"d {d}: exact {p}, asymptotic {asymptotic}");
        if (shift >= 0.3)
        {
            Assert.True(p < 1e-10, $"d {d}: p {p}");
        }
    }

    [Fact]
    public void Numeric_drift_statistics_match_scipy()
    {
        Assert.Equal(4, Cases.GetArrayLength());
        foreach (var @case in Cases.EnumerateArray())
        {
            var reference = Doubles(@case.GetProperty("reference"));
            var current = Doubles(@case.GetProperty("current"));
            var expected = @case.GetProperty("expected");
            var (d, p) = Drift.KolmogorovSmirnov(reference, current);
            Assert.Equal(expected.GetProperty("ks_statistic").GetDouble(), d, Digits);
            Assert.Equal(expected.GetProperty("ks_p_value").GetDouble(), p, Digits);
            Assert.Equal(expected.GetProperty("psi_10_reference_quantile_bins_eps_1e-4").GetDouble(), Drift.Psi(reference, current), Digits);
            Assert.Equal(expected.GetProperty("js_distance_base2_same_bins").GetDouble(), Drift.JensenShannonDistance(reference, current), Digits);
            Assert.Equal(expected.GetProperty("kl_divergence_current_vs_reference_same_bins_eps_1e-4").GetDouble(), Drift.KlDivergence(reference, current), Digits);

            // The one-sort path gives the same numbers.
            var all = Drift.Compare(reference, current);
            Assert.Equal((Drift.Psi(reference, current), Drift.KlDivergence(reference, current), Drift.JensenShannonDistance(reference, current), d, p),
                (all.Psi, all.KlDivergence, all.JsDistance, all.KsStatistic, all.KsPValue));
        }
    }

    [Fact]
    public void Large_samples_sorted_by_radix_give_the_same_statistics_as_a_comparison_sort()
    {
        // Over 4,096 values the samples are radix-sorted on their bits: negative, zero, tied and huge values included.
        var random = new Random(11);
        double[] reference = [.. Enumerable.Range(0, 20_000).Select(i => i % 10 == 0 ? -Math.Round(random.NextDouble() * 50, 1) : i % 17 == 0 ? 0.0 : i % 101 == 0 ? 1e300 : random.NextDouble() * 100)];
        double[] current = [.. reference.Select(v => v + (random.NextDouble() < 0.3 ? 7 : 0))];
        var sortedReference = reference.Order().ToArray();
        var sortedCurrent = current.Order().ToArray();
        Assert.Equal(Drift.QuantileEdges(sortedReference[..4000]), Drift.QuantileEdges(sortedReference[..4000].Reverse().ToArray()));
        var fast = Drift.Compare(reference, current);
        // The reference values through the comparison-sort path (small samples) must give identical edges.
        var edges = Drift.QuantileEdges(reference);
        double Quantile(double q) { var position = q * (sortedReference.Length - 1); var low = (int)Math.Floor(position); return sortedReference[low] + ((position - low) * (sortedReference[Math.Min(low + 1, sortedReference.Length - 1)] - sortedReference[low])); }
        Assert.Equal(Enumerable.Range(1, 9).Select(k => Quantile(k / 10.0)), edges);
        var d = sortedReference.Concat(sortedCurrent).Distinct().Max(x => Math.Abs((sortedReference.Count(v => v <= x) / 20_000.0) - (sortedCurrent.Count(v => v <= x) / 20_000.0)));
        Assert.Equal(d, fast.KsStatistic, 12);
    }

    [Fact]
    public void Categorical_chi_square_matches_scipy_chi2_contingency()
    {
        foreach (var @case in Cases.EnumerateArray())
        {
            var categorical = @case.GetProperty("categorical");
            long[] reference = [.. categorical.GetProperty("reference_counts").EnumerateArray().Select(v => v.GetInt64())];
            long[] current = [.. categorical.GetProperty("current_counts").EnumerateArray().Select(v => v.GetInt64())];
            var expected = categorical.GetProperty("expected");
            var (statistic, p, dof) = Drift.ChiSquare(reference, current);
            Assert.Equal(expected.GetProperty("chi2_contingency_statistic").GetDouble(), statistic, Digits);
            Assert.Equal(expected.GetProperty("chi2_p_value").GetDouble(), p, Digits);
            Assert.Equal(expected.GetProperty("dof").GetInt32(), dof);
        }
    }

    [Fact]
    public void The_playbook_reads_psi_and_identical_samples_show_no_drift()
    {
        Assert.Equal(DriftSeverity.None, Drift.Severity(0.1));
        Assert.Equal(DriftSeverity.Warning, Drift.Severity(0.11));
        Assert.Equal(DriftSeverity.Critical, Drift.Severity(0.26));
        var sample = Doubles(Cases[0].GetProperty("reference"));
        Assert.Equal(0, Drift.Psi(sample, sample), 12);
        Assert.Equal(0, Drift.JensenShannonDistance(sample, sample), 6);
        Assert.Equal((0.0, 1.0), Drift.KolmogorovSmirnov(sample, sample));
    }

    [Fact]
    public void Benjamini_hochberg_adjusts_as_statsmodels_fdr_bh()
    {
        // statsmodels multipletests([0.01, 0.04, 0.03, 0.005], method="fdr_bh") → [0.02, 0.04, 0.04, 0.02]
        Assert.Equal([0.02, 0.04, 0.04, 0.02], Drift.BenjaminiHochberg([0.01, 0.04, 0.03, 0.005]).Select(p => Math.Round(p, 12)));
    }
}
