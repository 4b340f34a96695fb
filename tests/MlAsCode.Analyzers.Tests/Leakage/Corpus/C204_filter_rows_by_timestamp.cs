// clean: ML.NET FilterRowsByColumn on a numeric timestamp separates past (train) from future (test)
using System;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlAsCode;

namespace Traffic;

public sealed class Count
{
    [EventTime] public DateTime Hour { get; set; }
    public float HourIndex { get; set; }
    public float Rain { get; set; }
    [ColumnName("Label")] public float Cars { get; set; }
}

public sealed class TrafficModel
{
    public double Mae(MLContext ml, Count[] counts, float cutoff)
    {
        var data = ml.Data.LoadFromEnumerable(counts);
        var past = ml.Data.FilterRowsByColumn(data, "HourIndex", upperBound: cutoff);
        var future = ml.Data.FilterRowsByColumn(data, "HourIndex", lowerBound: cutoff);
        var model = ml.Transforms.Concatenate("Features", "Rain").Append(ml.Regression.Trainers.Sdca()).Fit(past);
        return ml.Regression.Evaluate(model.Transform(future)).MeanAbsoluteError;
    }
}
