// ML0204: CrossValidate on rows loaded from a list of time-stamped readings
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
    public static double MeanR2(MLContext ml, IEnumerable<Reading> readings)
    {
        var data = ml.Data.LoadFromEnumerable(readings.ToList());
        var pipeline = ml.Transforms.Concatenate("Features", "Vibration").Append(ml.Regression.Trainers.Sdca());
        var results = ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 5); // ML0204
        return results.Average(r => r.Metrics.RSquared);
    }
}
