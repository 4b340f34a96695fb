using Microsoft.CodeAnalysis;

namespace MlAsCode.Analyzers;

/// <summary>Every MlAsCode diagnostic. Ids are a public contract: never renumber, only add.</summary>
internal static class DiagnosticDescriptors
{
    public const string HelpLinkBase = "https://github.com/MlAsCode/MlAsCode/blob/main/docs/rules/";
    private const string Framing = "MlAsCode.Framing";

    public static readonly DiagnosticDescriptor NoKillCriteria = Create(
        "ML0001", Framing, "Problem brief has no kill criteria",
        "Problem brief '{0}' declares no kill criteria: add [KillCriterion] for when to abandon the ML approach",
        "Without kill criteria an ML project never stops, however poorly it does. Declare when to abandon it.");

    public static readonly DiagnosticDescriptor NoBaseline = Create(
        "ML0002", Framing, "Problem brief has no baseline",
        "Problem brief '{0}' declares no baseline: add [Baseline] so every model is compared with what exists without ML",
        "A model that is not compared with a simple baseline may add cost and risk for no gain.");

    public static readonly DiagnosticDescriptor EmptyBriefField = Create(
        "ML0003", Framing, "Problem brief field is empty",
        "Problem brief '{0}' has no {1}",
        "The business objective, success metric, prediction target and task type define what the model is for; each must be stated.");

    public static readonly DiagnosticDescriptor MetricUnfitForTask = Create(
        "ML0004", Framing, "Metric does not fit the task",
        "{0}",
        "A metric that does not fit the task rewards the wrong model (for example accuracy on a rare positive class).");

    public static readonly DiagnosticDescriptor ProtectedWithoutEthics = Create(
        "ML0005", Framing, "Protected attributes without ethical considerations",
        "Problem brief '{0}' declares protected attributes ({1}) but no ethical considerations",
        "A problem that touches protected attributes must say which bias, fairness and privacy risks it has.");

    public static readonly DiagnosticDescriptor BaselineNotComparable = Create(
        "ML0006", Framing, "Baseline cannot be computed or compared",
        "Baseline of '{0}' cannot be computed or compared: {1}",
        "A baseline is only useful when the runtime can compute it or compare a model with its measured value.");

    public static readonly DiagnosticDescriptor NotPartial = Create(
        "ML0007", Framing, "MlAsCode declaration must be partial",
        "'{0}' must be partial, as must every type containing it, for MlAsCode to generate its members",
        "The source generator adds members such as Brief and Rubric to the declaring type, which needs the partial modifier.");

    private static DiagnosticDescriptor Create(string id, string category, string title, string message, string description) =>
        new(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description,
            helpLinkUri: HelpLinkBase + id + ".md");
}
