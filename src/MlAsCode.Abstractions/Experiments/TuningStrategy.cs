// One definition of the enums: compiled here (public, namespace MlAsCode) and into the analyzers and generators
// (MLASCODE_EMBEDDED: namespace MlAsCode.Embedded), which cannot load this assembly while the compiler runs them.
#if MLASCODE_EMBEDDED
namespace MlAsCode.Embedded;
#else
namespace MlAsCode;
#endif

/// <summary>How hyperparameters are searched (the methodology's tuning strategy).</summary>
public enum TuningStrategy
{
    /// <summary>Fixed values: one trial.</summary>
    Manual = 0,

    /// <summary>Every combination of a few points per parameter.</summary>
    Grid = 1,

    /// <summary>Seeded uniform sampling (log-uniform on log scales).</summary>
    Random = 2,

    /// <summary>Bayesian optimization with a tree-structured Parzen estimator (TPE), as Optuna's default sampler.</summary>
    Bayesian = 3,
}
