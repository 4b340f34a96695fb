using System;
using System.Collections.Generic;
using System.Collections.Immutable;

using MlAsCode.Framing;

namespace MlAsCode.Rubric;

/// <summary>The points one dimension earned, with the evidence behind them and what would raise them.</summary>
public sealed record DimensionScore
{
    /// <summary>Creates a score; <paramref name="points"/> must be 0–5.</summary>
    public DimensionScore(RubricDimension dimension, int points, IEnumerable<string> reasons, IEnumerable<string> toRaise)
    {
        if (points is < 0 or > QualityRubric.MaxPoints)
        {
            throw new ArgumentOutOfRangeException(nameof(points), points, $"Rubric points are 0 to {QualityRubric.MaxPoints}.");
        }

        Dimension = dimension;
        Points = points;
        Reasons = [.. reasons];
        ToRaise = [.. toRaise];
    }

    /// <summary>The dimension scored.</summary>
    public RubricDimension Dimension { get; }

    /// <summary>Points from 0 to 5.</summary>
    public int Points { get; }

    /// <summary>The evidence for the points, one fact per line.</summary>
    public ImmutableArray<string> Reasons { get; }

    /// <summary>What would earn more points; empty at 5.</summary>
    public ImmutableArray<string> ToRaise { get; }

    /// <summary>Value equality, with the reasons compared by their elements.</summary>
    public bool Equals(DimensionScore? other) =>
        other is not null && Dimension == other.Dimension && Points == other.Points
        && ValueEquality.Same(Reasons, other.Reasons) && ValueEquality.Same(ToRaise, other.ToRaise);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Dimension, Points, ValueEquality.Hash(Reasons), ValueEquality.Hash(ToRaise));
}

/// <summary>A dimension's line in a <see cref="RubricReport"/>.</summary>
/// <param name="Definition">The rubric row.</param>
/// <param name="Score">The score, or <c>null</c> when no capability has assessed this dimension yet.</param>
public sealed record DimensionResult(RubricDimensionDefinition Definition, DimensionScore? Score)
{
    /// <summary>Whether the dimension was assessed.</summary>
    public bool Assessed => Score is not null;

    /// <summary>Points from 0 to 5; 0 when not assessed.</summary>
    public int Points => Score?.Points ?? 0;

    /// <summary>This dimension's contribution to the 100-point total.</summary>
    public double WeightedPoints => Definition.WeightPercent * (double)Points / QualityRubric.MaxPoints;
}
