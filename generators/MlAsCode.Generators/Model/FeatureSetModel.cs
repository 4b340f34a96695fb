using MlAsCode.Generators.Common;

namespace MlAsCode.Generators.Model;

/// <summary>One <c>[FeatureSet]</c> declaration.</summary>
internal sealed record FeatureSetModel(
    TypeDeclarationModel Type,
    string TypeName,
    bool IsValueType,
    string Entity,
    string SourceTable,
    int Seed,
    EquatableArray<PropertyModel> Properties);

/// <summary>How a property's value is read from CSV and into a feature.</summary>
internal enum PropertyValueType
{
    Unsupported,
    String,
    Single,
    Double,
    Decimal,
    Int32,
    Int64,
    Int16,
    Byte,
    Boolean,
    DateTime,
    DateTimeOffset,
    DateOnly,
}

/// <summary>A settable property of a feature set, with what its attributes declare.</summary>
/// <param name="Name">The property name.</param>
/// <param name="Value">How its value is read.</param>
/// <param name="IsNullable">A nullable value type or a nullable-annotated string.</param>
/// <param name="DataType">Its C# type as written for people (registry manifest).</param>
/// <param name="Columns">Header names it may be read from, in order of preference.</param>
/// <param name="Features">Its <c>[Feature]</c> attributes (one property may carry several).</param>
/// <param name="IsTarget">It has <c>[Target]</c>.</param>
/// <param name="TargetPositive">The positive class of the target.</param>
/// <param name="IsProtected">It has <c>[Protected]</c>.</param>
/// <param name="IsSettable">It can be set, so the CSV loader reads it; a get-only feature is computed.</param>
/// <param name="IsEntityKey">It has <c>[EntityKey]</c>.</param>
/// <param name="IsEventTime">It has <c>[EventTime]</c>.</param>
/// <param name="ValidationRule">A <c>[ValidRange]</c>/<c>[ValidValues]</c> rule's constructor arguments.</param>
/// <param name="TargetTransform">The target's <c>TargetTransform</c> value (0: none).</param>
internal sealed record PropertyModel(
    string Name,
    PropertyValueType Value,
    bool IsNullable,
    string DataType,
    EquatableArray<string> Columns,
    EquatableArray<FeatureModel> Features,
    bool IsTarget,
    string? TargetPositive,
    bool IsProtected,
    bool IsSettable,
    bool IsEntityKey,
    bool IsEventTime,
    string? ValidationRule = null,
    TargetTransform TargetTransform = TargetTransform.None);

/// <summary>A <c>[Feature]</c>: its transform and the options written, as typed values.</summary>
/// <param name="Transform">The transform (decides the kind of feature).</param>
/// <param name="Other">The other property of an interaction.</param>
/// <param name="Options">Written options other than <c>Other</c>.</param>
internal sealed record FeatureModel(
    Transform Transform,
    string? Other,
    EquatableArray<OptionModel> Options);

/// <summary>One written option: the property's name and its value.</summary>
internal sealed record OptionModel(string Name, OptionValue Value);

/// <summary>A written attribute value, typed: a text, a number (whole or not), a flag, an enum value (its type's full
/// name, its number and the members that make it up), a list of values, or null.</summary>
internal sealed record OptionValue(OptionKind Kind, string? Text = null, double Number = 0, string? EnumType = null, EquatableArray<string>? Items = null)
{
    public bool IsTrue => Kind == OptionKind.Flag && Number == 1;
}

/// <summary>What an <see cref="OptionValue"/> holds.</summary>
internal enum OptionKind
{
    Null,
    Text,
    Whole,
    Number,
    Flag,
    EnumMember,
    List,
}
