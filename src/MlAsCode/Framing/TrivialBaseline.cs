using System;
using System.Collections.Generic;
using System.Linq;

namespace MlAsCode.Framing;

/// <summary>
/// The baselines the runtime computes from training targets alone: the most frequent class, the mean, the median.
/// Each is a constant prediction, fitted on training rows only and then compared with a model on the same holdout.
/// </summary>
public static class TrivialBaseline
{
    /// <summary>
    /// The most frequent label; ties go to the label that sorts first (ordinal), so the result never depends on row
    /// order.
    /// </summary>
    /// <exception cref="ArgumentException">No labels, or a null label.</exception>
    public static string MajorityClass(IEnumerable<string> trainingLabels)
    {
        ArgumentNullException.ThrowIfNull(trainingLabels);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var row = 0;
        foreach (var label in trainingLabels)
        {
            if (label is null)
            {
                throw new ArgumentException($"Training label at row {row} is null; drop or impute it before fitting the majority-class baseline.", nameof(trainingLabels));
            }

            counts[label] = counts.GetValueOrDefault(label) + 1;
            row++;
        }

        if (counts.Count == 0)
        {
            throw new ArgumentException("The majority-class baseline needs at least one training label.", nameof(trainingLabels));
        }

        return counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First().Key;
    }

    /// <summary>The mean of the training targets.</summary>
    /// <exception cref="ArgumentException">No targets, or a target that is not a finite number.</exception>
    public static double Mean(ReadOnlySpan<double> trainingTargets)
    {
        Validate(trainingTargets, "mean-prediction");
        var sum = 0.0;
        foreach (var value in trainingTargets)
        {
            sum += value;
        }

        return sum / trainingTargets.Length;
    }

    /// <summary>The median of the training targets (the mean of the two middle values for an even count).</summary>
    /// <exception cref="ArgumentException">No targets, or a target that is not a finite number.</exception>
    public static double Median(ReadOnlySpan<double> trainingTargets)
    {
        Validate(trainingTargets, "median-prediction");
        var sorted = trainingTargets.ToArray();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void Validate(ReadOnlySpan<double> targets, string baseline)
    {
        if (targets.IsEmpty)
        {
            throw new ArgumentException($"The {baseline} baseline needs at least one training target.", nameof(targets));
        }

        for (var i = 0; i < targets.Length; i++)
        {
            if (!double.IsFinite(targets[i]))
            {
                throw new ArgumentException($"Training target at row {i} is {targets[i]}; the {baseline} baseline needs finite numbers.", nameof(targets));
            }
        }
    }
}
