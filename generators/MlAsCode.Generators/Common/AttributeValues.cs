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
        if (member is not null)
        {
            return $"{typeName}.{member.Name}";
        }

        // A [Flags] combination is written as its members (Aggregation.Mean | Aggregation.Count) when they make it up.
        var bits = System.Convert.ToInt64(value.Value, CultureInfo.InvariantCulture);
        if (enumType.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.FlagsAttribute"))
        {
            var parts = enumType.GetMembers().OfType<IFieldSymbol>()
                .Where(f => f.HasConstantValue && System.Convert.ToInt64(f.ConstantValue, CultureInfo.InvariantCulture) is var v && v != 0 && (bits & v) == v)
                .ToList();
            if (parts.Aggregate(0L, (all, f) => all | System.Convert.ToInt64(f.ConstantValue, CultureInfo.InvariantCulture)) == bits)
            {
                return string.Join(" | ", parts.Select(f => $"{typeName}.{f.Name}"));
            }
        }

        return $"(({typeName})({System.Convert.ToString(value.Value, CultureInfo.InvariantCulture)}))";
    }
}
