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
    public const string FeatureSets = nameof(FeatureSets);
    public const string FeatureRuntimeAvailable = nameof(FeatureRuntimeAvailable);
    public const string FeatureSetsWithRuntime = nameof(FeatureSetsWithRuntime);
}

/// <summary>Metadata names of the feature-set attributes.</summary>
internal static class FeatureNames
{
    public const string FeatureSetAttribute = "MlAsCode.FeatureSetAttribute";
    public const string FeatureAttribute = "MlAsCode.FeatureAttribute";
    public const string TargetAttribute = "MlAsCode.TargetAttribute";
    public const string ProtectedAttribute = "MlAsCode.ProtectedAttribute";
    public const string ColumnAttribute = "MlAsCode.ColumnAttribute";
    public const string EntityKeyAttribute = "MlAsCode.EntityKeyAttribute";
    public const string EventTimeAttribute = "MlAsCode.EventTimeAttribute";

    /// <summary>The runtime type generated feature sets are built from; without it nothing is emitted.</summary>
    public const string FeatureSetDefinition = "MlAsCode.Features.FeatureSetDefinition`1";
}
