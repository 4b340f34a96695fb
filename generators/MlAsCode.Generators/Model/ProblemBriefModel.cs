using MlAsCode.Generators.Common;

namespace MlAsCode.Generators.Model;

/// <summary>
/// One <c>[MlProblem]</c> declaration as the emitter needs it. Enum values are kept as C# expressions
/// (<c>global::MlAsCode.MlTask.Regression</c>) so the emitter has nothing to look up.
/// </summary>
internal sealed record ProblemBriefModel(
    TypeDeclarationModel Type,
    string Name,
    string? BusinessObjective,
    string? SuccessMetric,
    string Task,
    string? PredictionTarget,
    string Consumer,
    string Latency,
    string? DataAvailable,
    string? DataGaps,
    string? EthicalConsiderations,
    EquatableArray<string> ProtectedAttributes,
    string Metric,
    double? PositiveRate,
    string? RoiEstimate,
    bool OutliersMustNotDominate,
    BaselineModel? Baseline,
    EquatableArray<string> KillCriteria,
    EquatableArray<KillConditionModel> KillConditions);

/// <summary>A <c>[KillCriterion]</c> with its checkable form: <paramref name="When"/> as a C# expression, or null for
/// words only.</summary>
internal sealed record KillConditionModel(string Text, string? When, double Threshold);

/// <summary>A <c>[Baseline]</c> declaration as written; the runtime resolves its kind.</summary>
/// <param name="RulesDelegateType">The <c>global::System.Func&lt;…&gt;</c> type of the rules method, when it can be
/// referenced as one.</param>
internal sealed record BaselineModel(
    string Kind,
    string? Description,
    string Metric,
    double? Value,
    string? RulesMethod,
    string? RulesDelegateType,
    string? GroupBy = null);
