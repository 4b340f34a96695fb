// One definition of the enums: compiled here (public, namespace MlAsCode) and into the analyzers and generators
// (MLASCODE_EMBEDDED: namespace MlAsCode.Embedded), which cannot load this assembly while the compiler runs them.
#if MLASCODE_EMBEDDED
namespace MlAsCode.Embedded;
#else
namespace MlAsCode;
#endif

/// <summary>The scale a numeric hyperparameter is searched on.</summary>
public enum Scale
{
    /// <summary>Uniform.</summary>
    Linear = 0,

    /// <summary>Log-uniform (learning rates, regularization).</summary>
    Log = 1,
}
