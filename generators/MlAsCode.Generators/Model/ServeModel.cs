using MlAsCode.Generators.Common;

namespace MlAsCode.Generators.Model;

/// <summary>A <c>[Serve]</c> declaration as the emitter needs it: names and types. The service's options are not copied
/// here: the generated <c>Add{Name}</c> reads them at run time through the one declaration reader
/// (<c>ServingOptions.Declared</c>).</summary>
/// <param name="Type">The declaring type.</param>
/// <param name="ServiceName">The service name: the class name without its <c>Service</c> suffix.</param>
/// <param name="MethodSuffix">What follows <c>Add</c>/<c>Map</c>: the class name, with <c>Service</c> appended if it lacks it.</param>
/// <param name="Problem">The problem class, fully qualified, when it has a generated brief.</param>
/// <param name="Row">The feature set record, fully qualified, when found.</param>
/// <param name="Route">The route prefix.</param>
/// <param name="QualifiedName">The declaring type's fully qualified name, for <c>typeof</c>.</param>
/// <param name="Fallback">The rules method's name (declared; it fits when one of <see cref="FallbackRows"/> is the row).</param>
/// <param name="CanExtend">Whether the class is static and top-level, so extension methods can be added to it.</param>
/// <param name="AssemblyName">The application's assembly name (for the container's entry point).</param>
internal sealed record ServeModel(
    TypeDeclarationModel Type,
    string ServiceName,
    string MethodSuffix,
    string? Problem,
    string? Row,
    string Route,
    string QualifiedName,
    string? Fallback,
    bool CanExtend,
    string AssemblyName)
{
    /// <summary>Whether <c>Features</c> named the row (otherwise it is the problem's feature set, found later).</summary>
    public bool ExplicitRow { get; init; }

    /// <summary>The parameter types (fully qualified) of the static double methods named as the fallback.</summary>
    public EquatableArray<string> FallbackRows { get; init; } = EquatableArray<string>.Empty;
}
