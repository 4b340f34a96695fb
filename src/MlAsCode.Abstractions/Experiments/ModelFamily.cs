// One definition of the enums: compiled here (public, namespace MlAsCode) and into the analyzers and generators
// (MLASCODE_EMBEDDED: namespace MlAsCode.Embedded), which cannot load this assembly while the compiler runs them.
#if MLASCODE_EMBEDDED
namespace MlAsCode.Embedded;
#else
namespace MlAsCode;
#endif

/// <summary>The model families of the methodology's model selection guide that MlAsCode trains.</summary>
public enum ModelFamily
{
    /// <summary>Gradient-boosted trees with LightGBM (the methodology's default for tabular data).</summary>
    LightGbm = 0,

    /// <summary>Gradient-boosted trees with ML.NET's FastTree.</summary>
    FastTree = 1,

    /// <summary>Linear or logistic regression (SDCA, or L-BFGS with the "optimizer" parameter).</summary>
    Linear = 2,

    /// <summary>A multilayer perceptron with TorchSharp (CUDA when available).</summary>
    Mlp = 3,

    /// <summary>An isolation forest for anomaly detection.</summary>
    IsolationForest = 4,
}
