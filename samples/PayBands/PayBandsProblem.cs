using MlAsCode;

namespace PayBands;

/// <summary>The brief: an expected monthly pay for a role and career, to flag offers far outside the band.</summary>
[MlProblem("pay_bands",
    BusinessObjective = "Flag job offers and raises far outside the pay band of comparable employees before they are signed",
    SuccessMetric = "Expected monthly pay within 15% mean absolute error, with 90% intervals that hold",
    Task = MlTask.Regression,
    PredictionTarget = "Monthly income (USD) of an employee with this role, level and experience",
    Consumer = PredictionConsumer.Api,
    Latency = LatencyClass.RealTime,
    Metric = Metric.Mae,
    ProtectedAttributes = new[] { "Gender", "Age" },
    DataAvailable = "1,470 employees of one company (IBM HR analytics sample, data/hr_attrition.csv)",
    DataGaps = "One company and no dates: no market data, no inflation, no location",
    EthicalConsiderations = "Pay must not follow gender or age: both are protected, never features, and every run reports the residuals by them; the band informs a human reviewer, it does not set pay",
    RoiEstimate = "Fewer out-of-band offers reaching signature")]
[Baseline(BaselineKind.GroupMedian, GroupBy = nameof(Employee.JobRole))]
[KillCriterion("Baseline heuristic achieves >90% of ML performance", When = KillWhen.BaselineShareAbove, Threshold = 0.9)]
[KillCriterion("Model can't beat random by >10% on holdout set", When = KillWhen.LiftOverRandomBelow, Threshold = 0.1)]
public partial class PayBandsProblem;
