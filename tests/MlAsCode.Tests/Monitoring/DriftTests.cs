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
        }
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
