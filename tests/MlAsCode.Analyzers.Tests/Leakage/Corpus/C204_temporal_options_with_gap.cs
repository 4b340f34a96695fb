// clean: SplitOptions with a temporal strategy and a gap before the test period
using System;
using System.Linq;
using MlAsCode;
using MlAsCode.Splitting;

namespace Payments;

[FeatureSet(Entity = "card")]
public partial record CardPayment
{
    [EventTime] public DateTime PaidAt { get; init; }
    [Target(Positive = "fraud")] public string Label { get; init; } = "";
    [Feature(Transform.Log)] public double Amount { get; init; }
}

public static class PaymentSplit
{
    public static TrainTestSplit<CardPayment> Make(string path)
    {
        var payments = CardPayment.ReadCsv(path).ToList();
        var options = new SplitOptions { Strategy = SplitStrategy.Temporal, TestFraction = 0.25, Gap = TimeSpan.FromDays(30) };
        return CardPayment.Features.Split(payments, options);
    }
}
