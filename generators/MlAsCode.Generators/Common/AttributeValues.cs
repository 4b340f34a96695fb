using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace MlAsCode.Generators.Common;

/// <summary>Turns attribute arguments into the plain values generator models hold.</summary>
internal static class AttributeValues
{
    public static string? String(TypedConstant value) => value.Kind == TypedConstantKind.Primitive ? value.Value as string : null;

    public static double? Double(TypedConstant value) => value.Value switch
    {
        double d => d,
        float f => f,
        int i => i,
        _ => null,
    };

    public static bool Bool(TypedConstant value) => value.Value is true;

    /// <summary>The non-blank strings of an array argument (blank entries carry no meaning and are dropped, as the
    /// analyzers ignore them too).</summary>
    public static IEnumerable<string> Strings(TypedConstant value) =>
        value.Kind == TypedConstantKind.Array && !value.IsNull
            ? value.Values.Select(String).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!)
            : [];
}
