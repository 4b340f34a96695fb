// One definition of the enums: compiled here (public, namespace MlAsCode) and into the analyzers and generators
// (MLASCODE_EMBEDDED: namespace MlAsCode.Embedded), which cannot load this assembly while the compiler runs them.
#if MLASCODE_EMBEDDED
namespace MlAsCode.Embedded;
#else
namespace MlAsCode;
#endif

/// <summary>
/// How the holdout is carved from the data (the methodology's leakage checklist: duplicates removed and entities grouped
/// before splitting; temporal splits for time-ordered data).
/// </summary>
public enum SplitStrategy
{
    /// <summary>Seeded random sample of rows (of whole entities when the feature set has an <c>[EntityKey]</c>).</summary>
    Random = 0,

    /// <summary>Random within each target class, so both sides keep the class shares (imbalanced classification).</summary>
    Stratified = 1,

    /// <summary>The latest events are the test set (by <c>[EventTime]</c>), optionally after a gap.</summary>
    Temporal = 2,

    /// <summary>Whole entities (by <c>[EntityKey]</c>) go to one side.</summary>
    Group = 3,
}

/// <summary>How cross-validation folds are made on the training part.</summary>
public enum CrossValidationStrategy
{
    /// <summary>K seeded, shuffled folds (of whole entities when the feature set has an <c>[EntityKey]</c>).</summary>
    KFold = 0,

    /// <summary>K folds that keep the class shares.</summary>
    StratifiedKFold = 1,

    /// <summary>Expanding window over event time: each fold trains on everything before its validation block
    /// (scikit-learn's <c>TimeSeriesSplit</c>).</summary>
    TimeSeries = 2,
}
