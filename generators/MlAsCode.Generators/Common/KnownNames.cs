namespace MlAsCode.Generators.Common;

/// <summary>Metadata names of the runtime types generated code is built from; without them nothing is emitted.</summary>
internal static class KnownNames
{
    /// <summary>The runtime type generated briefs are built from.</summary>
    public const string ProblemBrief = "MlAsCode.Framing.ProblemBrief";

    /// <summary>The runtime type generated feature sets are built from.</summary>
    public const string FeatureSetDefinition = "MlAsCode.Features.FeatureSetDefinition`1";
}

/// <summary>Names of tracked incremental steps, shared with the caching tests.</summary>
internal static class TrackingNames
{
    public const string ProblemBriefs = nameof(ProblemBriefs);
    public const string RuntimeAvailable = nameof(RuntimeAvailable);
    public const string ProblemBriefsWithRuntime = nameof(ProblemBriefsWithRuntime);
    public const string FeatureSets = nameof(FeatureSets);
    public const string FeatureRuntimeAvailable = nameof(FeatureRuntimeAvailable);
    public const string FeatureSetsWithRuntime = nameof(FeatureSetsWithRuntime);
}
