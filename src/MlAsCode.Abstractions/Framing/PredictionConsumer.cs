// One definition of the enums: compiled here (public, namespace MlAsCode) and into the analyzers and generators
// (MLASCODE_EMBEDDED: namespace MlAsCode.Embedded), which cannot load this assembly while the compiler runs them.
#if MLASCODE_EMBEDDED
namespace MlAsCode.Embedded;
#else
namespace MlAsCode;
#endif

/// <summary>Who or what uses the prediction (the methodology's <c>prediction_consumer</c>).</summary>
public enum PredictionConsumer
{
    /// <summary>Not declared.</summary>
    Unspecified = 0,
    /// <summary>Another service calls an API.</summary>
    Api = 1,
    /// <summary>People read it on a dashboard.</summary>
    Dashboard = 2,
    /// <summary>It is sent by email.</summary>
    Email = 3,
    /// <summary>A system acts on it without a person in the loop.</summary>
    AutomatedAction = 4,
}
