// clean: time-ordered rows split with SplitStrategy.Temporal
using System;
using System.Linq;
using MlAsCode;

namespace Stores;

[FeatureSet(Entity = "store")]
public partial record StoreDay
{
    [EntityKey] public string StoreId { get; init; } = "";
    [EventTime] public DateTime Day { get; init; }
    [Target] public float Revenue { get; init; }
    [Feature(Transform.Standardize)] public float Footfall { get; init; }
}

public static class RevenueData
{
    public static int TestRows(string path)
    {
        var days = StoreDay.ReadCsv(path).ToList();
        var split = StoreDay.Features.Split(days, SplitStrategy.Temporal, testFraction: 0.2);
        return split.Test.Length;
    }
}
