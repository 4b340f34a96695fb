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

    /// <summary>An enum argument as a C# expression: <c>global::MlAsCode.MlTask.Regression</c>, or a cast when the
    /// value has no named member.</summary>
    public static string EnumExpression(TypedConstant value, string fallback)
    {
        if (value.Type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType || value.Value is null)
        {
            return fallback;
        }

        var typeName = enumType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        var member = enumType.GetMembers().OfType<IFieldSymbol>()
            .FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value.Value));
        return member is not null
            ? $"{typeName}.{member.Name}"
            : $"(({typeName})({System.Convert.ToString(value.Value, CultureInfo.InvariantCulture)}))";
    }
}
