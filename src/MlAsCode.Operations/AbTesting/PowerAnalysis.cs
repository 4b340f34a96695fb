using System;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.RootFinding;

namespace MlAsCode.AbTesting;

/// <summary>
/// Sample size per arm for an A/B test, as statsmodels solves it (two-sided, equal arms): the two-sample t-test
/// (<c>TTestIndPower</c>: noncentral t with 2n − 2 degrees of freedom and noncentrality d·√(n/2)) and the
/// two-proportion z-test (<c>NormalIndPower</c> on Cohen's h). Both tails count towards the power, as statsmodels
/// counts them. Checked against statsmodels 0.13.5 (the shared fixture).
/// </summary>
public static class PowerAnalysis
{
    /// <summary>Cohen's h between two rates: |2·asin(√p2) − 2·asin(√p1)|.</summary>
    public static double CohensH(double baselineRate, double treatmentRate)
    {
        Rate(baselineRate, nameof(baselineRate));
        Rate(treatmentRate, nameof(treatmentRate));
        return Math.Abs((2 * Math.Asin(Math.Sqrt(treatmentRate))) - (2 * Math.Asin(Math.Sqrt(baselineRate))));
    }

    /// <summary>Power of the two-sided two-proportion z-test with <paramref name="n"/> per arm.</summary>
    public static double ProportionPower(double h, double n, double alpha)
    {
        var crit = Refine(Normal.InvCDF(0, 1, 1 - (alpha / 2)), 1 - (alpha / 2), x => Normal.CDF(0, 1, x), x => Normal.PDF(0, 1, x));
        var shift = h * Math.Sqrt(n / 2);
        return (1 - Normal.CDF(0, 1, crit - shift)) + Normal.CDF(0, 1, -crit - shift);
    }

    /// <summary>Power of the two-sided two-sample t-test with <paramref name="n"/> per arm.</summary>
    public static double TTestPower(double d, double n, double alpha)
    {
        var df = (2 * n) - 2;
        var crit = Refine(StudentT.InvCDF(0, 1, df, 1 - (alpha / 2)), 1 - (alpha / 2), x => StudentT.CDF(0, 1, df, x), x => StudentT.PDF(0, 1, df, x));
        var nc = d * Math.Sqrt(n / 2);
        return (1 - NoncentralTCdf(crit, df, nc)) + NoncentralTCdf(-crit, df, nc);
    }

    /// <summary>Rows per arm for a two-proportion z-test to detect <paramref name="baselineRate"/> → <paramref name="treatmentRate"/>.</summary>
    public static double ProportionSampleSize(double baselineRate, double treatmentRate, double alpha = 0.05, double power = 0.8)
    {
        var h = CohensH(baselineRate, treatmentRate);
        Check(h, alpha, power);
        return Solve(n => ProportionPower(h, n, alpha) - power);
    }

    /// <summary>Rows per arm for a two-sample t-test to detect a standardized effect <paramref name="effectSize"/> (Cohen's d).</summary>
    public static double TTestSampleSize(double effectSize, double alpha = 0.05, double power = 0.8)
    {
        Check(effectSize, alpha, power);
        return Solve(n => TTestPower(effectSize, n, alpha) - power);
    }

    // The noncentral t CDF: ∫ Φ(t·√(x/ν) − δ) · χ²_ν(x) dx over the chi-square's mass (±40 standard deviations), in
    // 80 panels of 32-point Gauss–Legendre: the integrand is smooth, so this is exact to rounding.
    private static double NoncentralTCdf(double t, double df, double nc)
    {
        var sd = Math.Sqrt(2 * df);
        double low = Math.Max(0, df - (40 * sd)), high = df + (40 * sd) + 50;
        const int panels = 80;
        var width = (high - low) / panels;
        var sum = 0.0;
        for (var i = 0; i < panels; i++)
        {
            sum += Integrate.GaussLegendre(x => Normal.CDF(0, 1, (t * Math.Sqrt(x / df)) - nc) * ChiSquared.PDF(df, x), low + (i * width), low + ((i + 1) * width), 32);
        }

        return sum;
    }

    // Newton steps on the CDF (accurate to rounding) polish a quantile whose inverse is only approximate.
    private static double Refine(double x, double p, Func<double, double> cdf, Func<double, double> pdf)
    {
        for (var i = 0; i < 4; i++)
        {
            x -= (cdf(x) - p) / pdf(x);
        }

        return x;
    }

    private static double Solve(Func<double, double> gap)
    {
        // Power rises with n: bracket the root, then Brent to far below the fixture's 1e-9.
        double low = 2.0001, high = 4;
        while (gap(high) < 0)
        {
            (low, high) = (high, high * 2);
            if (high > 1e9)
            {
                throw new ArgumentException("The effect is too small to detect with any sample size below a billion.");
            }
        }

        return Brent.FindRoot(gap, low, high, 1e-12, 200);
    }

    private static void Check(double effect, double alpha, double power)
    {
        if (!(effect > 0) || !double.IsFinite(effect))
        {
            throw new ArgumentException($"The effect size must be a positive number; it is {effect}.");
        }

        if (alpha is <= 0 or >= 1 || power is <= 0 or >= 1)
        {
            throw new ArgumentException($"alpha ({alpha}) and power ({power}) must be between 0 and 1.");
        }
    }

    private static void Rate(double rate, string name)
    {
        if (rate is < 0 or > 1 || double.IsNaN(rate))
        {
            throw new ArgumentException($"{name} must be a rate between 0 and 1; it is {rate}.", name);
        }
    }
}
