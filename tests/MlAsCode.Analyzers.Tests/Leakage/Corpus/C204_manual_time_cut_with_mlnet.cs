// clean: time-stamped rows ordered by time; the earlier 80% train, the later 20% test
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlAsCode;

namespace Sensors;

public sealed class Reading
{
    [EventTime] public DateTime Timestamp { get; set; }
    public float Vibration { get; set; }
    [ColumnName("Label")] public float Wear { get; set; }
}

public static class WearModel
{
    public static double R2(MLContext ml, IEnumerable<Reading> readings)
    {
        var ordered = readings.OrderBy(r => r.Timestamp).ToList();
        var cut = (int)(ordered.Count * 0.8);
        var train = ml.Data.LoadFromEnumerable(ordered.Take(cut));
        var test = ml.Data.LoadFromEnumerable(ordered.Skip(cut));
        var model = ml.Transforms.Concatenate("Features", "Vibration").Append(ml.Regression.Trainers.Sdca()).Fit(train);
        return ml.Regression.Evaluate(model.Transform(test)).RSquared;
    }
}
