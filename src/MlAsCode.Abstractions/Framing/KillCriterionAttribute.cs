using System;

namespace MlAsCode;

/// <summary>
/// A condition under which the ML approach is abandoned. Repeat it for each criterion; a brief with none is
/// reported (ML0001), and the code fix adds the methodology's three defaults. Give it a checkable form with
/// <see cref="When"/> and <see cref="Threshold"/> and every experiment run evaluates it on the holdout; the report,
/// the model card and the registry show which fired.
/// </summary>
/// <example>
/// <code>
/// [KillCriterion("Baseline heuristic achieves >90% of ML performance", When = KillWhen.BaselineShareAbove, Threshold = 0.9)]
/// [KillCriterion("Model can't beat random by >10% on holdout set", When = KillWhen.LiftOverRandomBelow, Threshold = 0.1)]
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class KillCriterionAttribute : Attribute
{
    /// <summary>Creates a kill criterion.</summary>
    public KillCriterionAttribute(string criterion) => Criterion = criterion;

    /// <summary>The condition, in words, e.g. "Baseline heuristic achieves >90% of ML performance".</summary>
    public string Criterion { get; }

    /// <summary>What a run measures to check it; <see cref="KillWhen.Unchecked"/> (the default) keeps it as words.</summary>
    public KillWhen When { get; set; }

    /// <summary>The limit <see cref="When"/> is compared with (NaN: none given; only <see cref="KillWhen.LatencyAbove"/>
    /// has a default, the brief's latency class budget).</summary>
    public double Threshold { get; set; } = double.NaN;
}
