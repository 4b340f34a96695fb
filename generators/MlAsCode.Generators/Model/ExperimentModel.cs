using MlAsCode.Generators.Common;

namespace MlAsCode.Generators.Model;

/// <summary>An <c>[Experiment]</c> declaration as the emitter needs it: where to write and what to run it with. The
/// settings are not copied here: the generated <c>Settings</c> reads them from the attributes at run time through the
/// one declaration reader (<c>ExperimentSettings.Declared</c>).</summary>
/// <param name="Type">The declaring type.</param>
/// <param name="QualifiedName">The declaring type's fully qualified name, for <c>typeof</c>.</param>
/// <param name="Id">The experiment id.</param>
/// <param name="Problem">The problem class, fully qualified (<c>global::…</c>), when it has a generated brief.</param>
/// <param name="FeatureSet">The feature set record, fully qualified, when it is a <c>[FeatureSet]</c>.</param>
/// <param name="Source">The feature set's declared source path.</param>
/// <param name="Model">The <c>ModelFamily</c> value.</param>
/// <param name="RunAccessibility"><c>public</c>, or <c>internal</c> when the feature set is not public.</param>
internal sealed record ExperimentModel(
    TypeDeclarationModel Type,
    string QualifiedName,
    string Id,
    string? Problem,
    string? FeatureSet,
    string? Source,
    ModelFamily Model,
    string RunAccessibility);
