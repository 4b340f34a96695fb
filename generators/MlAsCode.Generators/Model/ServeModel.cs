using MlAsCode.Generators.Common;

namespace MlAsCode.Generators.Model;

/// <summary>A <c>[Serve]</c> declaration, as names and C# expressions.</summary>
/// <param name="Type">The declaring type.</param>
/// <param name="ServiceName">The service name: the class name without its <c>Service</c> suffix.</param>
/// <param name="MethodSuffix">What follows <c>Add</c>/<c>Map</c>: the class name, with <c>Service</c> appended if it lacks it.</param>
/// <param name="Problem">The problem class, fully qualified, when it has a generated brief.</param>
/// <param name="Row">The feature set record, fully qualified, when found.</param>
/// <param name="Route">The route prefix.</param>
/// <param name="Options">Assignments for <c>ServingOptions</c> (<c>o.Name = expression</c>).</param>
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
    EquatableArray<string> Options,
    string? Fallback,
    bool CanExtend,
    string AssemblyName)
{
    /// <summary>Whether <c>Features</c> named the row (otherwise it is the problem's feature set, found later).</summary>
    public bool ExplicitRow { get; init; }

    /// <summary>The parameter types (fully qualified) of the static double methods named as the fallback.</summary>
    public EquatableArray<string> FallbackRows { get; init; } = EquatableArray<string>.Empty;
}
