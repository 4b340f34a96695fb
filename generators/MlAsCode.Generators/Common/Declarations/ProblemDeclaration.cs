using System.Collections.Generic;
using System.Linq;

namespace MlAsCode.Declarations;

/// <summary>
/// A problem brief as declared by <c>[MlProblem]</c>, <c>[Baseline]</c> and <c>[KillCriterion]</c>: the one reading of
/// those attributes, shared by the runtime (<c>ProblemBrief.Declared</c>, which the generated <c>Brief</c> calls), the
/// analyzers and <c>mlac</c>. Unwritten strings are empty, unwritten enums <c>Unspecified</c>.
/// </summary>
internal sealed record ProblemDeclaration(
    string Name,
    string BusinessObjective,
    string SuccessMetric,
    MlTask Task,
    string PredictionTarget,
    PredictionConsumer Consumer,
    LatencyClass Latency,
    string DataAvailable,
    string DataGaps,
    string EthicalConsiderations,
    IReadOnlyList<string> ProtectedAttributes,
    Metric Metric,
    double? PositiveRate,
    string RoiEstimate,
    bool OutliersMustNotDominate,
    BaselineDeclaration? Baseline,
    IReadOnlyList<KillCriterionDeclaration> KillCriteria)
{
    /// <summary>The attributes' property names this reader uses (a test holds them against the attribute types).</summary>
    internal static class Names
    {
        public const string BusinessObjective = nameof(BusinessObjective);
        public const string SuccessMetric = nameof(SuccessMetric);
        public const string Task = nameof(Task);
        public const string PredictionTarget = nameof(PredictionTarget);
        public const string Consumer = nameof(Consumer);
        public const string Latency = nameof(Latency);
        public const string DataAvailable = nameof(DataAvailable);
        public const string DataGaps = nameof(DataGaps);
        public const string EthicalConsiderations = nameof(EthicalConsiderations);
        public const string ProtectedAttributes = nameof(ProtectedAttributes);
        public const string Metric = nameof(Metric);
        public const string PositiveRate = nameof(PositiveRate);
        public const string RoiEstimate = nameof(RoiEstimate);
        public const string OutliersMustNotDominate = nameof(OutliersMustNotDominate);
        public const string Kind = nameof(Kind);
        public const string Value = nameof(Value);
        public const string RulesMethod = nameof(RulesMethod);
        public const string GroupBy = nameof(GroupBy);
        public const string When = nameof(When);
        public const string Threshold = nameof(Threshold);
    }

    /// <summary>Reads the brief from its three attributes (<paramref name="baseline"/> null when none is declared); kill
    /// criteria with no text are left out.</summary>
    public static ProblemDeclaration Read(AttributeView problem, AttributeView? baseline, IEnumerable<AttributeView> killCriteria) => new(
        problem.Arguments.Count > 0 ? problem.Arguments[0] as string ?? "" : "",
        problem.String(Names.BusinessObjective) ?? "",
        problem.String(Names.SuccessMetric) ?? "",
        problem.Enum<MlTask>(Names.Task),
        problem.String(Names.PredictionTarget) ?? "",
        problem.Enum<PredictionConsumer>(Names.Consumer),
        problem.Enum<LatencyClass>(Names.Latency),
        problem.String(Names.DataAvailable) ?? "",
        problem.String(Names.DataGaps) ?? "",
        problem.String(Names.EthicalConsiderations) ?? "",
        problem.Strings(Names.ProtectedAttributes),
        problem.Enum<Metric>(Names.Metric),
        problem.Double(Names.PositiveRate),
        problem.String(Names.RoiEstimate) ?? "",
        problem.Bool(Names.OutliersMustNotDominate),
        baseline is null ? null : BaselineDeclaration.Read(baseline),
        [.. killCriteria.Select(KillCriterionDeclaration.Read).Where(k => k is not null).Select(k => k!)]);
}

/// <summary>A <c>[Baseline]</c> as declared: a kind or a description (the constructor), and its named settings.</summary>
internal sealed record BaselineDeclaration(BaselineKind Kind, string? Description, Metric Metric, double? Value, string? RulesMethod, string? GroupBy)
{
    /// <summary>The kind the runtime uses: the declared one, else a rules baseline when a method is named, else a
    /// measured one when a value is given.</summary>
    public BaselineKind ResolvedKind => Kind != BaselineKind.Unspecified ? Kind
        : RulesMethod is { } rules && rules.Trim().Length > 0 ? BaselineKind.Rules
        : Value is not null ? BaselineKind.Measured
        : BaselineKind.Unspecified;

    public static BaselineDeclaration Read(AttributeView baseline)
    {
        var argument = baseline.Arguments.Count == 1 ? baseline.Arguments[0] : null;
        var kind = argument is string ? BaselineKind.Unspecified : AttributeView.EnumValue<BaselineKind>(argument);
        return new BaselineDeclaration(
            baseline.Has(ProblemDeclaration.Names.Kind) ? baseline.Enum<BaselineKind>(ProblemDeclaration.Names.Kind) : kind,
            argument as string,
            baseline.Enum<Metric>(ProblemDeclaration.Names.Metric),
            baseline.Double(ProblemDeclaration.Names.Value),
            baseline.String(ProblemDeclaration.Names.RulesMethod),
            baseline.String(ProblemDeclaration.Names.GroupBy));
    }
}

/// <summary>A <c>[KillCriterion]</c>: its text and, when checkable, what it measures and the threshold.</summary>
internal sealed record KillCriterionDeclaration(string Text, KillWhen When, double Threshold)
{
    /// <summary>The criterion, or null when its text is missing or blank.</summary>
    public static KillCriterionDeclaration? Read(AttributeView kill) =>
        kill.Arguments.Count == 1 && kill.Arguments[0] is string text && text.Trim().Length > 0
            ? new KillCriterionDeclaration(text, kill.Enum<KillWhen>(ProblemDeclaration.Names.When), kill.Double(ProblemDeclaration.Names.Threshold) ?? double.NaN)
            : null;
}
