// One definition of the enums: compiled here (public, namespace MlAsCode) and into the analyzers and generators
// (MLASCODE_EMBEDDED: namespace MlAsCode.Embedded), which cannot load this assembly while the compiler runs them.
#if MLASCODE_EMBEDDED
namespace MlAsCode.Embedded;
#else
namespace MlAsCode;
#endif

/// <summary>The statistic a <c>[Monitor]</c> judges input and prediction drift by.</summary>
public enum DriftMethod
{
    /// <summary>Population stability index (the methodology's default: 0.1 warning, 0.25 critical).</summary>
    Psi = 0,

    /// <summary>Jensen–Shannon distance in bits.</summary>
    JensenShannon = 1,
}
