using System;
using System.Collections.Generic;
using System.Linq;

namespace MlAsCode.Features.Fitting;

/// <summary>The few statistics fitting needs, with numpy/scikit-learn conventions where they differ.</summary>
internal static class Statistics
{
    public static double Mean(IReadOnlyList<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum / values.Count;
    }

    /// <summary>Population standard deviation (ddof = 0, as scikit-learn's StandardScaler).</summary>
    public static double PopulationStdDev(IReadOnlyList<double> values, double mean)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return Math.Sqrt(sum / values.Count);
    }

    /// <summary>Quantile of sorted values by linear interpolation (numpy's default "linear" method).</summary>
    public static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    /// <summary>The most frequent value; ties go to the smallest, so the result does not depend on row order.</summary>
    public static double MostFrequent(IEnumerable<double> values) =>
        values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;

    /// <summary>The most frequent level; ties go to the ordinally smallest.</summary>
    public static string MostFrequent(IEnumerable<string> levels) =>
        levels.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
}
