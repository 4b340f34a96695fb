using MlAsCode.Generators.Common;

namespace MlAsCode.Generators.Model;

/// <summary>Where a partial type lives, enough to re-open it in generated code.</summary>
/// <param name="Namespace">Its namespace, or <c>null</c> for the global namespace.</param>
/// <param name="ContainingTypes">Declaration headers of the types it is nested in, outermost first.</param>
/// <param name="Header">Its own declaration header, such as <c>partial class Churn</c>.</param>
/// <param name="HintName">A file name unique to the type.</param>
internal sealed record TypeDeclarationModel(
    string? Namespace,
    EquatableArray<string> ContainingTypes,
    string Header,
    string HintName);
