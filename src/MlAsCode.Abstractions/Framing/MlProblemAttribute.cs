using System;

namespace MlAsCode;

/// <summary>
/// Declares an ML problem brief (the methodology's Phase 1): what business metric improves, how success is measured,
/// what is predicted, for whom and how fast. Put it on a <c>partial class</c>; the generator adds a typed
/// <c>Brief</c> and a <c>Rubric</c> score, and analyzers ML0001–ML0007 check the brief is complete.
/// </summary>
/// <example>
/// <code>
/// [MlProblem("churn",
///     BusinessObjective = "Cut monthly churn of subscription customers",
///     SuccessMetric = "Reduce churn 15% within two quarters",
///     Task = MlTask.BinaryClassification,
///     PredictionTarget = "Customer cancels within 30 days")]
/// [Baseline(BaselineKind.MajorityClass)]
/// [KillCriterion("Model can't beat random by >10% on holdout set")]
/// public partial class Churn;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MlProblemAttribute : Attribute
{
    /// <summary>Creates a brief with a short, stable name (used in file names, tracking and registry keys).</summary>
    public MlProblemAttribute(string name) => Name = name;

    /// <summary>Short, stable name of the problem, such as <c>churn</c>.</summary>
    public string Name { get; }

    /// <summary>What business metric improves.</summary>
    public string? BusinessObjective { get; set; }

    /// <summary>The quantified target, such as "reduce churn 15%".</summary>
    public string? SuccessMetric { get; set; }

    /// <summary>The ML task type.</summary>
    public MlTask Task { get; set; }

    /// <summary>What exactly is predicted.</summary>
    public string? PredictionTarget { get; set; }

    /// <summary>Who or what uses the prediction.</summary>
    public PredictionConsumer Consumer { get; set; }

    /// <summary>How fast a prediction is needed.</summary>
    public LatencyClass Latency { get; set; }

    /// <summary>What data exists today.</summary>
    public string? DataAvailable { get; set; }

    /// <summary>What data is missing.</summary>
    public string? DataGaps { get; set; }

    /// <summary>Bias risks, fairness requirements, privacy.</summary>
    public string? EthicalConsiderations { get; set; }

    /// <summary>
    /// Attributes of people that must never drive the prediction and must be checked for fairness (for example
    /// "gender", "age"). Declaring any makes <see cref="EthicalConsiderations"/> required (ML0005).
    /// </summary>
    public string[]? ProtectedAttributes { get; set; }

    /// <summary>The primary offline metric. It must fit <see cref="Task"/> (ML0004).</summary>
    public Metric Metric { get; set; }

    /// <summary>
    /// Expected share of positive labels for binary classification, strictly between 0 and 1. When the minority class
    /// is under 20% (a rate under 0.2 or over 0.8), accuracy is reported as an unfit metric (ML0004).
    /// </summary>
    public double PositiveRate { get; set; }

    /// <summary>Estimated return on investment, in words (for example "$1.2M/year retained revenue").</summary>
    public string? RoiEstimate { get; set; }

    /// <summary>
    /// When <c>true</c>, large errors must not dominate the metric (the methodology's reason to prefer MAE over RMSE);
    /// declaring RMSE then is reported (ML0004).
    /// </summary>
    public bool OutliersMustNotDominate { get; set; }
}
