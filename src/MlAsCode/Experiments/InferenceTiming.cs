using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using MlAsCode.Features;

namespace MlAsCode.Experiments;

/// <summary>Measures a trained model in process, for the latency and cost kill criteria: the feature transform and the
/// model's scoring, as a served request runs them.</summary>
internal static class InferenceTiming
{
    private const int Calls = 200;

    /// <summary>The 99th percentile of single-row calls (transform one row, score it) over up to 200 holdout rows,
    /// after 20 warm-up calls.</summary>
    public static double P99SingleRowMs<TRow>(IReadOnlyList<TRow> rows, FittedFeaturePipeline<TRow> pipeline, ITrainedModel model)
    {
        var sample = rows.Take(Calls).ToArray();
        for (var i = 0; i < Math.Min(20, sample.Length); i++)
        {
            model.Predict(pipeline.TransformBatch([sample[i]]));
        }

        var times = new double[sample.Length];
        for (var i = 0; i < sample.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            model.Predict(pipeline.TransformBatch([sample[i]]));
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[Math.Min(times.Length - 1, (int)Math.Ceiling(0.99 * times.Length) - 1)];
    }

    /// <summary>Seconds to transform and score 1,000 rows in one batch (the holdout, scaled to 1,000).</summary>
    public static double SecondsPer1000<TRow>(IReadOnlyList<TRow> rows, FittedFeaturePipeline<TRow> pipeline, ITrainedModel model)
    {
        model.Predict(pipeline.TransformBatch(rows));
        var start = Stopwatch.GetTimestamp();
        model.Predict(pipeline.TransformBatch(rows));
        return Stopwatch.GetElapsedTime(start).TotalSeconds / Math.Max(1, rows.Count) * 1000;
    }
}
