// One definition of the enums: compiled here (public, namespace MlAsCode) and into the analyzers and generators
// (MLASCODE_EMBEDDED: namespace MlAsCode.Embedded), which cannot load this assembly while the compiler runs them.
#if MLASCODE_EMBEDDED
namespace MlAsCode.Embedded;
#else
namespace MlAsCode;
#endif

/// <summary>The checkable form of a kill criterion: what an experiment run measures to tell whether it fired.</summary>
public enum KillWhen
{
    /// <summary>Words only: no run can check it (the run reports it as not checked).</summary>
    Unchecked = 0,

    /// <summary>The baseline reaches more than <c>Threshold</c> of the model's primary metric on the holdout
    /// (baseline ÷ model; for error metrics model ÷ baseline), e.g. 0.9 for "Baseline heuristic achieves >90% of ML
    /// performance".</summary>
    BaselineShareAbove = 1,

    /// <summary>The model beats a random (constant) predictor by less than <c>Threshold</c> on the holdout, relative to
    /// the random predictor's score, e.g. 0.1 for "Model can't beat random by >10% on holdout set".</summary>
    LiftOverRandomBelow = 2,

    /// <summary>The data quality score (out of 30, over what was measured) is below <c>Threshold</c>.</summary>
    DataQualityBelow = 3,

    /// <summary>The cost per 1,000 predictions is above <c>Threshold</c>, from the measured inference time and the
    /// experiment's declared price per compute hour.</summary>
    CostPer1000Above = 4,

    /// <summary>The model's p99 single-row latency in process is above <c>Threshold</c> milliseconds, or above the
    /// brief's latency class budget (100 ms real-time, 1,000 ms near-real-time) when no threshold is given.</summary>
    LatencyAbove = 5,
}
