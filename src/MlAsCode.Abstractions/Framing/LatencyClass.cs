// One definition of the enums: compiled here (public, namespace MlAsCode) and into the analyzers and generators
// (MLASCODE_EMBEDDED: namespace MlAsCode.Embedded), which cannot load this assembly while the compiler runs them.
#if MLASCODE_EMBEDDED
namespace MlAsCode.Embedded;
#else
namespace MlAsCode;
#endif

/// <summary>How fast a prediction must be returned (the methodology's <c>latency_requirement</c>).</summary>
public enum LatencyClass
{
    /// <summary>Not declared.</summary>
    Unspecified = 0,
    /// <summary>Under 100 ms per prediction.</summary>
    RealTime = 1,
    /// <summary>Under 1 s per prediction.</summary>
    NearRealTime = 2,
    /// <summary>Minutes to hours, predictions computed in bulk.</summary>
    Batch = 3,
}
