using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MlAsCode.Framing;

namespace MlAsCode.Rubric;

/// <summary>
/// The methodology's ML system quality rubric (Phase 11): eight weighted dimensions scored 0–5, a total out of 100 and a
/// band. Each capability scores the dimensions it can see; this one scores problem framing and documentation from
/// a <see cref="ProblemBrief"/>. Generated code exposes the result as <c>YourProblem.Rubric</c>.
/// </summary>
public static class QualityRubric
{
    /// <summary>The most points a dimension can earn.</summary>
    public const int MaxPoints = 5;

    /// <summary>The rubric rows, in the methodology's order; weights add up to 100.</summary>
    public static ImmutableArray<RubricDimensionDefinition> Dimensions { get; } =
    [
        new(RubricDimension.ProblemFraming, "Problem framing", 15,
            "No clear business metric", "Defined success metric", "Kill criteria + baseline + ROI estimate"),
        new(RubricDimension.DataQuality, "Data quality", 15,
            "Ad-hoc data, no validation", "Automated quality checks", "Feature store + lineage + versioning"),
        new(RubricDimension.ExperimentRigor, "Experiment rigor", 15,
            "No tracking, one-off notebooks", "MLflow/W&B tracking", "Reproducible pipelines + proper evaluation"),
        new(RubricDimension.ModelPerformance, "Model performance", 15,
            "Barely beats baseline", "Significant improvement", "Calibrated, fair, robust to edge cases"),
        new(RubricDimension.Deployment, "Deployment", 10,
            "Manual deployment", "CI/CD for models", "Canary + auto-rollback + A/B testing"),
        new(RubricDimension.Monitoring, "Monitoring", 15,
            "No monitoring", "Basic metrics dashboard", "Drift detection + auto-retraining + alerts"),
        new(RubricDimension.Documentation, "Documentation", 5,
            "Nothing documented", "Model card exists", "Full model card + runbooks + decision log"),
        new(RubricDimension.CostEfficiency, "Cost efficiency", 10,
            "No cost tracking", "Budget exists", "Optimized inference + cost-per-prediction tracking"),
    ];

    /// <summary>The methodology's band for a total: 80+ production-grade, 60+ good foundations, 40+ prototype.</summary>
    public static RubricBand BandFor(double total) => total switch
    {
        >= 80 => RubricBand.ProductionGrade,
        >= 60 => RubricBand.GoodFoundations,
        >= 40 => RubricBand.Prototype,
        _ => RubricBand.ScienceProject,
    };

    /// <summary>The methodology's sentence for a band.</summary>
    public static string Describe(RubricBand band) => band switch
    {
        RubricBand.ProductionGrade => "production-grade ML system",
        RubricBand.GoodFoundations => "good foundations, missing operational maturity",
        RubricBand.Prototype => "prototype quality, not ready for production",
        _ => "science project, needs fundamental rework",
    };

    /// <summary>
    /// Combines dimension scores into a report. Dimensions without a score are listed as not assessed and count 0.
    /// </summary>
    /// <exception cref="ArgumentException">A dimension is scored twice.</exception>
    public static RubricReport Evaluate(IEnumerable<DimensionScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var byDimension = new Dictionary<RubricDimension, DimensionScore>();
        foreach (var score in scores)
        {
            if (!byDimension.TryAdd(score.Dimension, score))
            {
                throw new ArgumentException($"Dimension {score.Dimension} is scored twice; combine its evidence into one score.", nameof(scores));
            }
        }

        return new RubricReport(
        [
            .. Dimensions.Select(d => new DimensionResult(d, byDimension.GetValueOrDefault(d.Dimension))),
        ]);
    }

    /// <summary>Scores what a problem brief shows: problem framing, and documentation from the brief alone.</summary>
    public static RubricReport Evaluate(ProblemBrief brief) =>
        Evaluate([ScoreProblemFraming(brief), ScoreDocumentation(DocumentationEvidence.From(brief))]);

    /// <summary>Scores problem framing from a brief (see <see cref="ProblemFramingScorer"/> for the bands).</summary>
    public static DimensionScore ScoreProblemFraming(ProblemBrief brief) => ProblemFramingScorer.Score(brief);

    /// <summary>Scores documentation from what exists (see <see cref="DocumentationEvidence"/>).</summary>
    public static DimensionScore ScoreDocumentation(DocumentationEvidence evidence) => DocumentationScorer.Score(evidence);
}
