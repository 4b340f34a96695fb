using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

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
        var point = metric(Enumerable.Range(0, rows).ToArray());
        var values = new double[resamples];
        var sample = new int[rows];
        for (var b = 0; b < resamples; b++)
        {
            var random = Draws(seed, b);
            for (var i = 0; i < rows; i++)
            {
                sample[i] = random.Next(rows);
            }

            values[b] = Score(metric, sample);
        }

        return Percentiles(point, values, resamples, level);
    }

    /// <summary>
    /// The interval of a metric computed from per-row draw counts (see <see cref="ScoredRows"/>): the same resamples
    /// as <see cref="Estimate"/> with the same seed, without materializing them.
    /// </summary>
    public static Interval EstimateFromCounts(int rows, Func<int[], double> metric, int resamples = 1000, int seed = 42, double level = 0.95) =>
        EstimateFromCounts(rows, [metric], resamples, seed, level)[0];

    /// <summary>
    /// Intervals of several metrics over the same resamples (one set of draws shared by all), so differences between
    /// them are paired and the draws are made once. Resamples run in parallel across cores (at most
    /// <paramref name="maxDegreeOfParallelism"/>; -1 for all); each resample's draws come from its own generator
    /// seeded by (<paramref name="seed"/>, resample number), so the intervals are the same whatever the number of
    /// cores. The metrics are called concurrently and must not share mutable state (<see cref="ScoredRows.Score"/> does not).
    /// </summary>
    public static Interval[] EstimateFromCounts(int rows, IReadOnlyList<Func<int[], double>> metrics, int resamples = 1000, int seed = 42, double level = 0.95,
        int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 10);
        var ones = new int[rows];
        Array.Fill(ones, 1);
        var points = metrics.Select(m => m(ones)).ToArray();
        var values = metrics.Select(_ => new double[resamples]).ToArray();
        Parallel.For(0, resamples, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, () => new int[rows], (b, _, counts) =>
        {
            Array.Clear(counts);
            var random = Draws(seed, b);
            for (var i = 0; i < rows; i++)
            {
                counts[random.Next(rows)]++;
            }

            for (var m = 0; m < metrics.Count; m++)
            {
                values[m][b] = Score(metrics[m], counts);
            }

            return counts;
        }, _ => { });

        var intervals = new Interval[metrics.Count];
        for (var m = 0; m < metrics.Count; m++)
        {
            intervals[m] = Percentiles(points[m], values[m], resamples, level);
        }

        return intervals;
    }

    // Resample b's generator: a SplitMix64 mix of the seed and b, so resamples are independent of each other and of
    // the order they run in.
    private static Random Draws(int seed, int resample)
    {
        var z = unchecked(((ulong)(uint)seed << 32) + (ulong)resample + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return new Random(unchecked((int)(z ^ (z >> 31))));
    }

    // A resample the metric cannot score (e.g. one class only for ROC-AUC) is NaN, and skipped.
    private static double Score<T>(Func<T, double> metric, T sample)
    {
        try
        {
            var value = metric(sample);
            return double.IsFinite(value) ? value : double.NaN;
        }
        catch (ArgumentException)
        {
            return double.NaN;
        }
    }

    private static Interval Percentiles(double point, double[] resampled, int resamples, double level)
    {
        var values = resampled.Where(double.IsFinite).ToList();
        if (values.Count < resamples / 2)
        {
            throw new ArgumentException($"Only {values.Count} of {resamples} bootstrap resamples could be scored; the evaluation set is too small or has a single class.");
        }

        values.Sort();
        var alpha = (1 - level) / 2;
        return new Interval(point, Percentile(values, alpha), Percentile(values, 1 - alpha), level);
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
