using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace MlAsCode.Declarations;

/// <summary>Attribute views from reflection: a loaded type's attributes, or a built assembly's read through a
/// <c>MetadataLoadContext</c> (<c>mlac</c>), both as <see cref="CustomAttributeData"/> — the arguments as written,
/// so an argument left out is told apart from one set to its default.</summary>
internal static class CustomAttributeViews
{
    /// <summary>The view of <paramref name="data"/>.</summary>
    public static AttributeView From(CustomAttributeData data) => new(
        [.. data.ConstructorArguments.Select(Value)],
        data.NamedArguments.ToDictionary(a => a.MemberName, a => Value(a.TypedValue), StringComparer.Ordinal));

    /// <summary>The views of every attribute on <paramref name="type"/>, by the attribute type's full name (one
    /// reflection read for a whole declaration).</summary>
    public static ILookup<string, AttributeView> Of(Type type) =>
        type.GetCustomAttributesData().ToLookup(a => a.AttributeType.FullName ?? "", From, StringComparer.Ordinal);

    // Arrays as lists of values; an enum as its underlying number (what reflection gives); a type as its full name.
    private static object? Value(CustomAttributeTypedArgument argument) => argument.Value switch
    {
        IReadOnlyCollection<CustomAttributeTypedArgument> items => items.Select(Value).ToArray(),
        Type type => type.FullName,
        var value => value,
    };
}
