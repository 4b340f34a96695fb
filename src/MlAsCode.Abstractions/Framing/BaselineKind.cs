// One definition of the enums: compiled here (public, namespace MlAsCode) and into the analyzers and generators
// (MLASCODE_EMBEDDED: namespace MlAsCode.Embedded), which cannot load this assembly while the compiler runs them.
#if MLASCODE_EMBEDDED
namespace MlAsCode.Embedded;
#else
namespace MlAsCode;
#endif

/// <summary>How a problem's baseline is obtained.</summary>
public enum BaselineKind
{
    /// <summary>Not declared; inferred from the other arguments of <see cref="BaselineAttribute"/>.</summary>
    Unspecified = 0,
    /// <summary>Always predict the most frequent class of the training rows (classification).</summary>
    MajorityClass = 1,
    /// <summary>Always predict the mean target of the training rows (regression).</summary>
    MeanPrediction = 2,
    /// <summary>Always predict the median target of the training rows (regression with outliers).</summary>
    MedianPrediction = 3,
    /// <summary>A static rules method on the problem class, named by <see cref="BaselineAttribute.RulesMethod"/>.</summary>
    Rules = 4,
    /// <summary>A value already measured without ML: <see cref="BaselineAttribute.Value"/> of <see cref="BaselineAttribute.Metric"/>.</summary>
    Measured = 5,
    /// <summary>The median target per value of <see cref="BaselineAttribute.GroupBy"/> in the training rows (regression),
    /// e.g. the median price per neighbourhood; a group unseen in training gets the overall median.</summary>
    GroupMedian = 6,
    /// <summary>The mean target per value of <see cref="BaselineAttribute.GroupBy"/> in the training rows (regression).</summary>
    GroupMean = 7,
}
