using System;

namespace MlAsCode.Monitoring;

// The two-sample Kolmogorov–Smirnov p-value: scipy's exact lattice-path methods and the asymptotic tail.
public static partial class Drift
{
    // Pr(D_{n,n} ≥ h/n) by the Horner-like alternating sum (scipy's _compute_prob_outside_square).
    private static double OutsideSquare(int n, long h)
    {
        var p = 0.0;
        for (var k = (long)Math.Floor(n / (double)h); k >= 0; k--)
        {
            var p1 = 1.0;
            for (long j = 0; j < h; j++)
            {
                p1 = (n - (k * h) - j) * p1 / (n + (k * h) + j + 1);
            }

            p = p1 * (1.0 - p);
        }

        return 2 * p;
    }

    // The share of lattice paths from (0,0) to (m,n) staying strictly inside |x/m − y/n| < h/lcm (Hodges 1958),
    // one column at a time, each scaled by i/(n+i) so the binomial coefficient is divided out as it builds up.
    private static double InsideProbability(int m, int n, int g, long h)
    {
        if (m < n)
        {
            (m, n) = (n, m);
        }

        long mg = m / g, ng = n / g;
        long minj = 0, maxj = Math.Min((long)Math.Ceiling(h / (double)mg), n + 1);
        var curlen = maxj - minj;
        var a = new double[Math.Min((2 * maxj) + 2, n + 1)];
        for (var k = minj; k < maxj; k++)
        {
            a[k] = 1;
        }

        var buffer = new double[a.Length];
        var logScale = 0.0;
        for (long i = 1; i <= m; i++)
        {
            var (lastminj, lastlen) = (minj, curlen);
            minj = Math.Min(Math.Max((long)Math.Floor(((ng * i) - h) / (double)mg) + 1, 0), n);
            maxj = Math.Min((long)Math.Ceiling(((ng * i) + h) / (double)mg), n + 1);
            if (maxj <= minj)
            {
                return 0;
            }

            // A[0:maxj-minj] = cumsum(A[minj-lastminj : maxj-lastminj])
            var sum = 0.0;
            var width = maxj - minj;
            for (long k = 0; k < width; k++)
            {
                var source = minj - lastminj + k;
                sum += source < a.Length ? a[source] : 0;
                buffer[k] = sum;
            }

            Array.Copy(buffer, a, width);
            curlen = width;
            if (lastlen > curlen)
            {
                Array.Clear(a, (int)width, (int)Math.Min(lastlen - curlen, a.Length - width));
            }

            // Scaled by i / (n + i) per column, the final count is a probability, but the intermediate ones underflow a
            // double after a few thousand rows (a column's paths over all C(n + i, n) of them): each column is also
            // rescaled to its largest value, the scale kept as a log.
            var scale = i / (double)(n + i);
            var largest = 0.0;
            for (long k = 0; k < width; k++)
            {
                largest = Math.Max(largest, a[k]);
            }

            if (largest > 0)
            {
                for (long k = 0; k < width; k++)
                {
                    a[k] /= largest;
                }

                logScale += Math.Log(largest * scale);
            }
        }

        // Paths inside the band over all C(m + n, n) paths.
        return Math.Exp(Math.Log(a[maxj - minj - 1]) + logScale);
    }

    // The Kolmogorov distribution's survival function Q(λ) = 2 Σ (−1)^(k−1) exp(−2 k² λ²).
    private static double KolmogorovSurvival(double lambda)
    {
        if (lambda < 0.2)
        {
            return 1;
        }

        var sum = 0.0;
        for (var k = 1; k <= 100; k++)
        {
            var term = Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += (k % 2 == 1 ? 1 : -1) * term;
            if (term < 1e-16)
            {
                break;
            }
        }

        return Math.Clamp(2 * sum, 0, 1);
    }
}
