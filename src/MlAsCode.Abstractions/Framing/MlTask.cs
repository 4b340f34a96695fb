// One definition of the enums: compiled here (public, namespace MlAsCode) and into the analyzers and generators
// (MLASCODE_EMBEDDED: namespace MlAsCode.Embedded), which cannot load this assembly while the compiler runs them.
#if MLASCODE_EMBEDDED
namespace MlAsCode.Embedded;
#else
namespace MlAsCode;
#endif

/// <summary>The kind of prediction a problem asks for (the methodology's <c>ml_task_type</c>).</summary>
/// <remarks>Values are explicit because they are stored in tracking data; new members get new numbers.</remarks>
public enum MlTask
{
    /// <summary>Not declared yet; analyzer ML0003 reports it.</summary>
    Unspecified = 0,
    /// <summary>Two classes, one of them the positive class.</summary>
    BinaryClassification = 1,
    /// <summary>Three or more classes.</summary>
    MulticlassClassification = 2,
    /// <summary>A continuous target.</summary>
    Regression = 3,
    /// <summary>Ordering items by relevance to a query.</summary>
    Ranking = 4,
    /// <summary>Generating text or other content (LLM applications).</summary>
    Generation = 5,
    /// <summary>Grouping without labels.</summary>
    Clustering = 6,
    /// <summary>Finding rare, unusual records.</summary>
    AnomalyDetection = 7,
    /// <summary>Suggesting items to users.</summary>
    Recommendation = 8,
}
