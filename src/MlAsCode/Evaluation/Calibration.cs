using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace MlAsCode.Evaluation;

/// <summary>How the reliability curve's bins are cut.</summary>
public enum CalibrationBinning
{
    /// <summary>Equal-width bins over [0, 1] (scikit-learn's <c>strategy="uniform"</c>).</summary>
    Uniform,

    /// <summary>Bins holding about the same number of predictions (scikit-learn's <c>strategy="quantile"</c>).</summary>
    Quantile,
}

/// <summary>One non-empty bin of a reliability curve.</summary>
/// <param name="MeanPredicted">Mean predicted probability of the rows in the bin.</param>
/// <param name="FractionOfPositives">Share of those rows that are positive.</param>
/// <param name="Count">Rows in the bin.</param>
public readonly record struct CalibrationBin(double MeanPredicted, double FractionOfPositives, int Count);

/// <summary>A reliability curve and the calibration errors read from it.</summary>
/// <param name="Bins">Non-empty bins, in order of predicted probability.</param>
/// <param name="ExpectedCalibrationError">Σ (rows in bin / rows) × |fraction of positives − mean predicted|.</param>
/// <param name="MaximumCalibrationError">The largest |fraction of positives − mean predicted| over the bins.</param>
public sealed record CalibrationCurve(ImmutableArray<CalibrationBin> Bins, double ExpectedCalibrationError, double MaximumCalibrationError);

/// <summary>
/// Calibration of predicted probabilities: the reliability curve as scikit-learn's <c>calibration_curve</c> computes it
/// (same bin edges and edge rule), expected and maximum calibration error over the same bins, and the two standard
/// recalibrators — Platt's sigmoid and isotonic regression — to be fitted on validation predictions only.
/// </summary>
public static class Calibration
{
    /// <summary>The reliability curve of <paramref name="probabilities"/> against <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">Lengths differ, no rows, a probability outside [0, 1] or NaN, or fewer than one bin.</exception>
    public static CalibrationCurve Curve(IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities, int bins = 10, CalibrationBinning binning = CalibrationBinning.Uniform)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        CheckProbabilities(labels.Count, probabilities);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);

        // Edges as numpy builds them: linspace(0, 1, bins + 1) = i × (1 / bins), or percentiles of the predictions.
        var edges = binning == CalibrationBinning.Uniform
            ? Enumerable.Range(0, bins + 1).Select(i => i == bins ? 1.0 : i * (1.0 / bins)).ToArray()
            : Quantiles(probabilities, bins);

        var sums = new double[bins + 1];
        var positives = new double[bins + 1];
        var counts = new int[bins + 1];
        for (var i = 0; i < probabilities.Count; i++)
        {
            // numpy.searchsorted(edges[1:-1], p, side="left"): the number of inner edges strictly below p.
            var bin = LowerBound(edges, 1, bins - 1, probabilities[i]);
            sums[bin] += probabilities[i];
            positives[bin] += labels[i] ? 1 : 0;
            counts[bin]++;
        }

        var result = ImmutableArray.CreateBuilder<CalibrationBin>();
        double ece = 0, mce = 0;
        for (var b = 0; b < counts.Length; b++)
        {
            if (counts[b] == 0)
            {
                continue;
            }

            var bin = new CalibrationBin(sums[b] / counts[b], positives[b] / counts[b], counts[b]);
            result.Add(bin);
            var gap = Math.Abs(bin.FractionOfPositives - bin.MeanPredicted);
            ece += gap * counts[b] / probabilities.Count;
            mce = Math.Max(mce, gap);
        }

        return new CalibrationCurve(result.ToImmutable(), ece, mce);
    }

    /// <summary>Fits Platt's sigmoid on validation predictions (scores or probabilities) and their labels.</summary>
    /// <exception cref="ArgumentException">Lengths differ, no rows, a non-finite score, or one class only.</exception>
    public static PlattCalibrator FitPlatt(IReadOnlyList<bool> labels, IReadOnlyList<double> scores) => PlattCalibrator.Fit(labels, scores);

    /// <summary>Fits an isotonic (monotone, piecewise linear) map on validation predictions and their labels.</summary>
    /// <exception cref="ArgumentException">Lengths differ, no rows, a non-finite score, or one class only.</exception>
    public static IsotonicCalibrator FitIsotonic(IReadOnlyList<bool> labels, IReadOnlyList<double> scores) => IsotonicCalibrator.Fit(labels, scores);

    internal static void CheckProbabilities(int labels, IReadOnlyList<double> probabilities)
    {
        CheckScores(labels, probabilities);
        for (var i = 0; i < probabilities.Count; i++)
        {
            if (probabilities[i] is < 0 or > 1)
            {
                throw new ArgumentException($"Prediction {i + 1} is {probabilities[i]}: a calibration curve needs probabilities in [0, 1].");
            }
        }
    }

    internal static void CheckScores(int labels, IReadOnlyList<double> scores)
    {
        if (labels != scores.Count)
        {
            throw new ArgumentException($"{labels} labels but {scores.Count} predictions; give one prediction per label.");
        }

        if (labels == 0)
        {
            throw new ArgumentException("No rows to calibrate on.");
        }

        for (var i = 0; i < scores.Count; i++)
        {
            if (!double.IsFinite(scores[i]))
            {
                throw new ArgumentException($"Prediction {i + 1} is {scores[i]}; every prediction must be a finite number.");
            }
        }
    }

    internal static void CheckBothClasses(IReadOnlyList<bool> labels)
    {
        var positives = labels.Count(l => l);
        if (positives == 0 || positives == labels.Count)
        {
            throw new ArgumentException($"All {labels.Count} validation labels are {(positives == 0 ? "negative" : "positive")}: a calibrator needs both classes.");
        }
    }

    // numpy.percentile with linear interpolation at q = 0, 1/bins, …, 1.
    private static double[] Quantiles(IReadOnlyList<double> values, int bins)
    {
        var sorted = values.Order().ToArray();
        return [.. Enumerable.Range(0, bins + 1).Select(i =>
        {
            var position = i * (1.0 / bins) * (sorted.Length - 1);
            var low = (int)Math.Floor(position);
            var high = Math.Min(low + 1, sorted.Length - 1);
            return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
        })];
    }

    // The number of edges in edges[from..to] strictly below value (searchsorted, side="left").
    private static int LowerBound(double[] edges, int from, int to, double value)
    {
        int low = from, high = to + 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (edges[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low - from;
    }
}

/// <summary>
/// Platt scaling: p = 1 / (1 + exp(A·s + B)), fitted by maximum likelihood with Platt's smoothed targets
/// ((N₊ + 1) / (N₊ + 2) for positives, 1 / (N₋ + 2) for negatives), as scikit-learn's sigmoid calibration does; solved
/// with Newton's method on the two parameters (the problem is convex, so it reaches the same optimum).
/// </summary>
public sealed record PlattCalibrator(double A, double B)
{
    /// <summary>The calibrated probability of a score.</summary>
    public double Apply(double score)
    {
        var z = (A * score) + B;
        // 1 / (1 + e^z), written to stay finite for large |z|.
        return z >= 0 ? Math.Exp(-z) / (1 + Math.Exp(-z)) : 1 / (1 + Math.Exp(z));
    }

    /// <summary>Calibrated probabilities for many scores.</summary>
    public double[] Apply(IReadOnlyList<double> scores) => [.. scores.Select(Apply)];

    internal static PlattCalibrator Fit(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        Calibration.CheckScores(labels.Count, scores);
        Calibration.CheckBothClasses(labels);
        double prior1 = labels.Count(l => l), prior0 = labels.Count - prior1;
        var high = (prior1 + 1) / (prior1 + 2);
        var low = 1 / (prior0 + 2);
        double a = 0, b = Math.Log((prior0 + 1) / (prior1 + 1));
        var loss = Loss(a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            // Gradient and Hessian of the negative log-likelihood in (A, B); p = 1 / (1 + e^(A s + B)).
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (var i = 0; i < scores.Count; i++)
            {
                var p = new PlattCalibrator(a, b).Apply(scores[i]);
                var t = labels[i] ? high : low;
                var d = t - p;
                ga += d * scores[i];
                gb += d;
                var w = p * (1 - p);
                haa += w * scores[i] * scores[i];
                hab += w * scores[i];
                hbb += w;
            }

            if (Math.Abs(ga) < 1e-12 && Math.Abs(gb) < 1e-12)
            {
                break;
            }

            // Newton step, damped by halving until the loss goes down (Lin, Lin and Weng, 2007).
            haa += 1e-12;
            hbb += 1e-12;
            var det = (haa * hbb) - (hab * hab);
            var da = -((hbb * ga) - (hab * gb)) / det;
            var db = -((haa * gb) - (hab * ga)) / det;
            var step = 1.0;
            while (step > 1e-10)
            {
                var candidate = Loss(a + (step * da), b + (step * db));
                if (candidate < loss + (1e-4 * step * ((ga * da) + (gb * db))))
                {
                    (a, b, loss) = (a + (step * da), b + (step * db), candidate);
                    break;
                }

                step /= 2;
            }

            if (step <= 1e-10)
            {
                break;
            }
        }

        return new PlattCalibrator(a, b);

        double Loss(double pa, double pb)
        {
            double total = 0;
            for (var i = 0; i < scores.Count; i++)
            {
                var t = labels[i] ? high : low;
                var z = (pa * scores[i]) + pb;
                // −[t log p + (1 − t) log(1 − p)] with p = 1 / (1 + e^z): log p = −log(1 + e^z), log(1 − p) = z − log(1 + e^z).
                var softplus = z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));
                total += (t * softplus) + ((1 - t) * (softplus - z));
            }

            return total;
        }
    }
}

/// <summary>
/// Isotonic calibration: the non-decreasing step function that best fits the labels in squared error (pool adjacent
/// violators, equal scores pooled first), applied by linear interpolation between its points and clipped outside the
/// fitted range — scikit-learn's <c>IsotonicRegression(out_of_bounds="clip")</c>.
/// </summary>
public sealed class IsotonicCalibrator
{
    private readonly double[] _x;
    private readonly double[] _y;

    private IsotonicCalibrator(double[] x, double[] y) => (_x, _y) = (x, y);

    /// <summary>The fitted points (score, calibrated probability), in increasing score.</summary>
    public IReadOnlyList<(double Score, double Probability)> Points => [.. _x.Select((x, i) => (x, _y[i]))];

    /// <summary>The calibrated probability of a score.</summary>
    public double Apply(double score)
    {
        if (score <= _x[0])
        {
            return _y[0];
        }

        if (score >= _x[^1])
        {
            return _y[^1];
        }

        var index = Array.BinarySearch(_x, score);
        if (index >= 0)
        {
            return _y[index];
        }

        var upper = ~index;
        var lower = upper - 1;
        return _y[lower] + ((score - _x[lower]) * (_y[upper] - _y[lower]) / (_x[upper] - _x[lower]));
    }

    /// <summary>Calibrated probabilities for many scores.</summary>
    public double[] Apply(IReadOnlyList<double> scores) => [.. scores.Select(Apply)];

    internal static IsotonicCalibrator Fit(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        Calibration.CheckScores(labels.Count, scores);
        Calibration.CheckBothClasses(labels);

        // Equal scores pooled into one point weighted by their count, then pool adjacent violators.
        var groups = Enumerable.Range(0, scores.Count).GroupBy(i => scores[i]).OrderBy(g => g.Key)
            .Select(g => (X: g.Key, Y: g.Average(i => labels[i] ? 1.0 : 0.0), W: (double)g.Count())).ToList();
        var blocks = new List<(double Sum, double Weight, int Start, int End)>();
        for (var i = 0; i < groups.Count; i++)
        {
            blocks.Add((groups[i].Y * groups[i].W, groups[i].W, i, i));
            while (blocks.Count > 1 && blocks[^2].Sum / blocks[^2].Weight >= blocks[^1].Sum / blocks[^1].Weight)
            {
                var (last, previous) = (blocks[^1], blocks[^2]);
                blocks.RemoveRange(blocks.Count - 2, 2);
                blocks.Add((previous.Sum + last.Sum, previous.Weight + last.Weight, previous.Start, last.End));
            }
        }

        var fitted = new double[groups.Count];
        foreach (var block in blocks)
        {
            for (var i = block.Start; i <= block.End; i++)
            {
                fitted[i] = block.Sum / block.Weight;
            }
        }

        // Like scikit-learn, keep only the points where the fitted value changes (and the ends of each flat run).
        var x = new List<double>();
        var y = new List<double>();
        for (var i = 0; i < groups.Count; i++)
        {
            var interior = i > 0 && i < groups.Count - 1 && fitted[i] == fitted[i - 1] && fitted[i] == fitted[i + 1];
            if (!interior)
            {
                x.Add(groups[i].X);
                y.Add(fitted[i]);
            }
        }

        return new IsotonicCalibrator([.. x], [.. y]);
    }
}
