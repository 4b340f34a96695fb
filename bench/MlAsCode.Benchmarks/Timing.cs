using System;
using System.Diagnostics;
using System.Linq;

namespace MlAsCode.Benchmarks;

/// <summary>Wall-clock timing for the hand-rolled comparisons that run too long for BenchmarkDotNet.</summary>
public static class Timing
{
    /// <summary>The median of three runs of <paramref name="run"/>, in seconds.</summary>
    public static double MedianSeconds(Action run)
    {
        var times = new double[3];
        for (var i = 0; i < times.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            run();
            times[i] = watch.Elapsed.TotalSeconds;
        }

        return times.Order().ElementAt(1);
    }
}
