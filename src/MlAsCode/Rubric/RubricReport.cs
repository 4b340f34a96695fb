using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using MlAsCode.Framing;

namespace MlAsCode.Rubric;

/// <summary>A scored rubric: every dimension with its points and reasons, the total out of 100 and the band.</summary>
public sealed record RubricReport
{
    internal RubricReport(ImmutableArray<DimensionResult> dimensions)
    {
        Dimensions = dimensions;
        Total = dimensions.Sum(d => d.WeightedPoints);
        Band = QualityRubric.BandFor(Total);
        AssessedWeightPercent = dimensions.Where(d => d.Assessed).Sum(d => d.Definition.WeightPercent);
    }

    /// <summary>All eight dimensions in the methodology's order.</summary>
    public ImmutableArray<DimensionResult> Dimensions { get; }

    /// <summary>The weighted total from 0 to 100; dimensions not yet assessed count 0.</summary>
    public double Total { get; }

    /// <summary>The methodology's verdict for <see cref="Total"/>.</summary>
    public RubricBand Band { get; }

    /// <summary>How much of the 100 points the assessed dimensions can account for.</summary>
    public int AssessedWeightPercent { get; }

    /// <summary>Value equality: the same results for every dimension.</summary>
    public bool Equals(RubricReport? other) => other is not null && ValueEquality.Same(Dimensions, other.Dimensions);

    /// <inheritdoc />
    public override int GetHashCode() => ValueEquality.Hash(Dimensions);

    /// <summary>The result for one dimension.</summary>
    public DimensionResult this[RubricDimension dimension] => Dimensions.First(d => d.Definition.Dimension == dimension);

    /// <summary>A plain-text table with the reasons and what would raise each assessed dimension.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"ML system quality: {Total:0.#}/100 ({QualityRubric.Describe(Band)}); dimensions assessed so far carry {AssessedWeightPercent}% of the weight");
        foreach (var d in Dimensions)
        {
            var points = d.Assessed ? $"{d.Points}/5" : "n/a";
            text.AppendLine(inv, $"  {d.Definition.Title,-18} {points,4}  weight {d.Definition.WeightPercent,2}%  -> {d.WeightedPoints:0.#}");
            if (d.Score is null)
            {
                text.AppendLine("      not assessed yet");
                continue;
            }

            foreach (var reason in d.Score.Reasons)
            {
                text.AppendLine(inv, $"      + {reason}");
            }

            foreach (var step in d.Score.ToRaise)
            {
                text.AppendLine(inv, $"      to raise: {step}");
            }
        }

        return text.ToString();
    }
}
