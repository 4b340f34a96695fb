namespace MlAsCode.Analyzers.Common;

// Analyzers cannot load MlAsCode.Abstractions at analysis time, so they read enum arguments as numbers and name
// them with these mirrors. A unit test fails if a mirror and its public enum ever disagree.

/// <summary>Mirror of <c>MlAsCode.MlTask</c>.</summary>
internal enum MlTask
{
    Unspecified = 0,
    BinaryClassification = 1,
    MulticlassClassification = 2,
    Regression = 3,
    Ranking = 4,
    Generation = 5,
    Clustering = 6,
    AnomalyDetection = 7,
    Recommendation = 8,
}

/// <summary>Mirror of <c>MlAsCode.BaselineKind</c>.</summary>
internal enum BaselineKind
{
    Unspecified = 0,
    MajorityClass = 1,
    MeanPrediction = 2,
    MedianPrediction = 3,
    Rules = 4,
    Measured = 5,
    GroupMedian = 6,
    GroupMean = 7,
}

/// <summary>Mirror of <c>MlAsCode.Metric</c>.</summary>
internal enum Metric
{
    Unspecified = 0,
    Accuracy = 1,
    BalancedAccuracy = 2,
    Precision = 3,
    Recall = 4,
    F1 = 5,
    RocAuc = 6,
    PrAuc = 7,
    Mcc = 8,
    LogLoss = 9,
    Brier = 10,
    MacroF1 = 20,
    MicroF1 = 21,
    WeightedF1 = 22,
    CohenKappa = 23,
    Mae = 40,
    Rmse = 41,
    R2 = 42,
    Mape = 43,
    MedianAbsoluteError = 44,
    NdcgAtK = 60,
    Map = 61,
    Mrr = 62,
    PrecisionAtK = 63,
    RecallAtK = 64,
    Silhouette = 80,
    AdjustedRandIndex = 81,
    DaviesBouldin = 82,
    HumanEvaluation = 100,
    Bleu = 101,
    Rouge = 102,
    Faithfulness = 103,
    AnswerRelevance = 104,
}

/// <summary>Mirror of <c>MlAsCode.ModelFamily</c>.</summary>
internal enum ModelFamily
{
    LightGbm = 0,
    FastTree = 1,
    Linear = 2,
    Mlp = 3,
    IsolationForest = 4,
}

/// <summary>Mirror of <c>MlAsCode.TuningStrategy</c>.</summary>
internal enum TuningStrategy
{
    Manual = 0,
    Grid = 1,
    Random = 2,
    Bayesian = 3,
}

/// <summary>Mirror of <c>MlAsCode.Scale</c>.</summary>
internal enum Scale
{
    Linear = 0,
    Log = 1,
}

/// <summary>Mirror of <c>MlAsCode.KillWhen</c>.</summary>
internal enum KillWhen
{
    Unchecked = 0,
    BaselineShareAbove = 1,
    LiftOverRandomBelow = 2,
    DataQualityBelow = 3,
    CostPer1000Above = 4,
    LatencyAbove = 5,
}

/// <summary>Mirror of <c>MlAsCode.LatencyClass</c>.</summary>
internal enum LatencyClass
{
    Unspecified = 0,
    RealTime = 1,
    NearRealTime = 2,
    Batch = 3,
}
