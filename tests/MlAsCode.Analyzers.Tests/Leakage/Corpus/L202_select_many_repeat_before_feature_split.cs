// ML0202: churners repeated three times with SelectMany before the MlAsCode split
using System.Linq;
using MlAsCode;

namespace Telco;

[FeatureSet(Entity = "customer")]
public partial record Customer
{
    [EntityKey] public string CustomerId { get; init; } = "";
    [Target(Positive = "Yes")] public string Churn { get; init; } = "";
    [Feature(Transform.Standardize)] public float Tenure { get; init; }
}

public static class Balancing
{
    public static int Prepare(string path)
    {
        var rows = Customer.ReadCsv(path).ToList();
        var balanced = rows.SelectMany(r => Enumerable.Repeat(r, r.Churn == "Yes" ? 3 : 1)).ToList();
        var split = Customer.Features.Split(balanced, SplitStrategy.Stratified, testFraction: 0.2); // ML0202
        var pipeline = Customer.Features.Fit(split.Train);
        return pipeline.TransformBatch(split.Test).Rows;
    }
}
