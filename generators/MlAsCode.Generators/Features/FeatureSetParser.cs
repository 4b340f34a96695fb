using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using MlAsCode.Common;
using MlAsCode.Generators.Common;
using MlAsCode.Generators.Model;

namespace MlAsCode.Generators.Features;

/// <summary>Reads a <c>[FeatureSet]</c> type: its settable properties and their feature attributes.</summary>
internal static class FeatureSetParser
{
    public static FeatureSetModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol { IsGenericType: false } type || context.Attributes.IsEmpty)
        {
            return null;
        }

        var declaration = TypeDeclarations.Read(type, cancellationToken);
        if (declaration is null)
        {
            return null;
        }

        var attribute = context.Attributes[0];
        string? entity = null, source = null;
        var seed = 42;
        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case "Entity": entity = AttributeValues.String(argument.Value); break;
                case "Source": source = AttributeValues.String(argument.Value); break;
                case "Seed" when argument.Value.Value is int s: seed = s; break;
            }
        }

        entity = string.IsNullOrWhiteSpace(entity) ? SnakeCase.From(type.Name) : entity!;
        var sourceTable = string.IsNullOrWhiteSpace(source) ? entity : Path.GetFileNameWithoutExtension(source!.Replace('\\', '/'));

        var properties = new List<PropertyModel>();
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Settable properties are loaded from the source; get-only ones are computed (features, or the Other of one).
            if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public } property
                && !property.IsImplicitlyDeclared && property.GetMethod is not null)
            {
                properties.Add(ParseProperty(property));
            }
        }

        var typeName = Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(type.Name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + type.Name : type.Name;
        return new FeatureSetModel(declaration, typeName, type.IsValueType, entity, sourceTable, seed, properties.ToEquatableArray());
    }

    private static PropertyModel ParseProperty(IPropertySymbol property)
    {
        var (value, nullable) = Classify(property.Type);
        var features = new List<FeatureModel>();
        string? column = null, positive = null, rule = null;
        bool isTarget = false, isProtected = false, isEntityKey = false, isEventTime = false;
        var targetTransform = TargetTransform.None;
        foreach (var attribute in property.GetAttributes())
        {
            switch (attribute.AttributeClass?.ToDisplayString())
            {
                case AttributeNames.Feature:
                    features.Add(ParseFeature(attribute));
                    break;
                case AttributeNames.Target:
                    isTarget = true;
                    positive = attribute.NamedArguments.Where(a => a.Key == "Positive").Select(a => AttributeValues.String(a.Value)).FirstOrDefault();
                    targetTransform = attribute.NamedArguments.Where(a => a.Key == "Transform").Select(a => a.Value.Value is int t ? (TargetTransform)t : TargetTransform.None).FirstOrDefault();
                    break;
                case AttributeNames.Protected:
                    isProtected = true;
                    break;
                case AttributeNames.EntityKey:
                    isEntityKey = true;
                    break;
                case AttributeNames.EventTime:
                    isEventTime = true;
                    break;
                case AttributeNames.ValidRange when attribute.ConstructorArguments.Length == 2
                    && attribute.ConstructorArguments[0].Value is double min && attribute.ConstructorArguments[1].Value is double max:
                    rule = $"{Literals.Double(min)}, {Literals.Double(max)}, default";
                    break;
                case AttributeNames.ValidValues when attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Array && !attribute.ConstructorArguments[0].IsNull:
                    var values = attribute.ConstructorArguments[0].Values.Select(v => Literals.String(v.Value as string ?? ""));
                    rule = $"null, null, global::System.Collections.Immutable.ImmutableArray.Create<string>({string.Join(", ", values)})";
                    break;
                case AttributeNames.Column when attribute.ConstructorArguments.Length == 1:
                    column = AttributeValues.String(attribute.ConstructorArguments[0]);
                    break;
            }
        }

        var columns = string.IsNullOrWhiteSpace(column)
            ? new[] { property.Name, SnakeCase.From(property.Name) }.Distinct()
            : new[] { column! };
        return new PropertyModel(
            property.Name, value, nullable, property.Type.ToDisplayString(), columns.ToEquatableArray(),
            features.ToEquatableArray(), isTarget, positive, isProtected, property.SetMethod is not null, isEntityKey, isEventTime, rule, targetTransform);
    }

    private static FeatureModel ParseFeature(AttributeData attribute)
    {
        var transform = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int t && System.Enum.IsDefined(typeof(Transform), t)
            ? (Transform)t
            : Transform.Raw;
        string? other = null;
        var options = new List<OptionModel>();
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "Other")
            {
                other = AttributeValues.String(argument.Value);
                continue;
            }

            if (Value(argument.Value) is { } value)
            {
                options.Add(new OptionModel(argument.Key, value));
            }
        }

        return new FeatureModel(transform, other, options.ToEquatableArray());
    }

    // A written value as data; the emitter writes it as C#.
    private static OptionValue? Value(TypedConstant value)
    {
        if (value.Kind == TypedConstantKind.Enum && value.Type is INamedTypeSymbol enumType && value.Value is not null)
        {
            // One member, or the members of a [Flags] combination (Aggregation.Sum | Aggregation.Max); else the number.
            var typeName = enumType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            var bits = System.Convert.ToInt64(value.Value, System.Globalization.CultureInfo.InvariantCulture);
            var members = enumType.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue)
                .Select(f => (f.Name, Value: System.Convert.ToInt64(f.ConstantValue, System.Globalization.CultureInfo.InvariantCulture))).ToList();
            var exact = members.Where(m => m.Value == bits).Select(m => m.Name).Take(1).ToList();
            var flags = enumType.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.FlagsAttribute")
                ? members.Where(m => m.Value != 0 && (bits & m.Value) == m.Value).Select(m => m.Name).ToList()
                : [];
            var named = exact.Count == 1 ? exact
                : flags.Count > 0 && members.Where(m => flags.Contains(m.Name)).Aggregate(0L, (all, m) => all | m.Value) == bits ? flags
                : null;
            return new OptionValue(OptionKind.EnumMember, EnumType: typeName, Number: bits, Items: named?.ToEquatableArray());
        }

        if (value.Kind == TypedConstantKind.Array)
        {
            return new OptionValue(OptionKind.List, Items: value.IsNull
                ? EquatableArray<string>.Empty
                : value.Values.Select(v => System.Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToEquatableArray());
        }

        return value.Value switch
        {
            string s => new OptionValue(OptionKind.Text, s),
            double d => new OptionValue(OptionKind.Number, Number: d),
            int i => new OptionValue(OptionKind.Whole, Number: i),
            bool b => new OptionValue(OptionKind.Flag, Number: b ? 1 : 0),
            null => new OptionValue(OptionKind.Null),
            _ => null,
        };
    }

    private static (PropertyValueType Value, bool Nullable) Classify(ITypeSymbol type)
    {
        var nullable = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } wrapper)
        {
            nullable = true;
            type = wrapper.TypeArguments[0];
        }
        else if (type.SpecialType == SpecialType.System_String && type.NullableAnnotation == NullableAnnotation.Annotated)
        {
            nullable = true;
        }

        var value = type.SpecialType switch
        {
            SpecialType.System_String => PropertyValueType.String,
            SpecialType.System_Single => PropertyValueType.Single,
            SpecialType.System_Double => PropertyValueType.Double,
            SpecialType.System_Decimal => PropertyValueType.Decimal,
            SpecialType.System_Int32 => PropertyValueType.Int32,
            SpecialType.System_Int64 => PropertyValueType.Int64,
            SpecialType.System_Int16 => PropertyValueType.Int16,
            SpecialType.System_Byte => PropertyValueType.Byte,
            SpecialType.System_Boolean => PropertyValueType.Boolean,
            SpecialType.System_DateTime => PropertyValueType.DateTime,
            _ => type.ToDisplayString() switch
            {
                "System.DateTimeOffset" => PropertyValueType.DateTimeOffset,
                "System.DateOnly" => PropertyValueType.DateOnly,
                _ => PropertyValueType.Unsupported,
            },
        };
        return (value, nullable);
    }
}
