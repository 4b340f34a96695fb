using Microsoft.CodeAnalysis;

namespace MlAsCode.Analyzers.Features;

/// <summary>Which property types each transform can read; mirrors what the generator emits.</summary>
internal static class FeatureKinds
{
    // MlAsCode.Transform values.
    public const int TargetEncode = 21;
    public const int OneHot = 20;
    public const int Cyclical = 43;

    public static string? Problem(int transform, ITypeSymbol type, IPropertySymbol? other, bool cycleDeclared) => transform switch
    {
        >= 0 and <= 4 => IsNumeric(type) ? null : $"{Name(transform)} needs a number or bool, but the property is {type.ToDisplayString()}",
        >= 20 and <= 22 => type.SpecialType == SpecialType.System_String ? null : $"{Name(transform)} needs a string of category levels, but the property is {type.ToDisplayString()}; make it a string",
        Cyclical when !IsTime(type) => $"Cyclical needs a non-nullable DateTime, DateTimeOffset or DateOnly, but the property is {type.ToDisplayString()}",
        Cyclical when !cycleDeclared => "Cyclical needs its period: add Cycle = CyclePeriod.HourOfDay, DayOfWeek or MonthOfYear",
        Cyclical => null,
        >= 80 and <= 82 when !IsNumeric(type) => $"{Name(transform)} needs a number, but the property is {type.ToDisplayString()}",
        >= 80 and <= 82 when other is null => $"{Name(transform)} needs Other = nameof(a numeric property of this type)",
        >= 80 and <= 82 when !IsNumeric(other!.Type) => $"{Name(transform)} needs a numeric Other, but {other!.Name} is {other.Type.ToDisplayString()}",
        >= 80 and <= 82 => null,
        _ => $"transform {transform} is not one MlAsCode knows",
    };

    private static string Name(int transform) => transform switch
    {
        0 => "Raw",
        1 => "Log",
        2 => "Standardize",
        3 => "MinMax",
        4 => "QuantileBin",
        20 => "OneHot",
        21 => "TargetEncode",
        22 => "Hash",
        80 => "Ratio",
        81 => "Difference",
        82 => "Product",
        _ => transform.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static ITypeSymbol Underlying(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : type;

    private static bool IsNumeric(ITypeSymbol type) => Underlying(type).SpecialType is SpecialType.System_Single or SpecialType.System_Double
        or SpecialType.System_Decimal or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16
        or SpecialType.System_Byte or SpecialType.System_Boolean;

    private static bool IsTime(ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_DateTime || type.ToDisplayString() is "System.DateTimeOffset" or "System.DateOnly";
}
