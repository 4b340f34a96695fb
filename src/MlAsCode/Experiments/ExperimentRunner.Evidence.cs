using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using MlAsCode.Evaluation;
using MlAsCode.Evaluation.Reporting;
using MlAsCode.Features;
using MlAsCode.Framing;

namespace MlAsCode.Experiments;

// What a run measures beyond the holdout metrics (the kill criteria's evidence) and what it leaves behind: the model
// and pipeline files and the tracking store's record.
public sealed partial class ExperimentRunner<TRow>
{
    // The brief's kill criteria with their checkable forms (the words alone when none was given one).
    private IEnumerable<KillCriterion> KillConditions() =>
        _problem.KillConditions.IsDefaultOrEmpty ? _problem.KillCriteria.Select(k => new KillCriterion(k)) : _problem.KillConditions;

    // What the kill criteria are checked against: the holdout scores, a constant predictor's, and, only when a criterion
    // needs them, the model's single-row latency and its batch inference cost.
    private RunEvidence Evidence(double model, BaselineComparison baseline, Splitting.TrainTestSplit<TRow> split, ITrainedModel trained, FittedFeaturePipeline<TRow> pipeline,
        Quality.DataQualityReport? quality)
    {
        // The constant predictor: the training prevalence (majority class) or the training mean.
        var constant = BaselinePredictions(new BaselineSpec(_problem.Task == MlTask.Regression ? BaselineKind.MeanPrediction : BaselineKind.MajorityClass), split.Train, split.Test);
        var scored = Prepared(split.Test, constant);
        var random = scored.Score(PrimaryMetric, scored.AllOnce());
        var conditions = KillConditions().ToList();
        double? p99 = null, cost = null;
        if (conditions.Any(k => k.When == KillWhen.LatencyAbove))
        {
            p99 = InferenceTiming.P99SingleRowMs(split.Test, pipeline, trained);
        }

        if (conditions.Any(k => k.When == KillWhen.CostPer1000Above) && double.IsFinite(_settings.ComputePricePerHour))
        {
            cost = InferenceTiming.SecondsPer1000(split.Test, pipeline, trained) / 3600 * _settings.ComputePricePerHour;
        }

        return new RunEvidence(PrimaryMetric, model, baseline.BaselineScore.Value, random, quality?.Scaled, p99, cost, _problem.Latency);
    }

    private List<ArtifactRecord> WriteArtifacts(string folder, ITrainedModel model, FittedFeaturePipeline<TRow> pipeline, ImmutableArray<TRow> train)
    {
        Directory.CreateDirectory(folder);
        var modelPath = Path.Combine(folder, "model.onnx");
        // The served model answers with the threshold it was evaluated at: it travels in the file.
        File.WriteAllBytes(modelPath, Binary
            ? OnnxMetadata.With(model.ToOnnx(), [new(OnnxMetadata.DecisionThreshold, _settings.Threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture))])
            : model.ToOnnx());
        var pipelinePath = Path.Combine(folder, "feature_pipeline.json");
        File.WriteAllText(pipelinePath, pipeline.ToJson());
        List<ArtifactRecord> written = [new("model.onnx", modelPath, Sha256(modelPath)), new("feature_pipeline.json", pipelinePath, Sha256(pipelinePath))];
        if (!Multiclass)
        {
            // What the served monitor compares requests with: the training part's inputs under their field names and the
            // model's predictions on them (in the target's units) as served (target encoding with the full-data levels, not
            // the out-of-fold training encoding), so serving needs no second pass over the data.
            var profilePath = Path.Combine(folder, "reference_profile.json");
            Monitoring.ReferenceProfile.ForTraining(_features, train, [.. model.Predict(pipeline.TransformBatch(train)).Select(p => (double)p)], _problem.Task, _settings.Seed).Save(profilePath);
            written.Add(new("reference_profile.json", profilePath, Sha256(profilePath)));
        }

        return written;
    }

    private static async Task Record(IRunRecorder store, string run, ExperimentReport report, string pipelineHash, List<ArtifactRecord> artifacts, CancellationToken cancellationToken)
    {
        await store.LogParametersAsync(run, report.Hyperparameters, cancellationToken).ConfigureAwait(false);
        var metrics = report.Metrics.Select(m => new MetricRecord(MetricScorer.Name(m.Metric), m.Score.Value, m.Score.Lower, m.Score.Upper))
            .Append(new MetricRecord(MetricScorer.Name(report.PrimaryMetric), report.CrossValidationScore, Split: "cv"))
            .Append(new MetricRecord(MetricScorer.Name(report.PrimaryMetric), report.Baseline.BaselineScore.Value, report.Baseline.BaselineScore.Lower, report.Baseline.BaselineScore.Upper, "baseline"))
            .Append(new MetricRecord(MetricScorer.Name(report.PrimaryMetric), report.Baseline.Improvement.Value, report.Baseline.Improvement.Lower, report.Baseline.Improvement.Upper, "improvement"))
            .Concat(EvaluationMetrics(report.Evaluation));
        // A metric that could not be computed (NaN) is left out rather than stored as a number.
        await store.LogMetricsAsync(run, metrics.Where(m => double.IsFinite(m.Value)), cancellationToken).ConfigureAwait(false);
        foreach (var artifact in artifacts)
        {
            await store.LogArtifactAsync(run, artifact, cancellationToken).ConfigureAwait(false);
        }

        await store.FinishRunAsync(run, new RunOutcome(report.Verdict, report.TrainingTime, report.DatasetSha256, pipelineHash, report.HoldoutFingerprint, report.Notes), cancellationToken).ConfigureAwait(false);
    }

    // Calibration and fairness numbers, so the tracking store can answer "which runs failed a fairness check".
    private static IEnumerable<MetricRecord> EvaluationMetrics(EvaluationReport? evaluation)
    {
        if (evaluation?.Calibration is { } calibration)
        {
            yield return new MetricRecord("ece", calibration.Curve.ExpectedCalibrationError);
        }

        foreach (var fairness in evaluation?.Fairness ?? [])
        {
            foreach (var check in fairness.Checks)
            {
                yield return new MetricRecord($"{check.Name}:{fairness.Attribute}", check.Value.Value, check.Value.Lower, check.Value.Upper);
            }
        }

        // Each judged check's outcome, 1 passed and 0 failed (check_passed:calibration, check_passed:fairness:female):
        // mlac score reads them, so a failed check costs points instead of counting as "checked".
        foreach (var check in (evaluation?.Checks ?? []).Where(c => c.Name == "calibration" || c.Name.StartsWith("fairness:", StringComparison.Ordinal)))
        {
            if (check.Status is CheckStatus.Passed or CheckStatus.Failed)
            {
                yield return new MetricRecord("check_passed:" + check.Name, check.Status == CheckStatus.Passed ? 1 : 0);
            }
        }
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
