using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using MlAsCode.Declarations;

namespace MlAsCode.Analyzers.Common;

/// <summary>Attribute views from Roslyn (the arguments as written), for the shared declaration readers; the locations
/// of the arguments stay with <see cref="AttributeArguments"/>, for diagnostics only.</summary>
internal static class AttributeViews
{
    public static AttributeView From(AttributeData data) => new(
        [.. data.ConstructorArguments.Select(Value)],
        data.NamedArguments.GroupBy(a => a.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Value(g.Last().Value), StringComparer.Ordinal));

    // Arrays as lists of values, an enum as its underlying number, a type as its name.
    private static object? Value(TypedConstant constant) => constant.Kind switch
    {
        TypedConstantKind.Array => constant.IsNull ? null : constant.Values.Select(Value).ToArray(),
        TypedConstantKind.Type => (constant.Value as ITypeSymbol)?.ToDisplayString(),
        _ => constant.Value,
    };
}
