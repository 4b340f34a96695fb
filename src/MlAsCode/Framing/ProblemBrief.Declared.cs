using System;
using System.Collections.Immutable;
using System.Linq;
using MlAsCode.Declarations;

namespace MlAsCode.Framing;

public sealed partial record ProblemBrief
{
    /// <summary>
    /// The brief declared on <paramref name="declaringType"/> by <see cref="MlProblemAttribute"/>,
    /// <see cref="BaselineAttribute"/> and <see cref="KillCriterionAttribute"/>, read from its attributes (the generated
    /// <c>Brief</c> calls this once, so the generated file stays a line long). <paramref name="rules"/> is the rules
    /// baseline's method as a typed delegate, bound at compile time by the generated code.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="declaringType"/> has no <see cref="MlProblemAttribute"/>.</exception>
    public static ProblemBrief Declared(Type declaringType, Delegate? rules = null)
    {
        ArgumentNullException.ThrowIfNull(declaringType);
        var attributes = CustomAttributeViews.Of(declaringType);
        var problem = attributes[typeof(MlProblemAttribute).FullName!].FirstOrDefault()
            ?? throw new ArgumentException($"{declaringType.FullName} declares no [MlProblem].", nameof(declaringType));
        var declaration = ProblemDeclaration.Read(problem, attributes[typeof(BaselineAttribute).FullName!].FirstOrDefault(),
            attributes[typeof(KillCriterionAttribute).FullName!]);
        return From(declaration, rules);
    }

    // The declaration as the runtime's brief: a checkable kill criterion brings KillConditions for all of them.
    internal static ProblemBrief From(ProblemDeclaration d, Delegate? rules = null) => new()
    {
        Name = d.Name,
        BusinessObjective = d.BusinessObjective,
        SuccessMetric = d.SuccessMetric,
        Task = d.Task,
        PredictionTarget = d.PredictionTarget,
        Consumer = d.Consumer,
        Latency = d.Latency,
        DataAvailable = d.DataAvailable,
        DataGaps = d.DataGaps,
        EthicalConsiderations = d.EthicalConsiderations,
        ProtectedAttributes = [.. d.ProtectedAttributes],
        PrimaryMetric = d.Metric,
        PositiveRate = d.PositiveRate,
        RoiEstimate = d.RoiEstimate,
        OutliersMustNotDominate = d.OutliersMustNotDominate,
        Baseline = d.Baseline is { } b ? BaselineSpec.FromDeclaration(b.Kind, b.Description, b.Metric, b.Value, b.RulesMethod, rules, b.GroupBy) : null,
        KillCriteria = [.. d.KillCriteria.Select(k => k.Text)],
        KillConditions = d.KillCriteria.Any(k => k.When != KillWhen.Unchecked)
            ? [.. d.KillCriteria.Select(k => new KillCriterion(k.Text, k.When, k.Threshold))]
            : ImmutableArray<KillCriterion>.Empty,
    };
}
