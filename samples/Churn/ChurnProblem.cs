using MlAsCode;

namespace Churn;

/// <summary>
/// The churn problem brief (Phase 1). Delete the three [KillCriterion] lines or the [Baseline] and rebuild to see
/// ML0001 or ML0002 (errors in this repository, which treats warnings as errors; warnings in a default project).
/// </summary>
[MlProblem("churn",
    BusinessObjective = "Cut monthly churn of subscription customers",
    SuccessMetric = "Reduce churn 15% within two quarters",
    Task = MlTask.BinaryClassification,
    PredictionTarget = "Customer cancels within 30 days",
    Consumer = PredictionConsumer.Api,
    Latency = LatencyClass.RealTime,
    Metric = Metric.PrAuc,
    PositiveRate = 0.265,
    DataAvailable = "7,043 telco customers: contract, tenure, charges, services, churn label (data/telco_churn.csv)",
    DataGaps = "No support-ticket or usage history; churn reason is not recorded",
    EthicalConsiderations = "Retention offers must not be withheld by gender or age; senior citizens are checked as a fairness slice",
    ProtectedAttributes = new[] { "female", "senior_citizen" },
    RoiEstimate = "Retaining 15% of churners at $65/month is about $1.1M/year")]
[Baseline("Month-to-month contract and tenure < 6 months", Metric = Metric.PrAuc, Value = 0.41)]
[KillCriterion("Baseline heuristic achieves >90% of ML performance", When = KillWhen.BaselineShareAbove, Threshold = 0.9)]
[KillCriterion("Data quality too poor after 2 weeks of cleaning")]
[KillCriterion("Model can't beat random by >10% on holdout set", When = KillWhen.LiftOverRandomBelow, Threshold = 0.1)]
public partial class ChurnProblem;
