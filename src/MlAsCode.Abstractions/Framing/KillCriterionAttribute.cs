using System;

namespace MlAsCode;

/// <summary>
/// A condition under which the ML approach is abandoned. Repeat it for each criterion; a brief with none is
/// reported (ML0001), and the code fix adds the seed's three defaults.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class KillCriterionAttribute : Attribute
{
    /// <summary>Creates a kill criterion.</summary>
    public KillCriterionAttribute(string criterion) => Criterion = criterion;

    /// <summary>The condition, in words, e.g. "Baseline heuristic achieves >90% of ML performance".</summary>
    public string Criterion { get; }
}
