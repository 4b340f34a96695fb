namespace MlAsCode.Rubric;

/// <summary>The eight dimensions of the methodology's ML system quality rubric (Phase 11).</summary>
public enum RubricDimension
{
    /// <summary>Business metric, success metric, kill criteria, baseline, ROI.</summary>
    ProblemFraming,
    /// <summary>Validation, quality checks, feature store, lineage.</summary>
    DataQuality,
    /// <summary>Tracking, reproducible pipelines, proper evaluation.</summary>
    ExperimentRigor,
    /// <summary>Lift over the baseline, calibration, fairness, robustness.</summary>
    ModelPerformance,
    /// <summary>CI/CD, canary, auto-rollback, A/B testing.</summary>
    Deployment,
    /// <summary>Dashboards, drift detection, retraining, alerts.</summary>
    Monitoring,
    /// <summary>Model card, runbooks, decision log.</summary>
    Documentation,
    /// <summary>Budget, inference optimization, cost per prediction.</summary>
    CostEfficiency,
}

/// <summary>The methodology's overall verdict for a total score.</summary>
public enum RubricBand
{
    /// <summary>Under 40: science project, needs fundamental rework.</summary>
    ScienceProject,
    /// <summary>40–59: prototype quality, not ready for production.</summary>
    Prototype,
    /// <summary>60–79: good foundations, missing operational maturity.</summary>
    GoodFoundations,
    /// <summary>80–100: production-grade ML system.</summary>
    ProductionGrade,
}

/// <summary>One rubric row: its weight and what each band of points means.</summary>
/// <param name="Dimension">The dimension.</param>
/// <param name="Title">Its name as the methodology writes it.</param>
/// <param name="WeightPercent">Its share of the 100-point total.</param>
/// <param name="Poor">What 0–2 points look like.</param>
/// <param name="Good">What 3–4 points look like.</param>
/// <param name="Excellent">What 5 points look like.</param>
public sealed record RubricDimensionDefinition(
    RubricDimension Dimension, string Title, int WeightPercent, string Poor, string Good, string Excellent);
