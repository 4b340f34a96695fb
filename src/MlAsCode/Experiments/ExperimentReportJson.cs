using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MlAsCode.Evaluation;

namespace MlAsCode.Experiments;

/// <summary>Writes <c>experiment_report.json</c>: every field of the methodology's experiment template, the verdict with
/// what blocked or overrode it, the kill criteria's outcomes and the decision threshold.</summary>
public static class ExperimentReportJson
{
    /// <summary>The report as <c>experiment_report.json</c> writes it.</summary>
    public static string Write(ExperimentReport report) => JsonSerializer.Serialize(new
    {
        id = report.Id,
        hypothesis = report.Hypothesis,
        dataset_version = report.DatasetSha256,
        holdout_fingerprint = report.HoldoutFingerprint,
        holdout_uses = report.HoldoutUses,
        date_range = report.DateRange,
        features_used = report.FeaturesUsed,
        model_type = report.ModelType.ToString(),
        hyperparameters = report.Hyperparameters,
        training_time_seconds = report.TrainingTime.TotalSeconds,
        metrics = new
        {
            primary = new Dictionary<string, object> { [MetricScorer.Name(report.PrimaryMetric)] = Json(report.Primary) },
            secondary = report.Metrics.Skip(1).ToDictionary(m => MetricScorer.Name(m.Metric), m => Json(m.Score)),
            cross_validation = report.CrossValidationScore,
        },
        baseline_comparison = new { baseline = report.Baseline.Baseline, score = Json(report.Baseline.BaselineScore), improvement = Json(report.Baseline.Improvement) },
        verdict = report.Verdict,
        notes = report.Notes,
        decision_threshold = report.Threshold,
        kill_criteria = report.KillCriteria.Select(k => new
        {
            criterion = k.Criterion.Text,
            when = Common.SnakeCase.From(k.Criterion.When.ToString()),
            threshold = double.IsNaN(k.Criterion.Threshold) ? (double?)null : k.Criterion.Threshold,
            status = k.Status,
            value = k.Value,
            limit = k.Limit,
            evidence = k.Evidence,
        }),
        blocked_by = report.Blockers,
        overrides = report.Overridden.Select(o => new { check = o.Check, reason = o.Reason }),
        artifacts = report.Artifacts,
        rows = new { train = report.TrainRows, holdout = report.HoldoutRows },
        tuning_trials = report.TuningTrials,
        evaluation = report.Evaluation is { } evaluation ? new
        {
            checks = evaluation.Checks.Select(c => new { name = c.Name, status = Common.SnakeCase.From(c.Status.ToString()), detail = c.Detail }),
            report = "evaluation_report.html",
            numbers = "evaluation.json",
        } : null,
    }, new JsonSerializerOptions { WriteIndented = true });

    private static object Json(Interval interval) => new { value = interval.Value, lower = interval.Lower, upper = interval.Upper };
}
