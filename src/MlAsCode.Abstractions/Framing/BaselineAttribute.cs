using System;

namespace MlAsCode;

/// <summary>
/// Declares the baseline a model must beat: a kind the runtime computes (majority class, mean or median
/// prediction, a rules method on the problem class) or a value already measured without ML.
/// </summary>
/// <example>
/// <code>
/// [Baseline(BaselineKind.MajorityClass)]
/// [Baseline("Month-to-month contract and tenure &lt; 6 months", Metric = Metric.PrAuc, Value = 0.41)]
/// [Baseline(BaselineKind.Rules, RulesMethod = nameof(Rules))]
/// [Baseline(BaselineKind.GroupMedian, GroupBy = nameof(Sale.Neighborhood))]
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BaselineAttribute : Attribute
{
    /// <summary>A baseline described in words; give <see cref="Metric"/> and <see cref="Value"/> when measured,
    /// or <see cref="RulesMethod"/> when it is a rules method.</summary>
    public BaselineAttribute(string description) => Description = description;

    /// <summary>A baseline given only by named arguments, such as <c>[Baseline(RulesMethod = nameof(Rules))]</c>.</summary>
    public BaselineAttribute()
    {
    }

    /// <summary>A baseline the runtime computes.</summary>
    public BaselineAttribute(BaselineKind kind) => Kind = kind;

    /// <summary>What the baseline is, in words.</summary>
    public string? Description { get; }

    /// <summary>How the baseline is obtained; inferred from the other arguments when not given.</summary>
    public BaselineKind Kind { get; set; }

    /// <summary>The metric a measured baseline was measured with.</summary>
    public Metric Metric { get; set; }

    /// <summary>The measured value of <see cref="Metric"/>.</summary>
    public double Value { get; set; }

    /// <summary>Name of a static method on the problem class that predicts by rules (use <c>nameof</c>).</summary>
    public string? RulesMethod { get; set; }

    /// <summary>The feature-set property a grouped baseline groups by (<see cref="BaselineKind.GroupMedian"/>,
    /// <see cref="BaselineKind.GroupMean"/>; use <c>nameof</c>).</summary>
    public string? GroupBy { get; set; }
}
