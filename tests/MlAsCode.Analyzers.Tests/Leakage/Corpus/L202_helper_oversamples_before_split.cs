// ML0202: a helper returns the rows with the positives duplicated, and the caller splits its result
using System.Collections.Generic;
using System.Linq;
using MlAsCode;

namespace Lending;

[FeatureSet(Entity = "loan")]
public partial record Loan
{
    [Target(Positive = "default")] public string Outcome { get; init; } = "";
    [Feature(Transform.Standardize)] public float Amount { get; init; }
    [Feature(Transform.OneHot)] public string Purpose { get; init; } = "";
}

public static class LoanData
{
    private static List<Loan> Oversample(List<Loan> loans) =>
        loans.Concat(loans.Where(l => l.Outcome == "default")).ToList();

    public static int HoldoutSize(string path)
    {
        var loans = Loan.ReadCsv(path).ToList();
        var balanced = Oversample(loans);
        var split = Loan.Features.Split(balanced, SplitStrategy.Stratified); // ML0202
        return split.Test.Length;
    }
}
