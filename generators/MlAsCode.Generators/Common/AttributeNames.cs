namespace MlAsCode.Common;

/// <summary>
/// Metadata names of the attributes users write. One source file compiled into the generators and the analyzers,
/// which find the attributes by name and never reference MlAsCode.Abstractions.
/// </summary>
internal static class AttributeNames
{
    public const string MlProblem = "MlAsCode.MlProblemAttribute";
    public const string Baseline = "MlAsCode.BaselineAttribute";
    public const string KillCriterion = "MlAsCode.KillCriterionAttribute";
    public const string VerdictOverride = "MlAsCode.VerdictOverrideAttribute";
    public const string FeatureSet = "MlAsCode.FeatureSetAttribute";
    public const string Feature = "MlAsCode.FeatureAttribute";
    public const string Target = "MlAsCode.TargetAttribute";
    public const string Protected = "MlAsCode.ProtectedAttribute";
    public const string Column = "MlAsCode.ColumnAttribute";
    public const string EntityKey = "MlAsCode.EntityKeyAttribute";
    public const string EventTime = "MlAsCode.EventTimeAttribute";
    public const string ValidRange = "MlAsCode.ValidRangeAttribute";
    public const string Experiment = "MlAsCode.ExperimentAttribute";
    public const string SearchSpace = "MlAsCode.SearchSpaceAttribute";
    public const string Hyperparameter = "MlAsCode.HyperparameterAttribute";
    public const string Tuning = "MlAsCode.TuningAttribute";
    public const string ValidValues = "MlAsCode.ValidValuesAttribute";
    public const string Serve = "MlAsCode.ServeAttribute";
    public const string Fallback = "MlAsCode.FallbackAttribute";
    public const string AbTest = "MlAsCode.AbTestAttribute";
    public const string Monitor = "MlAsCode.MonitorAttribute";
    public const string RagPipeline = "MlAsCode.RagPipelineAttribute";
}
