using System;
using System.Collections.Immutable;
using System.Linq;

namespace MlAsCode.Framing;

/// <summary>
/// An ML problem brief (the methodology's Phase 1), as declared with <see cref="MlProblemAttribute"/>,
/// <see cref="BaselineAttribute"/> and <see cref="KillCriterionAttribute"/>. The source generator creates one per
/// declaration as <c>YourProblem.Brief</c>; experiments compare against its baseline and model cards quote it.
/// </summary>
public sealed partial record ProblemBrief
{
    /// <summary>Short, stable name of the problem.</summary>
    public required string Name { get; init; }

    /// <summary>What business metric improves.</summary>
    public string BusinessObjective { get; init; } = "";

    /// <summary>The quantified target.</summary>
    public string SuccessMetric { get; init; } = "";

    /// <summary>The ML task type.</summary>
    public MlTask Task { get; init; }

    /// <summary>What exactly is predicted.</summary>
    public string PredictionTarget { get; init; } = "";

    /// <summary>Who or what uses the prediction.</summary>
    public PredictionConsumer Consumer { get; init; }

    /// <summary>How fast a prediction is needed.</summary>
    public LatencyClass Latency { get; init; }

    /// <summary>What data exists today.</summary>
    public string DataAvailable { get; init; } = "";

    /// <summary>What data is missing.</summary>
    public string DataGaps { get; init; } = "";

    /// <summary>Bias risks, fairness requirements, privacy.</summary>
    public string EthicalConsiderations { get; init; } = "";

    /// <summary>Attributes that must never drive a prediction and are always fairness slices.</summary>
    public ImmutableArray<string> ProtectedAttributes { get; init; } = [];

    /// <summary>The primary offline metric, or <see cref="Metric.Unspecified"/>.</summary>
    public Metric PrimaryMetric { get; init; }

    /// <summary>The declared share of positive labels, when declared.</summary>
    public double? PositiveRate { get; init; }

    /// <summary>Estimated return on investment, in words.</summary>
    public string RoiEstimate { get; init; } = "";

    /// <summary>Whether large errors must not dominate the metric.</summary>
    public bool OutliersMustNotDominate { get; init; }

    /// <summary>The declared baseline, or <c>null</c> when none is declared.</summary>
    public BaselineSpec? Baseline { get; init; }

    /// <summary>When to abandon the ML approach, in words.</summary>
    public ImmutableArray<string> KillCriteria { get; init; } = [];

    /// <summary>The kill criteria with their checkable forms (<c>When</c>, <c>Threshold</c>), in declaration order;
    /// criteria declared in words only are <see cref="KillWhen.Unchecked"/>. When empty, <see cref="KillCriteria"/>'s
    /// words are all there is.</summary>
    public ImmutableArray<KillCriterion> KillConditions { get; init; } = [];

    /// <summary>Value equality, with the arrays compared by their elements.</summary>
    public bool Equals(ProblemBrief? other) =>
        other is not null
        && Name == other.Name && BusinessObjective == other.BusinessObjective && SuccessMetric == other.SuccessMetric
        && Task == other.Task && PredictionTarget == other.PredictionTarget && Consumer == other.Consumer
        && Latency == other.Latency && DataAvailable == other.DataAvailable && DataGaps == other.DataGaps
        && EthicalConsiderations == other.EthicalConsiderations && PrimaryMetric == other.PrimaryMetric
        && PositiveRate == other.PositiveRate && RoiEstimate == other.RoiEstimate
        && OutliersMustNotDominate == other.OutliersMustNotDominate && Equals(Baseline, other.Baseline)
        && ValueEquality.Same(ProtectedAttributes, other.ProtectedAttributes)
        && ValueEquality.Same(KillCriteria, other.KillCriteria)
        && ValueEquality.Same(KillConditions, other.KillConditions);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(
        HashCode.Combine(Name, BusinessObjective, SuccessMetric, Task, PredictionTarget, Consumer, Latency, DataAvailable),
        HashCode.Combine(DataGaps, EthicalConsiderations, PrimaryMetric, PositiveRate, RoiEstimate, OutliersMustNotDominate, Baseline),
        ValueEquality.Hash(ProtectedAttributes),
        ValueEquality.Hash(KillCriteria),
        ValueEquality.Hash(KillConditions));

    /// <summary>The same defaults with the checkable form of the two a run can measure (baseline share above 0.9, lift
    /// over random below 0.1); data quality "after 2 weeks of cleaning" is about the team's effort and stays in words.</summary>
    public static ImmutableArray<KillCriterion> DefaultKillConditions { get; } =
    [
        new("Baseline heuristic achieves >90% of ML performance", KillWhen.BaselineShareAbove, 0.9),
        new("Data quality too poor after 2 weeks of cleaning"),
        new("Model can't beat random by >10% on holdout set", KillWhen.LiftOverRandomBelow, 0.1),
    ];

    /// <summary>The methodology's three default kill criteria (Phase 1), offered by the ML0001 code fix and
    /// <c>mlac frame</c>, in words.</summary>
    public static ImmutableArray<string> DefaultKillCriteria { get; } = [.. DefaultKillConditions.Select(k => k.Text)];
}
