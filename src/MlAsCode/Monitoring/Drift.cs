using System;
using System.Collections.Generic;
using System.Linq;

namespace MlAsCode.Monitoring;

/// <summary>Every numeric drift statistic of one column.</summary>
public sealed record NumericDrift(double Psi, double KlDivergence, double JsDistance, double KsStatistic, double KsPValue);

/// <summary>How serious a drift finding is, per the methodology's drift response playbook.</summary>
public enum DriftSeverity
{
    /// <summary>Within normal variation (PSI ≤ 0.1).</summary>
    None,

    /// <summary>Investigate (PSI above 0.1).</summary>
    Warning,

    /// <summary>Act: retrain or roll back (PSI above 0.25).</summary>
    Critical,
}

/// <summary>
/// Distribution drift between a reference sample (training) and a current one (a serving window), matching scipy
/// 1.10 and the conventions in the shared fixture's notes: PSI over 10 bins at the reference's deciles (outer edges
/// open, empty-bin proportions floored at 1e-4), Kolmogorov–Smirnov as <c>scipy.stats.ks_2samp</c> (exact p-value for
/// samples up to 10,000, asymptotic above), Jensen–Shannon distance in bits over the same bins (no flooring), KL
/// divergence of current from reference over the same bins (floored), and the chi-square test of a categorical
/// column's counts as <c>scipy.stats.chi2_contingency</c>.
/// </summary>
public static partial class Drift
{
    /// <summary>PSI above which drift is a warning.</summary>
    public const double PsiWarning = 0.1;

    /// <summary>PSI above which drift is critical.</summary>
    public const double PsiCritical = 0.25;

    private const double Floor = 1e-4;

    /// <summary>
    /// The value at single precision, as a model input holds it. Served inputs pass through <c>float</c> properties on
    /// one side (3.9 becomes 3.9000000953674316) and are logged as sent on the other (3.90000009536743); with many tied
    /// values at a decile edge, that last-digit difference moves whole ties across the edge. Comparing both sides at
    /// the precision the model reads makes bin assignment stable under float/double round trips. Values beyond the
    /// single-precision range are kept as they are.
    /// </summary>
    public static double Canonical(double value) => Math.Abs(value) <= float.MaxValue ? (float)value : value;

    /// <summary>The inner bin edges at the reference's quantiles (numpy's linear interpolation): 9 edges for 10 bins.</summary>
    public static double[] QuantileEdges(IReadOnlyList<double> reference, int bins = 10)
    {
        var sorted = Sorted(reference, nameof(reference));
        return [.. Enumerable.Range(1, bins - 1).Select(k => Quantile(sorted, k / (double)bins))];
    }

    /// <summary>Shares of <paramref name="values"/> in the bins the inner <paramref name="edges"/> make, outer edges
    /// open; a value equal to an edge falls in the bin above it (numpy.histogram's half-open bins).</summary>
    public static double[] Shares(IReadOnlyList<double> values, double[] edges)
    {
        var counts = new double[edges.Length + 1];
        foreach (var v in values)
        {
            var bin = Array.BinarySearch(edges, v);
            counts[bin >= 0 ? UpperEqual(edges, bin) + 1 : ~bin]++;
        }

        return [.. counts.Select(c => c / values.Count)];
    }

    // With repeated edges (ties at a decile), a value equal to them goes above the last equal edge.
    private static int UpperEqual(double[] edges, int index)
    {
        while (index + 1 < edges.Length && edges[index + 1] == edges[index])
        {
            index++;
        }

        return index;
    }

    /// <summary>Population stability index over the reference's decile bins.</summary>
    public static double Psi(IReadOnlyList<double> reference, IReadOnlyList<double> current, int bins = 10)
    {
        var edges = QuantileEdges(reference, bins);
        return PsiOfShares(Shares(reference, edges), Shares(current, edges));
    }

    /// <summary>PSI of two share vectors: Σ (cur − ref) · ln(cur / ref), empty shares floored at 1e-4.</summary>
    public static double PsiOfShares(IReadOnlyList<double> referenceShares, IReadOnlyList<double> currentShares)
    {
        Same(referenceShares.Count, currentShares.Count);
        var psi = 0.0;
        for (var i = 0; i < referenceShares.Count; i++)
        {
            var (r, c) = (Floored(referenceShares[i]), Floored(currentShares[i]));
            psi += (c - r) * Math.Log(c / r);
        }

        return psi;
    }

    /// <summary>KL divergence of the current distribution from the reference, in nats, over the reference's decile bins.</summary>
    public static double KlDivergence(IReadOnlyList<double> reference, IReadOnlyList<double> current, int bins = 10)
    {
        var edges = QuantileEdges(reference, bins);
        return KlDivergenceOfShares(Shares(reference, edges), Shares(current, edges));
    }

    /// <summary>KL divergence Σ cur · ln(cur / ref) of two share vectors, empty shares floored at 1e-4.</summary>
    public static double KlDivergenceOfShares(IReadOnlyList<double> referenceShares, IReadOnlyList<double> currentShares)
    {
        Same(referenceShares.Count, currentShares.Count);
        var kl = 0.0;
        for (var i = 0; i < referenceShares.Count; i++)
        {
            var (r, c) = (Floored(referenceShares[i]), Floored(currentShares[i]));
            kl += c * Math.Log(c / r);
        }

        return kl;
    }

    /// <summary>Jensen–Shannon distance in bits (scipy's <c>jensenshannon(base=2)</c>) over the reference's decile bins.</summary>
    public static double JensenShannonDistance(IReadOnlyList<double> reference, IReadOnlyList<double> current, int bins = 10)
    {
        var edges = QuantileEdges(reference, bins);
        return JensenShannonDistanceOfShares(Shares(reference, edges), Shares(current, edges));
    }

    /// <summary>Jensen–Shannon distance in bits of two distributions (each normalized to sum 1; zeros allowed).</summary>
    public static double JensenShannonDistanceOfShares(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        Same(p.Count, q.Count);
        var (sp, sq) = (p.Sum(), q.Sum());
        var divergence = 0.0;
        for (var i = 0; i < p.Count; i++)
        {
            var (a, b) = (p[i] / sp, q[i] / sq);
            var m = (a + b) / 2;
            divergence += RelativeEntropy(a, m) + RelativeEntropy(b, m);
        }

        return Math.Sqrt(Math.Max(0, divergence / Math.Log(2) / 2));
    }

    /// <summary>The two-sample Kolmogorov–Smirnov statistic and two-sided p-value, as <c>scipy.stats.ks_2samp</c>
    /// (method auto): exact when both samples have at most 10,000 values, otherwise the asymptotic Kolmogorov
    /// distribution of √(n·m/(n+m))·D. For samples of different sizes with 2,000 values or more, an exact p-value below
    /// 1e-5 is replaced by the asymptotic one, whose tail is accurate where the exact method's rounding (about 4e-8 at
    /// 7,000 rows) is not.</summary>
    public static (double Statistic, double PValue) KolmogorovSmirnov(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        return KolmogorovSmirnovSorted(Sorted(reference, nameof(reference)), Sorted(current, nameof(current)));
    }

    private static (double Statistic, double PValue) KolmogorovSmirnovSorted(double[] a, double[] b)
    {
        int n1 = a.Length, n2 = b.Length;
        // The largest gap between the two empirical CDFs, evaluated at every value (ties stepped together).
        double d = 0;
        int i = 0, j = 0;
        while (i < n1 || j < n2)
        {
            var v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
            while (i < n1 && a[i] == v)
            {
                i++;
            }

            while (j < n2 && b[j] == v)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs(((double)i / n1) - ((double)j / n2)));
        }

        if (Math.Max(n1, n2) <= 10_000)
        {
            var g = (int)System.Numerics.BigInteger.GreatestCommonDivisor(n1, n2);
            var lcm = (long)(n1 / g) * n2;
            var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
            if (h == 0)
            {
                return (d, 1.0);
            }

            // 1 - inside carries the rounding of thousands of column sums (5e-13 at 2,000 by 1,100 rows, 4e-8 at 7,000 by
            // 4,000): from 2,000 rows, below 1e-5 its digits are noise and the asymptotic distribution is the better
            // estimate there. (scipy counts the
            // outside paths directly instead; both are far below any drift threshold.)
            var p = n1 == n2 ? OutsideSquare(n1, h) : 1 - InsideProbability(n1, n2, g, h);
            if (p is >= 0 and <= 1 && (n1 == n2 || p >= 1e-5 || Math.Max(n1, n2) < 2000))
            {
                return (d, p);
            }
        }

        var en = (double)n1 * n2 / (n1 + n2);
        return (d, KolmogorovSurvival(Math.Sqrt(en) * d));
    }

    /// <summary>Pearson's chi-square test of independence on the 2 × k table of reference and current counts per
    /// category (scipy's <c>chi2_contingency</c>; Yates' correction when there is one degree of freedom). Categories
    /// empty in both samples are dropped.</summary>
    public static (double Statistic, double PValue, int DegreesOfFreedom) ChiSquare(IReadOnlyList<long> referenceCounts, IReadOnlyList<long> currentCounts)
    {
        Same(referenceCounts.Count, currentCounts.Count);
        var columns = Enumerable.Range(0, referenceCounts.Count).Where(k => referenceCounts[k] + currentCounts[k] > 0).ToArray();
        if (columns.Length < 2)
        {
            throw new ArgumentException("A chi-square test needs at least two categories with counts.");
        }

        double r = columns.Sum(k => (double)referenceCounts[k]), c = columns.Sum(k => (double)currentCounts[k]);
        if (r == 0 || c == 0)
        {
            throw new ArgumentException("Both samples need counts for a chi-square test.");
        }

        var total = r + c;
        var dof = columns.Length - 1;
        var statistic = 0.0;
        foreach (var k in columns)
        {
            var column = referenceCounts[k] + currentCounts[k];
            foreach (var (observed, row) in new[] { ((double)referenceCounts[k], r), (currentCounts[k], c) })
            {
                var expected = row * column / total;
                var diff = observed - expected;
                if (dof == 1)
                {
                    // Yates: move each observed count half a unit towards its expected count (never past it).
                    diff = Math.Sign(diff) * Math.Max(0, Math.Abs(diff) - 0.5);
                }

                statistic += diff * diff / expected;
            }
        }

        return (statistic, MathNet.Numerics.SpecialFunctions.GammaUpperRegularized(dof / 2.0, statistic / 2), dof);
    }

    /// <summary>Every numeric statistic of one column at once: each sample sorted once and shared by the decile edges,
    /// the bin shares, PSI, KL, Jensen–Shannon and Kolmogorov–Smirnov (the same values as the single functions).</summary>
    public static NumericDrift Compare(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var a = Sorted(reference, nameof(reference));
        var b = Sorted(current, nameof(current));
        double[] edges = [.. Enumerable.Range(1, 9).Select(k => Quantile(a, k / 10.0))];
        var (r, c) = (SortedShares(a, edges), SortedShares(b, edges));
        var (d, p) = KolmogorovSmirnovSorted(a, b);
        return new NumericDrift(PsiOfShares(r, c), KlDivergenceOfShares(r, c), JensenShannonDistanceOfShares(r, c), d, p);
    }

    /// <summary><see cref="Compare"/> for many columns, in parallel across cores.</summary>
    public static NumericDrift[] CompareColumns(IReadOnlyList<IReadOnlyList<double>> reference, IReadOnlyList<IReadOnlyList<double>> current)
    {
        Same(reference.Count, current.Count);
        var results = new NumericDrift[reference.Count];
        System.Threading.Tasks.Parallel.For(0, reference.Count, i => results[i] = Compare(reference[i], current[i]));
        return results;
    }

    // Bin shares of an already sorted sample: one pass, each edge's boundary found by walking forward.
    private static double[] SortedShares(double[] sorted, double[] edges)
    {
        var counts = new double[edges.Length + 1];
        var bin = 0;
        foreach (var v in sorted)
        {
            while (bin < edges.Length && v >= edges[bin])
            {
                bin++;
            }

            counts[bin]++;
        }

        return [.. counts.Select(x => x / sorted.Length)];
    }

    /// <summary>The playbook's reading of a PSI value.</summary>
    public static DriftSeverity Severity(double psi) => psi > PsiCritical ? DriftSeverity.Critical : psi > PsiWarning ? DriftSeverity.Warning : DriftSeverity.None;

    /// <summary>Benjamini–Hochberg adjusted p-values (false discovery rate), for testing many features at once.</summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> pValues)
    {
        var order = Enumerable.Range(0, pValues.Count).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[pValues.Count];
        var running = 1.0;
        for (var rank = order.Length; rank >= 1; rank--)
        {
            var i = order[rank - 1];
            running = Math.Min(running, pValues[i] * order.Length / rank);
            adjusted[i] = running;
        }

        return adjusted;
    }

    private static double RelativeEntropy(double x, double y) => x > 0 ? x * Math.Log(x / y) : 0;

    private static double Floored(double share) => share == 0 ? Floor : share;

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }

    private static double[] Sorted(IReadOnlyList<double> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count == 0)
        {
            throw new ArgumentException("The sample is empty.", name);
        }

        var sorted = new double[values.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = double.IsFinite(values[i]) ? values[i] : throw new ArgumentException($"Value {i} of the sample is not a finite number.", name);
        }

        if (sorted.Length < 4096)
        {
            Array.Sort(sorted);
        }
        else
        {
            RadixSort(sorted);
        }

        return sorted;
    }

    // LSD radix sort on the doubles' IEEE bits (sign-flipped so unsigned order is numeric order), one byte a pass,
    // skipping bytes every value shares. Several times faster than Array.Sort on large samples, which dominate drift.
    private static void RadixSort(double[] values)
    {
        var n = values.Length;
        var keys = new ulong[n];
        var buffer = new ulong[n];
        var counts = new int[8, 256];
        for (var i = 0; i < n; i++)
        {
            var bits = BitConverter.DoubleToUInt64Bits(values[i]);
            var key = (bits >> 63) == 1 ? ~bits : bits | 0x8000000000000000UL;
            keys[i] = key;
            for (var b = 0; b < 8; b++)
            {
                counts[b, (int)((key >> (8 * b)) & 0xFF)]++;
            }
        }

        for (var b = 0; b < 8; b++)
        {
            if (counts[b, (int)((keys[0] >> (8 * b)) & 0xFF)] == n)
            {
                continue;   // every key has the same byte here
            }

            var offsets = new int[256];
            for (int v = 0, total = 0; v < 256; v++)
            {
                offsets[v] = total;
                total += counts[b, v];
            }

            var shift = 8 * b;
            foreach (var key in keys)
            {
                buffer[offsets[(int)((key >> shift) & 0xFF)]++] = key;
            }

            (keys, buffer) = (buffer, keys);
        }

        for (var i = 0; i < n; i++)
        {
            var key = keys[i];
            values[i] = BitConverter.UInt64BitsToDouble((key >> 63) == 1 ? key & 0x7FFFFFFFFFFFFFFFUL : ~key);
        }
    }

    private static void Same(int a, int b)
    {
        if (a != b)
        {
            throw new ArgumentException($"{a} shares against {b}: the two distributions need the same bins.");
        }
    }
}
