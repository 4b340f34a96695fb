// ML0204: shuffled K-fold over time-ordered training rows
using System;
using System.Linq;
using MlAsCode;

namespace Energy;

[FeatureSet(Entity = "meter")]
public partial record Reading
{
    [EntityKey] public string MeterId { get; init; } = "";
    [EventTime] public DateTime At { get; init; }
    [Target] public float Kwh { get; init; }
    [Feature(Transform.Standardize)] public float Temperature { get; init; }
}

public static class ReadingFolds
{
    public static int Count(string path)
    {
        var readings = Reading.ReadCsv(path).ToList();
        var split = Reading.Features.Split(readings, SplitStrategy.Temporal);
        var folds = Reading.Features.Folds(split.Train, CrossValidationStrategy.KFold, folds: 5); // ML0204
        return folds.Length;
    }
}
