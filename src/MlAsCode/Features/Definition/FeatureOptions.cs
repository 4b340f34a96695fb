namespace MlAsCode.Features.Definition;

/// <summary>The options of one feature, as declared with <see cref="FeatureAttribute"/>.</summary>
public sealed record FeatureOptions
{
    /// <summary>Options with every default.</summary>
    public static FeatureOptions Default { get; } = new();

    /// <summary>An explicit feature name, or <c>null</c> to derive it.</summary>
    public string? Name { get; init; }

    /// <summary>How missing values are filled.</summary>
    public Imputation Impute { get; init; }

    /// <summary>Numeric constant for <see cref="Imputation.Constant"/>.</summary>
    public double ImputeValue { get; init; }

    /// <summary>Categorical constant for <see cref="Imputation.Constant"/>.</summary>
    public string? ImputeCategory { get; init; }

    /// <summary>Negative values under <see cref="Transform.Log"/>.</summary>
    public NegativePolicy Negative { get; init; }

    /// <summary>Quantile bins.</summary>
    public int Bins { get; init; } = 10;

    /// <summary>Quantile bins as one-hot columns rather than one index column.</summary>
    public bool OneHotBins { get; init; }

    /// <summary>Target-encoding folds.</summary>
    public int Folds { get; init; }

    /// <summary>Target-encoding smoothing pseudo-count.</summary>
    public double Smoothing { get; init; } = 10;

    /// <summary>Hashing-trick columns.</summary>
    public int HashBuckets { get; init; } = 32;

    /// <summary>Zero denominators under <see cref="Transform.Ratio"/>.</summary>
    public DivisionByZero DivisionByZero { get; init; }

    /// <summary>The period of a <see cref="Transform.Cyclical"/> feature.</summary>
    public CyclePeriod Cycle { get; init; }

    /// <summary>Event offsets of a <see cref="Transform.Lag"/> feature.</summary>
    public System.Collections.Immutable.ImmutableArray<int> Lags { get; init; } = [];

    /// <summary>The window of a <see cref="Transform.Rolling"/> feature, such as <c>"30d"</c>.</summary>
    public string? Window { get; init; }

    /// <summary>The aggregations of a <see cref="Transform.Rolling"/> feature.</summary>
    public Aggregation Aggregations { get; init; }

    /// <summary>The largest TF-IDF vocabulary.</summary>
    public int MaxTerms { get; init; } = 100;

    /// <summary>What the feature means.</summary>
    public string? Description { get; init; }

    /// <summary>Who owns the feature.</summary>
    public string? Owner { get; init; }

    /// <summary>Known data problems.</summary>
    public string? KnownIssues { get; init; }

    /// <summary>What serving does with a category the training data never had.</summary>
    public UnknownCategory Unknown { get; init; }
}
