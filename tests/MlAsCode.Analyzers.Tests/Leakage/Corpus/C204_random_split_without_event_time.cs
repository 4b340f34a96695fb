// clean: a random split of a feature set that has no [EventTime]
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

public static class ChurnSplit
{
    public static int Sizes(string path)
    {
        var rows = Customer.ReadCsv(path).ToList();
        var split = Customer.Features.Split(rows);
        var folds = Customer.Features.Folds(split.Train, CrossValidationStrategy.KFold);
        return split.Test.Length + folds.Length;
    }
}
