using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace MlAsCode.Evaluation;

/// <summary>A point of a curve.</summary>
public readonly record struct CurvePoint(double X, double Y);

/// <summary>
/// The ROC and precision–recall curves of binary scores, with one point per distinct score as scikit-learn's
/// <c>roc_curve(drop_intermediate=False)</c> and <c>precision_recall_curve</c> compute them.
/// </summary>
public static class Curves
{
    /// <summary>ROC: (false-positive rate, true-positive rate), from (0, 0) to (1, 1), one point per distinct
    /// threshold in decreasing order; the trapezoidal area under it is the ROC-AUC.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or only one class is present.</exception>
    public static ImmutableArray<CurvePoint> Roc(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        var (tps, fps) = Cumulative(labels, scores, out var positives, out var negatives);
        var points = ImmutableArray.CreateBuilder<CurvePoint>(tps.Count + 1);
        points.Add(new CurvePoint(0, 0));
        for (var i = 0; i < tps.Count; i++)
        {
            points.Add(new CurvePoint(fps[i] / (double)negatives, tps[i] / (double)positives));
        }

        return points.MoveToImmutable();
    }

    /// <summary>Precision–recall: (recall, precision) from the highest threshold down, starting at recall 0 with
    /// precision 1 as scikit-learn's curve ends; the step-wise sum of precision × recall increase is the average precision.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or only one class is present.</exception>
    public static ImmutableArray<CurvePoint> PrecisionRecall(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        var (tps, fps) = Cumulative(labels, scores, out var positives, out _);
        var points = ImmutableArray.CreateBuilder<CurvePoint>(tps.Count + 1);
        points.Add(new CurvePoint(0, 1));
        for (var i = 0; i < tps.Count; i++)
        {
            points.Add(new CurvePoint(tps[i] / (double)positives, tps[i] / (double)(tps[i] + fps[i])));
        }

        return points.MoveToImmutable();
    }

    /// <summary>The trapezoidal area under a curve (x increasing or equal between points).</summary>
    public static double Area(IReadOnlyList<CurvePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var area = 0.0;
        for (var i = 1; i < points.Count; i++)
        {
            area += (points[i].X - points[i - 1].X) * (points[i].Y + points[i - 1].Y) / 2;
        }

        return area;
    }

    /// <summary>Keeps at most <paramref name="maximum"/> points (always the first and last), evenly spaced by index,
    /// so a plot of 1,000,000 scores stays small.</summary>
    public static ImmutableArray<CurvePoint> Thin(ImmutableArray<CurvePoint> points, int maximum = 400)
    {
        if (points.Length <= maximum || maximum < 2)
        {
            return points;
        }

        var step = (points.Length - 1) / (double)(maximum - 1);
        return [.. Enumerable.Range(0, maximum).Select(i => points[(int)Math.Round(i * step)])];
    }

    // True and false positives at each distinct threshold, thresholds in decreasing order.
    private static (List<long> TruePositives, List<long> FalsePositives) Cumulative(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, out long positives, out long negatives)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        if (labels.Count != scores.Count)
        {
            throw new ArgumentException($"{labels.Count} labels but {scores.Count} scores.");
        }

        var order = Enumerable.Range(0, scores.Count).ToArray();
        var keys = scores.Select(s => -s).ToArray();
        Array.Sort(keys, order);
        var tps = new List<long>();
        var fps = new List<long>();
        long tp = 0, fp = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (labels[order[i]])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            if (i == order.Length - 1 || keys[i + 1] != keys[i])
            {
                tps.Add(tp);
                fps.Add(fp);
            }
        }

        (positives, negatives) = (tp, fp);
        if (tp == 0 || fp == 0)
        {
            throw new ArgumentException($"A curve needs both classes; the labels have {tp} positive and {fp} negative rows.");
        }

        return (tps, fps);
    }
}
