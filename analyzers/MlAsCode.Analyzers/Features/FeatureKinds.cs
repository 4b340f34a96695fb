using Microsoft.CodeAnalysis;

namespace MlAsCode.Analyzers.Features;

/// <summary>Which property types each transform can read; mirrors what the generator emits.</summary>
internal static class FeatureKinds
{
    // MlAsCode.Transform values.
    public const int TargetEncode = 21;
    public const int OneHot = 20;
    public const int Cyclical = 43;

    public const int Lag = 40;
    public const int Rolling = 41;
    public const int TimeSince = 42;
    public const int QuantileBin = 4;
    public const int Hash = 22;
    public const int TfIdf = 60;

    public static bool IsEventTimeType(ITypeSymbol type) => IsTime(type);

    /// <summary>Option values the runtime would refuse when the pipeline is defined.</summary>
    public static string? OptionProblem(int transform, Common.AttributeArguments feature, IPropertySymbol? target)
    {
        var impute = feature.Int("Impute"); // Imputation: 1 Mean, 2 Median
        return transform switch
        {
            QuantileBin when feature.Has("Bins") && feature.Int("Bins") < 2 => $"QuantileBin needs at least 2 Bins (Bins = {feature.Int("Bins")})",
            Hash when feature.Has("HashBuckets") && feature.Int("HashBuckets") < 1 => $"Hash needs at least 1 bucket (HashBuckets = {feature.Int("HashBuckets")})",
            TfIdf when feature.Has("MaxTerms") && feature.Int("MaxTerms") < 1 => $"TfIdf needs MaxTerms of at least 1 (MaxTerms = {feature.Int("MaxTerms")})",
            not QuantileBin when feature.Named("OneHotBins")?.Value is true => "OneHotBins applies only to Transform.QuantileBin",
            TfIdf when impute != 0 => "TfIdf takes no imputation: a missing text has no terms and gives a row of zeros",
            TargetEncode when feature.Double("Smoothing") is < 0 => "TargetEncode needs Smoothing of 0 or more",
            TargetEncode when target is null => "TargetEncode needs a [Target] property on the feature set",
            >= 20 and <= 22 when impute is 1 or 2 => "Mean and Median imputation need numbers; use MostFrequent or Constant for a categorical feature",
            not (OneHot or TargetEncode) when feature.Int("Unknown") != 0 =>
                "Unknown (what serving does with a category training never had) applies to OneHot and TargetEncode features only",
            _ => null,
        };
    }

    public static string? Problem(int transform, ITypeSymbol type, IPropertySymbol? other, bool cycleDeclared, bool hasEventTime, bool hasEntityKey, TemporalOptions temporal) => transform switch
    {
        Lag or Rolling or 42 when !hasEventTime => $"{Name(transform)} needs an [EventTime] property on the feature set",
        Lag or Rolling when !hasEntityKey =>
            $"{Name(transform)} needs an [EntityKey] property so each entity's events stay apart; for a single series declare a constant one, such as [EntityKey] public string Series => \"all\";",
        Lag or Rolling when !IsNumeric(type) => $"{Name(transform)} needs a number, but the property is {type.ToDisplayString()}",
        Lag when temporal.LagCount == 0 => "Lag needs Lags, for example Lags = new[] { 1, 7, 30 }",
        Rolling when temporal.Window is null || !Windows.IsWellFormed(temporal.Window) => "Rolling needs a Window such as \"7d\" (a whole number and m, h, d or w)",
        Rolling when temporal.Aggregations == 0 => "Rolling needs Aggregations, for example Aggregation.Mean | Aggregation.Max",
        Lag or Rolling => null,
        42 when !IsTime(type) => $"TimeSince needs a non-nullable DateTime, DateTimeOffset or DateOnly, but the property is {type.ToDisplayString()}",
        42 => null,
        >= 0 and <= 4 => IsNumeric(type) ? null : $"{Name(transform)} needs a number or bool, but the property is {type.ToDisplayString()}",
        >= 20 and <= 22 or 60 => type.SpecialType == SpecialType.System_String ? null : $"{Name(transform)} needs a string of category levels, but the property is {type.ToDisplayString()}; make it a string",
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
        60 => "TfIdf",
        40 => "Lag",
        41 => "Rolling",
        42 => "TimeSince",
        80 => "Ratio",
        81 => "Difference",
        82 => "Product",
        _ => transform.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static ITypeSymbol Underlying(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : type;

    /// <summary>Why a <c>[Target(Transform = …)]</c> cannot apply: a target that is not a number, or a problem that is
    /// not regression; null when it can.</summary>
    public static string? TargetTransformProblem(ITypeSymbol type, string? positive, Common.MlTask? task) =>
        !IsNumeric(type) || type.SpecialType == SpecialType.System_Boolean || Underlying(type).SpecialType == SpecialType.System_Boolean || positive is not null
            ? $"a target transform (TargetTransform) needs a numeric regression target, but the target is {type.ToDisplayString()}{(positive is null ? "" : " with a positive class")}"
            : task is { } t && t != Common.MlTask.Regression
                ? $"a target transform (TargetTransform) applies to regression; the problem's task is {t}"
                : null;

    private static bool IsNumeric(ITypeSymbol type) => Underlying(type).SpecialType is SpecialType.System_Single or SpecialType.System_Double
        or SpecialType.System_Decimal or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16
        or SpecialType.System_Byte or SpecialType.System_Boolean;

    private static bool IsTime(ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_DateTime || type.ToDisplayString() is "System.DateTimeOffset" or "System.DateOnly";
}

/// <summary>The temporal options written on a <c>[Feature]</c>.</summary>
internal readonly record struct TemporalOptions(int LagCount, string? Window, int Aggregations);

/// <summary>Window strings: an optional sign, digits and a unit.</summary>
internal static class Windows
{
    public static bool IsWellFormed(string window) =>
        window.Length >= 2 && "mhdw".IndexOf(window[window.Length - 1]) >= 0
        && int.TryParse(window.Substring(0, window.Length - 1), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>Whether a well-formed window is empty or points after the event (0 or negative).</summary>
    public static bool ReachesPastEvent(string window) =>
        IsWellFormed(window) && int.Parse(window.Substring(0, window.Length - 1), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture) <= 0;
}
