// clean: the caller splits first and the oversampling helper only sees the training part
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
    private static List<Loan> Oversample(IReadOnlyList<Loan> loans) =>
        loans.Concat(loans.Where(l => l.Outcome == "default")).ToList();

    public static int Width(string path)
    {
        var loans = Loan.ReadCsv(path).ToList();
        var split = Loan.Features.Split(loans, SplitStrategy.Stratified);
        var balanced = Oversample(split.Train);
        var pipeline = Loan.Features.Fit(balanced);
        return pipeline.TransformBatch(split.Test).Columns;
    }
}
