using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using MlAsCode.Monitoring;

namespace MlAsCode.Benchmarks;

/// <summary>
/// <c>--drift</c>: PSI, KL, Jensen–Shannon and Kolmogorov–Smirnov for 20 columns of 1,000,000 reference and 1,000,000
/// current rows, <c>Drift.CompareColumns</c> against a straightforward LINQ implementation of the same statistics
/// (OrderBy for the quantiles, Count per bin, a binary-search walk over the distinct values for KS), in the same
/// process. Not BenchmarkDotNet: one LINQ pass takes tens of seconds, so each side runs three times and the medians
/// are compared.
/// </summary>
public static class DriftBenchmarks
{
    public static void Run(TextWriter output, int rows = 1_000_000, int columns = 20)
    {
        var random = new Random(3);
        double Next(int c, bool shifted) => (c % 3 == 0 ? Math.Exp(random.NextDouble() * 3) : random.NextDouble() * 100) + (shifted && c % 2 == 0 ? 5 : 0);
        double[][] reference = [.. Enumerable.Range(0, columns).Select(c => Enumerable.Range(0, rows).Select(_ => Math.Round(Next(c, false), 2)).ToArray())];
        double[][] current = [.. Enumerable.Range(0, columns).Select(c => Enumerable.Range(0, rows).Select(_ => Math.Round(Next(c, true), 2)).ToArray())];

        var fast = Drift.CompareColumns(reference, current);
        var slow = Enumerable.Range(0, columns).Select(c => Linq(reference[c], current[c])).ToArray();
        for (var c = 0; c < columns; c++)
        {
            if (Math.Abs(fast[c].Psi - slow[c].Psi) > 1e-9 || Math.Abs(fast[c].KsStatistic - slow[c].Ks) > 1e-12 || Math.Abs(fast[c].JsDistance - slow[c].Js) > 1e-9)
            {
                throw new InvalidOperationException($"column {c}: the implementations disagree ({fast[c]} vs {slow[c]})");
            }
        }

        var linq = Timing.MedianSeconds(() => { for (var c = 0; c < columns; c++) { Linq(reference[c], current[c]); } });
        var ours = Timing.MedianSeconds(() => Drift.CompareColumns(reference, current));
        output.WriteLine(FormattableString.Invariant(
            $"{columns} columns x {rows:N0} reference and {rows:N0} current rows: LINQ {linq:0.00} s, Drift.CompareColumns {ours:0.00} s ({linq / ours:0.0}x faster); the same PSI, JS and KS (checked)"));
    }

    // The statistics as one would first write them with LINQ.
    private static (double Psi, double Js, double Ks) Linq(double[] reference, double[] current)
    {
        var sorted = reference.OrderBy(v => v).ToArray();
        var edges = Enumerable.Range(1, 9).Select(k =>
        {
            var position = k / 10.0 * (sorted.Length - 1);
            var low = (int)Math.Floor(position);
            return sorted[low] + ((position - low) * (sorted[Math.Min(low + 1, sorted.Length - 1)] - sorted[low]));
        }).ToArray();
        double[] Shares(double[] values) => [.. Enumerable.Range(0, 10).Select(b =>
            values.Count(v => (b == 0 || v >= edges[b - 1]) && (b == 9 || v < edges[b])) / (double)values.Length)];
        var (r, c) = (Shares(reference), Shares(current));
        static double Floor(double share) => share == 0 ? 1e-4 : share;
        var psi = r.Zip(c, (a, b) => (Floor(b) - Floor(a)) * Math.Log(Floor(b) / Floor(a))).Sum();
        var js = Math.Sqrt(r.Zip(c, (a, b) =>
        {
            var m = (a + b) / 2;
            return (a > 0 ? a * Math.Log(a / m) : 0) + (b > 0 ? b * Math.Log(b / m) : 0);
        }).Sum() / Math.Log(2) / 2);
        var sortedCurrent = current.OrderBy(v => v).ToArray();
        var ks = sorted.Concat(sortedCurrent).Distinct().Max(x =>
            Math.Abs((UpperBound(sorted, x) / (double)sorted.Length) - (UpperBound(sortedCurrent, x) / (double)sortedCurrent.Length)));
        return (psi, js, ks);
    }

    private static int UpperBound(double[] sorted, double x)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (sorted[mid] <= x) { low = mid + 1; } else { high = mid; }
        }

        return low;
    }
}
