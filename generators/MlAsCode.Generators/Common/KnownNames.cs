namespace MlAsCode.Generators.Common;

/// <summary>Metadata names of the attributes and runtime types the generators look for.</summary>
internal static class KnownNames
{
    public const string MlProblemAttribute = "MlAsCode.MlProblemAttribute";
    public const string BaselineAttribute = "MlAsCode.BaselineAttribute";
    public const string KillCriterionAttribute = "MlAsCode.KillCriterionAttribute";

    /// <summary>The runtime type generated briefs are built from; without it no brief code is emitted.</summary>
    public const string ProblemBrief = "MlAsCode.Framing.ProblemBrief";
}

/// <summary>Names of tracked incremental steps, shared with the caching tests.</summary>
internal static class TrackingNames
{
    public const string ProblemBriefs = nameof(ProblemBriefs);
    public const string RuntimeAvailable = nameof(RuntimeAvailable);
    public const string ProblemBriefsWithRuntime = nameof(ProblemBriefsWithRuntime);
}
