using System;

namespace MlAsCode.Framing;

/// <summary>The baseline a problem declares, resolved from <see cref="BaselineAttribute"/>.</summary>
/// <param name="Kind">How the baseline is obtained (never <see cref="BaselineKind.Unspecified"/> once resolved
/// from a complete declaration).</param>
/// <param name="Description">The baseline in words, when given.</param>
/// <param name="Metric">The metric of a measured baseline.</param>
/// <param name="Value">The measured value, when given.</param>
/// <param name="RulesMethod">The static rules method on the problem class, for <see cref="BaselineKind.Rules"/>.</param>
/// <param name="Rules">The rules method itself, as a <c>Func&lt;…&gt;</c> of its parameters and result, when the
/// generator could reference it (a single, non-generic static method); cast it to the type you expect.</param>
public sealed record BaselineSpec(
    BaselineKind Kind,
    string? Description = null,
    Metric Metric = Metric.Unspecified,
    double? Value = null,
    string? RulesMethod = null,
    Delegate? Rules = null)
{
    /// <summary>The row property a grouped baseline (<see cref="BaselineKind.GroupMedian"/>, <see cref="BaselineKind.GroupMean"/>) groups by.</summary>
    public string? GroupBy { get; init; }

    /// <summary>
    /// Resolves a <see cref="BaselineAttribute"/> as written: an explicit kind wins; otherwise a rules method makes
    /// it <see cref="BaselineKind.Rules"/> and a value makes it <see cref="BaselineKind.Measured"/>. A description
    /// alone stays <see cref="BaselineKind.Unspecified"/> (not comparable; analyzer ML0006).
    /// </summary>
    public static BaselineSpec FromDeclaration(
        BaselineKind kind, string? description, Metric metric, double? value, string? rulesMethod, Delegate? rules = null, string? groupBy = null)
    {
        var resolved = new Declarations.BaselineDeclaration(kind, description, metric, value, rulesMethod, groupBy).ResolvedKind;
        return new BaselineSpec(resolved, description, metric, value, rulesMethod, rules) { GroupBy = string.IsNullOrWhiteSpace(groupBy) ? null : groupBy };
    }

    /// <summary>
    /// Whether the runtime can compute this baseline or compare against it: a computable kind, a rules method with a
    /// name, or a measured value with its metric.
    /// </summary>
    public bool IsComparable => Kind switch
    {
        BaselineKind.MajorityClass or BaselineKind.MeanPrediction or BaselineKind.MedianPrediction => true,
        BaselineKind.Rules => !string.IsNullOrWhiteSpace(RulesMethod),
        BaselineKind.GroupMedian or BaselineKind.GroupMean => GroupBy is not null,
        BaselineKind.Measured => Metric != Metric.Unspecified && Value is not null,
        _ => false,
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        BaselineKind.Measured when Value is not null => $"{Description ?? "measured"}: {Metric} = {Value.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}",
        BaselineKind.Rules => $"rules method {RulesMethod}" + (Description is null ? "" : $" ({Description})"),
        BaselineKind.GroupMedian or BaselineKind.GroupMean => $"{(Kind == BaselineKind.GroupMedian ? "median" : "mean")} target per {GroupBy}" + (Description is null ? "" : $" ({Description})"),
        _ => Description is null ? Kind.ToString() : $"{Kind} ({Description})",
    };
}
