using MlAsCode.Framing;

namespace MlAsCode.Tests;

internal static class TestBriefs
{
    /// <summary>The churn brief of the main sample, complete in every field.</summary>
    public static ProblemBrief CompleteChurn { get; } = new()
    {
        Name = "churn",
        BusinessObjective = "Cut monthly churn of subscription customers",
        SuccessMetric = "Reduce churn 15% within two quarters",
        Task = MlTask.BinaryClassification,
        PredictionTarget = "Customer cancels within 30 days",
        Consumer = PredictionConsumer.Api,
        Latency = LatencyClass.RealTime,
        DataAvailable = "7,043 customers",
        DataGaps = "no usage history",
        EthicalConsiderations = "no offers withheld by gender",
        ProtectedAttributes = ["gender"],
        PrimaryMetric = Metric.PrAuc,
        RoiEstimate = "$1.1M/year",
        Baseline = BaselineSpec.FromDeclaration(BaselineKind.Unspecified, "contract rule", Metric.PrAuc, 0.41, null),
        KillCriteria = ProblemBrief.DefaultKillCriteria,
    };
}
