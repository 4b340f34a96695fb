namespace MlAsCode.Analyzers.Common;

/// <summary>Metadata names of the attributes the analyzers look for (analyzers never reference the runtime).</summary>
internal static class KnownNames
{
    public const string MlProblemAttribute = "MlAsCode.MlProblemAttribute";
    public const string BaselineAttribute = "MlAsCode.BaselineAttribute";
    public const string KillCriterionAttribute = "MlAsCode.KillCriterionAttribute";
}

/// <summary>Keys of the properties diagnostics carry to code fixes.</summary>
internal static class DiagnosticProperties
{
    public const string Task = nameof(Task);
}

/// <summary>Metadata names of the feature-set attributes.</summary>
internal static class FeatureNames
{
    public const string FeatureSetAttribute = "MlAsCode.FeatureSetAttribute";
    public const string FeatureAttribute = "MlAsCode.FeatureAttribute";
    public const string TargetAttribute = "MlAsCode.TargetAttribute";
    public const string ProtectedAttribute = "MlAsCode.ProtectedAttribute";
    public const string ColumnAttribute = "MlAsCode.ColumnAttribute";
    public const string EventTimeAttribute = "MlAsCode.EventTimeAttribute";
    public const string EntityKeyAttribute = "MlAsCode.EntityKeyAttribute";
}
