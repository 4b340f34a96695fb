using System;
using System.Linq;

namespace MlAsCode.Features.Definition;

/// <summary>
/// One declared feature: which property, how it is read and how it is transformed. Created by generated code; the
/// factories refuse a transform that does not fit the kind of value or options out of range.
/// </summary>
public sealed class FeatureDefinition<TRow>
{
    private FeatureDefinition(string property, FeatureValueKind kind, Transform transform, string dataType, string sourceColumn, FeatureOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(property);
        Property = property;
        Kind = kind;
        Transform = transform;
        DataType = dataType;
        SourceColumn = sourceColumn;
        Options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The property name.</summary>
    public string Property { get; }

    /// <summary>The kind of value read.</summary>
    public FeatureValueKind Kind { get; }

    /// <summary>The transform.</summary>
    public Transform Transform { get; }

    /// <summary>The property's C# type, for the registry manifest.</summary>
    public string DataType { get; }

    /// <summary>The source column the property is read from.</summary>
    public string SourceColumn { get; }

    /// <summary>The declared options.</summary>
    public FeatureOptions Options { get; }

    /// <summary>The other property of an interaction.</summary>
    public string? OtherProperty { get; private init; }

    internal RowAccessor<TRow, double>? Number { get; private init; }

    internal RowAccessor<TRow, string?>? Level { get; private init; }

    internal RowAccessor<TRow, DateTime>? Time { get; private init; }

    internal RowAccessor<TRow, double>? OtherNumber { get; private init; }

    /// <summary>A numeric feature: <see cref="Transform.Raw"/>, <see cref="Transform.Log"/>,
    /// <see cref="Transform.Standardize"/>, <see cref="Transform.MinMax"/> or <see cref="Transform.QuantileBin"/>.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static FeatureDefinition<TRow> Numeric(
        string property, string dataType, string sourceColumn, Transform transform, FeatureOptions options, RowAccessor<TRow, double> value)
    {
        Require(property, transform, FeatureValueKind.Numeric, Transform.Raw, Transform.Log, Transform.Standardize, Transform.MinMax, Transform.QuantileBin);
        if (transform == Transform.QuantileBin && options.Bins < 2)
        {
            throw new ArgumentException($"Feature {property}: QuantileBin needs at least 2 bins (Bins = {options.Bins}).", nameof(options));
        }

        return new(property, FeatureValueKind.Numeric, transform, dataType, sourceColumn, options) { Number = value ?? throw new ArgumentNullException(nameof(value)) };
    }

    /// <summary>A categorical or text feature: <see cref="Transform.OneHot"/>, <see cref="Transform.TargetEncode"/>,
    /// <see cref="Transform.Hash"/> or <see cref="Transform.TfIdf"/>.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static FeatureDefinition<TRow> Categorical(
        string property, string dataType, string sourceColumn, Transform transform, FeatureOptions options, RowAccessor<TRow, string?> value)
    {
        Require(property, transform, FeatureValueKind.Categorical, Transform.OneHot, Transform.TargetEncode, Transform.Hash, Transform.TfIdf);
        if (transform == Transform.TfIdf && options.Impute != Imputation.None)
        {
            throw new ArgumentException($"Feature {property}: TF-IDF takes no imputation; a missing text has no terms and gives a row of zeros.", nameof(options));
        }

        if (transform == Transform.TfIdf && options.MaxTerms < 1)
        {
            throw new ArgumentException($"Feature {property}: TF-IDF needs MaxTerms of at least 1 (MaxTerms = {options.MaxTerms}).", nameof(options));
        }
        if (transform == Transform.TargetEncode && options.Folds < 2)
        {
            throw new ArgumentException($"Feature {property}: target encoding needs at least 2 folds so training rows are encoded out-of-fold (Folds = {options.Folds}).", nameof(options));
        }

        if (transform == Transform.TargetEncode && options.Smoothing < 0)
        {
            throw new ArgumentException($"Feature {property}: target-encoding smoothing must not be negative (Smoothing = {options.Smoothing}).", nameof(options));
        }

        if (transform == Transform.Hash && options.HashBuckets < 1)
        {
            throw new ArgumentException($"Feature {property}: hashing needs at least 1 bucket (HashBuckets = {options.HashBuckets}).", nameof(options));
        }

        if (options.Impute is Imputation.Mean or Imputation.Median)
        {
            throw new ArgumentException($"Feature {property}: {options.Impute} imputation needs numbers; use MostFrequent or Constant for a categorical feature.", nameof(options));
        }

        return new(property, FeatureValueKind.Categorical, transform, dataType, sourceColumn, options) { Level = value ?? throw new ArgumentNullException(nameof(value)) };
    }

    /// <summary>A date-time feature: <see cref="Transform.Cyclical"/> over <see cref="FeatureOptions.Cycle"/>, or
    /// <see cref="Transform.TimeSince"/> (days to the row's event time).</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static FeatureDefinition<TRow> DateTime(
        string property, string dataType, string sourceColumn, Transform transform, FeatureOptions options, RowAccessor<TRow, DateTime> value)
    {
        Require(property, transform, FeatureValueKind.DateTime, Transform.Cyclical, Transform.TimeSince);
        if (transform == Transform.Cyclical && options.Cycle == CyclePeriod.Unspecified)
        {
            throw new ArgumentException($"Feature {property}: a cyclical feature must declare its Cycle (HourOfDay, DayOfWeek or MonthOfYear).", nameof(options));
        }

        return new(property, FeatureValueKind.DateTime, transform, dataType, sourceColumn, options) { Time = value ?? throw new ArgumentNullException(nameof(value)) };
    }

    /// <summary>A temporal feature of a numeric property: <see cref="Transform.Lag"/> or <see cref="Transform.Rolling"/>.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static FeatureDefinition<TRow> Temporal(
        string property, string dataType, string sourceColumn, Transform transform, FeatureOptions options, RowAccessor<TRow, double> value)
    {
        Require(property, transform, FeatureValueKind.Temporal, Transform.Lag, Transform.Rolling);
        if (transform == Transform.Lag && (options.Lags.IsDefaultOrEmpty || options.Lags.Any(l => l < 1)))
        {
            throw new ArgumentException($"Feature {property}: Lag needs Lags of at least 1 event each (a lag of 0 or less would read the row itself or the future).", nameof(options));
        }

        if (transform == Transform.Rolling)
        {
            _ = Fitting.TimeWindow.Parse(property, options.Window);
            if (options.Aggregations == Aggregation.None)
            {
                throw new ArgumentException($"Feature {property}: Rolling needs Aggregations (Mean, Std, Min, Max, Sum, Count).", nameof(options));
            }
        }

        return new(property, FeatureValueKind.Temporal, transform, dataType, sourceColumn, options) { Number = value ?? throw new ArgumentNullException(nameof(value)) };
    }

    /// <summary>An interaction of two numeric properties: <see cref="Transform.Ratio"/>, <see cref="Transform.Difference"/>
    /// or <see cref="Transform.Product"/>.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static FeatureDefinition<TRow> Interaction(
        string property, string dataType, string sourceColumn, Transform transform, FeatureOptions options,
        RowAccessor<TRow, double> value, string otherProperty, RowAccessor<TRow, double> other)
    {
        Require(property, transform, FeatureValueKind.Interaction, Transform.Ratio, Transform.Difference, Transform.Product);
        ArgumentException.ThrowIfNullOrWhiteSpace(otherProperty);
        return new(property, FeatureValueKind.Interaction, transform, dataType, sourceColumn, options)
        {
            Number = value ?? throw new ArgumentNullException(nameof(value)),
            OtherProperty = otherProperty,
            OtherNumber = other ?? throw new ArgumentNullException(nameof(other)),
        };
    }

    private static void Require(string property, Transform transform, FeatureValueKind kind, params ReadOnlySpan<Transform> allowed)
    {
        foreach (var candidate in allowed)
        {
            if (candidate == transform)
            {
                return;
            }
        }

        throw new ArgumentException($"Feature {property}: transform {transform} does not apply to a {kind.ToString().ToLowerInvariant()} feature; use one of {string.Join(", ", allowed.ToArray())}.", nameof(transform));
    }
}
