// One definition of the enums: compiled here (public, namespace MlAsCode) and into the analyzers and generators
// (MLASCODE_EMBEDDED: namespace MlAsCode.Embedded), which cannot load this assembly while the compiler runs them.
#if MLASCODE_EMBEDDED
namespace MlAsCode.Embedded;
#else
namespace MlAsCode;
#endif

/// <summary>
/// How a feature's value becomes model input (the methodology's <c>feature_types</c>). Values are explicit and stable.
/// </summary>
public enum Transform
{
    /// <summary>Numeric value as is (after imputation).</summary>
    Raw = 0,
    /// <summary><c>log1p(x)</c>; negatives follow <see cref="FeatureAttribute.Negative"/>.</summary>
    Log = 1,
    /// <summary>Z-score with the training mean and population standard deviation.</summary>
    Standardize = 2,
    /// <summary>Scaled to [0, 1] by the training minimum and maximum (values outside are not clipped).</summary>
    MinMax = 3,
    /// <summary>Bin index (0 … bins-1) by quantile edges learned on training rows.</summary>
    QuantileBin = 4,

    /// <summary>One column per training level; an unseen level sets no column.</summary>
    OneHot = 20,
    /// <summary>Smoothed mean of the target per level; out-of-fold on training rows (K-fold).</summary>
    TargetEncode = 21,
    /// <summary>Hashing trick into a fixed number of columns, for very high cardinality.</summary>
    Hash = 22,

    /// <summary>
    /// The same entity's value <see cref="FeatureAttribute.Lags"/> events earlier (t-1, t-7, …), in event-time order;
    /// needs <c>[EventTime]</c> (and <c>[EntityKey]</c> when rows describe several entities).
    /// </summary>
    Lag = 40,
    /// <summary>
    /// <see cref="FeatureAttribute.Aggregations"/> of the same entity's values in the <see cref="FeatureAttribute.Window"/>
    /// ending at the row's event time, the row included; needs <c>[EventTime]</c>.
    /// </summary>
    Rolling = 41,
    /// <summary>Days from this date-time property to the row's <c>[EventTime]</c>.</summary>
    TimeSince = 42,
    /// <summary>Sine and cosine of a date-time's position in its <see cref="CyclePeriod"/>.</summary>
    Cyclical = 43,

    /// <summary>
    /// TF-IDF of a text property over a vocabulary of at most <see cref="FeatureAttribute.MaxTerms"/> terms fitted on the
    /// training rows (scikit-learn's TfidfVectorizer defaults: lowercase words of two or more characters, smoothed IDF,
    /// L2-normalized rows).
    /// </summary>
    TfIdf = 60,

    /// <summary>This feature divided by <see cref="FeatureAttribute.Other"/>.</summary>
    Ratio = 80,
    /// <summary>This feature minus <see cref="FeatureAttribute.Other"/>.</summary>
    Difference = 81,
    /// <summary>This feature times <see cref="FeatureAttribute.Other"/>.</summary>
    Product = 82,
}

/// <summary>How missing values are filled, from statistics of the training rows.</summary>
public enum Imputation
{
    /// <summary>No imputation: a missing numeric value stays NaN; a missing level sets no one-hot column.</summary>
    None = 0,
    /// <summary>Training mean (numeric).</summary>
    Mean = 1,
    /// <summary>Training median (numeric).</summary>
    Median = 2,
    /// <summary>Most frequent training value (numeric or categorical).</summary>
    MostFrequent = 3,
    /// <summary><see cref="FeatureAttribute.ImputeValue"/> or <see cref="FeatureAttribute.ImputeCategory"/>.</summary>
    Constant = 4,
}

/// <summary>What a log transform does with negative values.</summary>
public enum NegativePolicy
{
    /// <summary>Refuse: fitting or transforming a negative value fails with the row and value.</summary>
    Error = 0,
    /// <summary>Clip to zero first (<c>log1p(max(x, 0))</c>).</summary>
    Clip = 1,
    /// <summary>Signed log: <c>sign(x) * log1p(|x|)</c>.</summary>
    SignedLog = 2,
}

/// <summary>What a ratio does when the denominator is zero.</summary>
public enum DivisionByZero
{
    /// <summary>The ratio is missing (NaN), then imputed like any missing value.</summary>
    Missing = 0,
    /// <summary>The ratio is 0.</summary>
    Zero = 1,
    /// <summary>Refuse with the row and values.</summary>
    Error = 2,
}

/// <summary>The cycle a <see cref="Transform.Cyclical"/> feature is encoded over.</summary>
public enum CyclePeriod
{
    /// <summary>Not declared; a cyclical feature must name its period, so defining the pipeline fails without one.</summary>
    Unspecified = 0,
    /// <summary>Hour of day, 24 steps.</summary>
    HourOfDay = 1,
    /// <summary>Day of week, 7 steps.</summary>
    DayOfWeek = 2,
    /// <summary>Month of year, 12 steps.</summary>
    MonthOfYear = 3,
}

/// <summary>Aggregations of a <see cref="Transform.Rolling"/> window; combine with <c>|</c>.</summary>
[System.Flags]
public enum Aggregation
{
    /// <summary>None declared (a rolling feature must declare at least one).</summary>
    None = 0,
    /// <summary>Mean of the values in the window.</summary>
    Mean = 1,
    /// <summary>Population standard deviation of the values in the window.</summary>
    Std = 2,
    /// <summary>Smallest value.</summary>
    Min = 4,
    /// <summary>Largest value.</summary>
    Max = 8,
    /// <summary>Sum of the values.</summary>
    Sum = 16,
    /// <summary>Number of events with a value.</summary>
    Count = 32,
}

/// <summary>
/// A transform of a regression target: the model is trained on the transformed value and every prediction is turned
/// back, so metrics, intervals, served answers and monitoring are in the target's own units (scikit-learn's
/// <c>TransformedTargetRegressor</c>). The inverse of a log predicts the median on the original scale, not the mean.
/// </summary>
public enum TargetTransform
{
    /// <summary>Trained on the target as it is.</summary>
    None = 0,
    /// <summary>Natural logarithm; every target must be above 0 (prices, durations, counts without zeros).</summary>
    Log = 1,
    /// <summary><c>log(1 + y)</c>; every target must be 0 or more (counts, amounts with zeros).</summary>
    Log1p = 2,
    /// <summary>Square root; every target must be 0 or more (counts with a spread growing with the mean).</summary>
    Sqrt = 3,
}

/// <summary>What a served request does with a category the training data never had.</summary>
public enum UnknownCategory
{
    /// <summary>Scored (one-hot: no level set; target encoding: the training prior) and counted.</summary>
    Allow = 0,
    /// <summary>Refused: a 400 naming the field, the value and the known levels.</summary>
    Error = 1,
    /// <summary>Answered by the service's fallback (<c>source: "fallback"</c>, reason <c>unknown_category</c>).</summary>
    Fallback = 2,
}
