using MlAsCode.Generators.Common;

namespace MlAsCode.Generators.Model;

/// <summary>An <c>[Experiment]</c> declaration with its search space and tuning, as C# expressions.</summary>
/// <param name="Type">The declaring type.</param>
/// <param name="Id">The experiment id.</param>
/// <param name="Problem">The problem class, fully qualified (<c>global::…</c>), when it has a generated brief.</param>
/// <param name="FeatureSet">The feature set record, fully qualified, when it is a <c>[FeatureSet]</c>.</param>
/// <param name="Source">The feature set's declared source path.</param>
/// <param name="Settings">Assignments for <c>ExperimentSettings</c> (<c>Name = expression</c>).</param>
/// <param name="SearchSpace">Search parameter expressions.</param>
/// <param name="Fixed">Fixed hyperparameters: name and value expression.</param>
/// <param name="Model">The <c>ModelFamily</c> value.</param>
/// <param name="RunAccessibility"><c>public</c>, or <c>internal</c> when the feature set is not public.</param>
internal sealed record ExperimentModel(
    TypeDeclarationModel Type,
    string Id,
    string? Problem,
    string? FeatureSet,
    string? Source,
    EquatableArray<string> Settings,
    EquatableArray<string> SearchSpace,
    EquatableArray<OptionModel> Fixed,
    ModelFamily Model,
    string RunAccessibility);
