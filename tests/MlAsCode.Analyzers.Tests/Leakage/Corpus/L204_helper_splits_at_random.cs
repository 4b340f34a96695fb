// ML0204: a generic split helper shuffles whatever it is given; the caller gives it time-ordered rows
using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlAsCode;

namespace Traffic;

public sealed class Count
{
    [EventTime] public DateTime Hour { get; set; }
    public float Rain { get; set; }
    [ColumnName("Label")] public float Cars { get; set; }
}

public sealed class TrafficModel
{
    private readonly MLContext _ml = new(seed: 12);

    private DataOperationsCatalog.TrainTestData Holdout(IDataView data) => _ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 12);

    public double Mae(List<Count> counts)
    {
        var split = Holdout(_ml.Data.LoadFromEnumerable(counts)); // ML0204
        var model = _ml.Transforms.Concatenate("Features", "Rain").Append(_ml.Regression.Trainers.Sdca()).Fit(split.TrainSet);
        return _ml.Regression.Evaluate(model.Transform(split.TestSet)).MeanAbsoluteError;
    }
}
