// One definition of the enums: compiled here (public, namespace MlAsCode) and into the analyzers and generators
// (MLASCODE_EMBEDDED: namespace MlAsCode.Embedded), which cannot load this assembly while the compiler runs them.
#if MLASCODE_EMBEDDED
namespace MlAsCode.Embedded;
#else
namespace MlAsCode;
#endif

/// <summary>An evaluation metric. Analyzer ML0004 checks that a declared metric fits the declared task.</summary>
/// <remarks>Values are explicit because they are stored in tracking data; new members get new numbers.</remarks>
public enum Metric
{
    /// <summary>Not declared.</summary>
    Unspecified = 0,

    /// <summary>Share of correct predictions. Misleading when one class dominates.</summary>
    Accuracy = 1,
    /// <summary>Mean of per-class recall.</summary>
    BalancedAccuracy = 2,
    /// <summary>Share of predicted positives that are positive.</summary>
    Precision = 3,
    /// <summary>Share of actual positives that are found.</summary>
    Recall = 4,
    /// <summary>Harmonic mean of precision and recall.</summary>
    F1 = 5,
    /// <summary>Area under the ROC curve.</summary>
    RocAuc = 6,
    /// <summary>Area under the precision-recall curve (average precision); the methodology's choice for rare positives.</summary>
    PrAuc = 7,
    /// <summary>Matthews correlation coefficient.</summary>
    Mcc = 8,
    /// <summary>Cross-entropy of predicted probabilities.</summary>
    LogLoss = 9,
    /// <summary>Mean squared error of predicted probabilities.</summary>
    Brier = 10,

    /// <summary>Unweighted mean of per-class F1; the methodology's multiclass default.</summary>
    MacroF1 = 20,
    /// <summary>F1 over all decisions pooled.</summary>
    MicroF1 = 21,
    /// <summary>Per-class F1 weighted by support.</summary>
    WeightedF1 = 22,
    /// <summary>Agreement beyond chance.</summary>
    CohenKappa = 23,

    /// <summary>Mean absolute error; the methodology's regression default (outliers do not dominate).</summary>
    Mae = 40,
    /// <summary>Root mean squared error; penalizes large errors more.</summary>
    Rmse = 41,
    /// <summary>Coefficient of determination.</summary>
    R2 = 42,
    /// <summary>Mean absolute percentage error.</summary>
    Mape = 43,
    /// <summary>Median absolute error.</summary>
    MedianAbsoluteError = 44,

    /// <summary>Normalized discounted cumulative gain at K; the methodology's ranking default.</summary>
    NdcgAtK = 60,
    /// <summary>Mean average precision (binary relevance).</summary>
    Map = 61,
    /// <summary>Mean reciprocal rank.</summary>
    Mrr = 62,
    /// <summary>Precision among the top K; the methodology's anomaly-detection default.</summary>
    PrecisionAtK = 63,
    /// <summary>Recall among the top K.</summary>
    RecallAtK = 64,

    /// <summary>Silhouette coefficient.</summary>
    Silhouette = 80,
    /// <summary>Adjusted Rand index against reference labels.</summary>
    AdjustedRandIndex = 81,
    /// <summary>Davies-Bouldin index.</summary>
    DaviesBouldin = 82,

    /// <summary>Human judgement of generated output; the methodology requires it for generation.</summary>
    HumanEvaluation = 100,
    /// <summary>BLEU n-gram overlap; insufficient on its own.</summary>
    Bleu = 101,
    /// <summary>ROUGE overlap; insufficient on its own.</summary>
    Rouge = 102,
    /// <summary>Share of answer claims supported by the retrieved context.</summary>
    Faithfulness = 103,
    /// <summary>How well an answer addresses the question.</summary>
    AnswerRelevance = 104,
}
