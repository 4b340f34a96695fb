using System;

namespace MlAsCode;

/// <summary>
/// Declares a property as a model input and how it is transformed. Statistics a transform needs (means, levels,
/// quantiles, encodings, imputation values) are learned from training rows only, when the pipeline is fitted.
/// Repeat it to derive several features from one property (for example the day of week and the month of a date).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class FeatureAttribute : Attribute
{
    /// <summary>A feature with the given transform.</summary>
    public FeatureAttribute(Transform transform = Transform.Raw) => Transform = transform;

    /// <summary>How the value becomes model input.</summary>
    public Transform Transform { get; }

    /// <summary>
    /// An explicit feature name. It must follow <c>{entity}_{feature_name}[_{window}_{aggregation}]</c> in lower
    /// snake case (ML0107); by default the name is derived from the entity, the property and the transform.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>How missing values (empty, NaN, null) are filled; learned on training rows.</summary>
    public Imputation Impute { get; set; }

    /// <summary>The value for <see cref="Imputation.Constant"/> on a numeric feature.</summary>
    public double ImputeValue { get; set; }

    /// <summary>The level for <see cref="Imputation.Constant"/> on a categorical feature.</summary>
    public string? ImputeCategory { get; set; }

    /// <summary>What <see cref="Transform.Log"/> does with negative values.</summary>
    public NegativePolicy Negative { get; set; }

    /// <summary>Number of quantile bins for <see cref="Transform.QuantileBin"/>.</summary>
    public int Bins { get; set; } = 10;

    /// <summary>
    /// For <see cref="Transform.QuantileBin"/>: one column per bin (the bin as a one-hot categorical) instead of one
    /// column holding the bin index.
    /// </summary>
    public bool OneHotBins { get; set; }

    /// <summary>
    /// Folds for <see cref="Transform.TargetEncode"/>: training rows are encoded out-of-fold so a row never sees its own
    /// label. At least 2 (ML0103); 5 is usual.
    /// </summary>
    public int Folds { get; set; }

    /// <summary>Smoothing toward the global mean for <see cref="Transform.TargetEncode"/>, as a pseudo-count.</summary>
    public double Smoothing { get; set; } = 10;

    /// <summary>Output columns for <see cref="Transform.Hash"/>.</summary>
    public int HashBuckets { get; set; } = 32;

    /// <summary>The other property of an interaction (<see cref="Transform.Ratio"/>, <see cref="Transform.Difference"/>,
    /// <see cref="Transform.Product"/>); use <c>nameof</c>.</summary>
    public string? Other { get; set; }

    /// <summary>What <see cref="Transform.Ratio"/> does when the other value is zero.</summary>
    public DivisionByZero DivisionByZero { get; set; }

    /// <summary>The period a <see cref="Transform.Cyclical"/> date-time feature is encoded over.</summary>
    public CyclePeriod Cycle { get; set; }

    /// <summary>Event offsets for <see cref="Transform.Lag"/>, each at least 1 (for example <c>new[] { 1, 7, 30 }</c>);
    /// one output column per lag. A zero or negative lag would read the future (ML0106).</summary>
    public int[]? Lags { get; set; }

    /// <summary>
    /// The window of a <see cref="Transform.Rolling"/> feature, ending at the row's event time: a positive number and a
    /// unit, <c>m</c> (minutes), <c>h</c>, <c>d</c> or <c>w</c>, for example <c>"30d"</c> (ML0106 otherwise).
    /// </summary>
    public string? Window { get; set; }

    /// <summary>What a <see cref="Transform.Rolling"/> feature computes over its window; one column each.</summary>
    public Aggregation Aggregations { get; set; }

    /// <summary>The largest vocabulary of a <see cref="Transform.TfIdf"/> feature (the most frequent training terms); one
    /// column per term.</summary>
    public int MaxTerms { get; set; } = 100;

    /// <summary>What the feature means (registry manifest).</summary>
    public string? Description { get; set; }

    /// <summary>Who owns the feature (registry manifest).</summary>
    public string? Owner { get; set; }

    /// <summary>Known data problems (registry manifest).</summary>
    public string? KnownIssues { get; set; }

    /// <summary>What a served request does with a category the training data never had (<c>OneHot</c>,
    /// <c>TargetEncode</c>): scored and counted (<see cref="UnknownCategory.Allow"/>), refused with a 400, or answered
    /// by the service's fallback. Every unknown category is counted in the response and on <c>/monitoring</c>.</summary>
    public UnknownCategory Unknown { get; set; }
}
