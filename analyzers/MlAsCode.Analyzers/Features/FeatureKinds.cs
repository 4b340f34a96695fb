using Microsoft.CodeAnalysis;

namespace MlAsCode.Analyzers.Features;

/// <summary>Which property types each transform can read; mirrors what the generator emits.</summary>
internal static class FeatureKinds
{
    public static bool IsEventTimeType(ITypeSymbol type) => IsTime(type);

    /// <summary>Option values the runtime would refuse when the pipeline is defined.</summary>
    public static string? OptionProblem(Transform transform, Common.AttributeArguments feature, IPropertySymbol? target)
    {
        var impute = (Imputation)feature.Int("Impute");
        return transform switch
        {
            Transform.QuantileBin when feature.Has("Bins") && feature.Int("Bins") < 2 => $"QuantileBin needs at least 2 Bins (Bins = {feature.Int("Bins")})",
            Transform.Hash when feature.Has("HashBuckets") && feature.Int("HashBuckets") < 1 => $"Hash needs at least 1 bucket (HashBuckets = {feature.Int("HashBuckets")})",
            Transform.TfIdf when feature.Has("MaxTerms") && feature.Int("MaxTerms") < 1 => $"TfIdf needs MaxTerms of at least 1 (MaxTerms = {feature.Int("MaxTerms")})",
            not Transform.QuantileBin when feature.Named("OneHotBins")?.Value is true => "OneHotBins applies only to Transform.QuantileBin",
            Transform.TfIdf when impute != Imputation.None => "TfIdf takes no imputation: a missing text has no terms and gives a row of zeros",
            Transform.TargetEncode when feature.Double("Smoothing") is < 0 => "TargetEncode needs Smoothing of 0 or more",
            Transform.TargetEncode when target is null => "TargetEncode needs a [Target] property on the feature set",
            Transform.OneHot or Transform.TargetEncode or Transform.Hash when impute is Imputation.Mean or Imputation.Median =>
                "Mean and Median imputation need numbers; use MostFrequent or Constant for a categorical feature",
            not (Transform.OneHot or Transform.TargetEncode) when (UnknownCategory)feature.Int("Unknown") != UnknownCategory.Allow =>
                "Unknown (what serving does with a category training never had) applies to OneHot and TargetEncode features only",
            _ => null,
        };
    }

    public static string? Problem(Transform transform, ITypeSymbol type, IPropertySymbol? other, bool cycleDeclared, bool hasEventTime, bool hasEntityKey, TemporalOptions temporal) => transform switch
    {
        Transform.Lag or Transform.Rolling or Transform.TimeSince when !hasEventTime => $"{transform} needs an [EventTime] property on the feature set",
        Transform.Lag or Transform.Rolling when !hasEntityKey =>
            $"{transform} needs an [EntityKey] property so each entity's events stay apart; for a single series declare a constant one, such as [EntityKey] public string Series => \"all\";",
        Transform.Lag or Transform.Rolling when !IsNumeric(type) => $"{transform} needs a number, but the property is {type.ToDisplayString()}",
        Transform.Lag when temporal.LagCount == 0 => "Lag needs Lags, for example Lags = new[] { 1, 7, 30 }",
        Transform.Rolling when temporal.Window is null || !Windows.IsWellFormed(temporal.Window) => "Rolling needs a Window such as \"7d\" (a whole number and m, h, d or w)",
        Transform.Rolling when temporal.Aggregations == 0 => "Rolling needs Aggregations, for example Aggregation.Mean | Aggregation.Max",
        Transform.Lag or Transform.Rolling => null,
        Transform.TimeSince when !IsTime(type) => $"TimeSince needs a non-nullable DateTime, DateTimeOffset or DateOnly, but the property is {type.ToDisplayString()}",
        Transform.TimeSince => null,
        Transform.Raw or Transform.Log or Transform.Standardize or Transform.MinMax or Transform.QuantileBin =>
            IsNumeric(type) ? null : $"{transform} needs a number or bool, but the property is {type.ToDisplayString()}",
        Transform.OneHot or Transform.TargetEncode or Transform.Hash or Transform.TfIdf =>
            type.SpecialType == SpecialType.System_String ? null : $"{transform} needs a string of category levels, but the property is {type.ToDisplayString()}; make it a string",
        Transform.Cyclical when !IsTime(type) => $"Cyclical needs a non-nullable DateTime, DateTimeOffset or DateOnly, but the property is {type.ToDisplayString()}",
        Transform.Cyclical when !cycleDeclared => "Cyclical needs its period: add Cycle = CyclePeriod.HourOfDay, DayOfWeek or MonthOfYear",
        Transform.Cyclical => null,
        Transform.Ratio or Transform.Difference or Transform.Product when !IsNumeric(type) => $"{transform} needs a number, but the property is {type.ToDisplayString()}",
        Transform.Ratio or Transform.Difference or Transform.Product when other is null => $"{transform} needs Other = nameof(a numeric property of this type)",
        Transform.Ratio or Transform.Difference or Transform.Product when !IsNumeric(other!.Type) => $"{transform} needs a numeric Other, but {other!.Name} is {other.Type.ToDisplayString()}",
        Transform.Ratio or Transform.Difference or Transform.Product => null,
        _ => $"transform {(int)transform} is not one MlAsCode knows",
    };

    private static ITypeSymbol Underlying(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : type;

    /// <summary>Why a <c>[Target(Transform = …)]</c> cannot apply: a target that is not a number, or a problem that is
    /// not regression; null when it can.</summary>
    public static string? TargetTransformProblem(ITypeSymbol type, string? positive, MlTask? task) =>
        !IsNumeric(type) || type.SpecialType == SpecialType.System_Boolean || Underlying(type).SpecialType == SpecialType.System_Boolean || positive is not null
            ? $"a target transform (TargetTransform) needs a numeric regression target, but the target is {type.ToDisplayString()}{(positive is null ? "" : " with a positive class")}"
            : task is { } t && t != MlTask.Regression
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
