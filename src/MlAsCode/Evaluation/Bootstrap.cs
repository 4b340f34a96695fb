using System;
using System.Collections.Generic;
using System.Linq;

namespace MlAsCode.Evaluation;

/// <summary>A point estimate with a percentile confidence interval.</summary>
public sealed record Interval(double Value, double Lower, double Upper, double Level)
{
    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"{Value:0.0000} [{Lower:0.0000}, {Upper:0.0000}]");
}

/// <summary>
/// Seeded percentile bootstrap over rows: resample the evaluation rows with replacement, recompute the metric, take
/// the 2.5th and 97.5th percentiles. The paired form resamples the same rows for the model and the baseline, so the
/// interval of their difference accounts for the two being scored on the same holdout.
/// </summary>
public static class Bootstrap
{
    /// <summary>The interval of <paramref name="metric"/> over rows 0..<paramref name="rows"/>−1.</summary>
    /// <param name="rows">Number of evaluation rows.</param>
    /// <param name="metric">Computes the metric on a resample (indices into the rows).</param>
    /// <param name="resamples">Number of resamples.</param>
    /// <param name="seed">Seed of the resampling.</param>
    /// <param name="level">Confidence level.</param>
    public static Interval Estimate(int rows, Func<IReadOnlyList<int>, double> metric, int resamples = 1000, int seed = 42, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 10);
        var all = Enumerable.Range(0, rows).ToArray();
        var point = metric(all);
        var random = new Random(seed);
        var values = new List<double>(resamples);
        var sample = new int[rows];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < rows; i++)
            {
                sample[i] = random.Next(rows);
            }

            // A resample the metric cannot score (e.g. one class only for ROC-AUC) is skipped.
            try
            {
                var value = metric(sample);
                if (double.IsFinite(value))
                {
                    values.Add(value);
                }
            }
            catch (ArgumentException)
            {
            }
        }

        if (values.Count < resamples / 2)
        {
            throw new ArgumentException($"Only {values.Count} of {resamples} bootstrap resamples could be scored; the evaluation set is too small or has a single class.");
        }

        values.Sort();
        var alpha = (1 - level) / 2;
        return new Interval(point, Percentile(values, alpha), Percentile(values, 1 - alpha), level);
    }

    /// <summary>
    /// The interval of a metric computed from per-row draw counts (see <see cref="ScoredRows"/>): the same resamples
    /// as <see cref="Estimate"/> with the same seed, without materializing them.
    /// </summary>
    public static Interval EstimateFromCounts(int rows, Func<int[], double> metric, int resamples = 1000, int seed = 42, double level = 0.95) =>
        EstimateFromCounts(rows, [metric], resamples, seed, level)[0];

    /// <summary>
    /// Intervals of several metrics over the same resamples (one set of draws shared by all), so differences between
    /// them are paired and the draws are made once.
    /// </summary>
    public static Interval[] EstimateFromCounts(int rows, IReadOnlyList<Func<int[], double>> metrics, int resamples = 1000, int seed = 42, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 10);
        var counts = new int[rows];
        Array.Fill(counts, 1);
        var points = metrics.Select(m => m(counts)).ToArray();
        var values = metrics.Select(_ => new List<double>(resamples)).ToArray();
        var random = new Random(seed);
        for (var b = 0; b < resamples; b++)
        {
            Array.Clear(counts);
            for (var i = 0; i < rows; i++)
            {
                counts[random.Next(rows)]++;
            }

            for (var m = 0; m < metrics.Count; m++)
            {
                // A resample the metric cannot score (e.g. one class only for ROC-AUC) is skipped.
                try
                {
                    var value = metrics[m](counts);
                    if (double.IsFinite(value))
                    {
                        values[m].Add(value);
                    }
                }
                catch (ArgumentException)
                {
                }
            }
        }

        var alpha = (1 - level) / 2;
        var intervals = new Interval[metrics.Count];
        for (var m = 0; m < metrics.Count; m++)
        {
            if (values[m].Count < resamples / 2)
            {
                throw new ArgumentException($"Only {values[m].Count} of {resamples} bootstrap resamples could be scored; the evaluation set is too small or has a single class.");
            }

            values[m].Sort();
            intervals[m] = new Interval(points[m], Percentile(values[m], alpha), Percentile(values[m], 1 - alpha), level);
        }

        return intervals;
    }

    // Linear interpolation between order statistics (numpy's default percentile).
    private static double Percentile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
