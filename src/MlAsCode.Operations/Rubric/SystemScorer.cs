using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using MlAsCode.Framing;

namespace MlAsCode.Rubric;

/// <summary>
/// Scores every dimension of the methodology's Phase 11 rubric from <see cref="SystemEvidence"/>, with the evidence each
/// point rests on and what would raise it. The bands follow the methodology's table; docs/rubric.md lists each step.
/// </summary>
public static class SystemScorer
{
    /// <summary>Scores the whole system.</summary>
    public static RubricReport Score(SystemEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return QualityRubric.Evaluate(
        [
            evidence.Brief is { } brief ? ProblemFramingScorer.Score(brief)
                : new DimensionScore(RubricDimension.ProblemFraming, 0, ["no [MlProblem] declaration"], ["declare the problem brief: mlac frame NAME"]),
            DataQuality(evidence), ExperimentRigor(evidence), ModelPerformance(evidence), Deployment(evidence), Monitoring(evidence),
            DocumentationScorer.Score((evidence.Brief is { } b ? DocumentationEvidence.From(b) : new DocumentationEvidence([]))
                with { HasModelCard = evidence.ModelCard, HasRunbook = evidence.Runbook, HasDecisionLog = evidence.DecisionLog }),
            CostEfficiency(evidence),
        ]);
    }

    private static DimensionScore DataQuality(SystemEvidence e)
    {
        var (points, reasons, raise) = Start();
        if (e.FeatureSets == 0)
        {
            raise.Add("declare the data as a [FeatureSet] with its Source");
            return new DimensionScore(RubricDimension.DataQuality, 0, ["no [FeatureSet] declaration: data is ad hoc"], raise);
        }

        points = 1;
        reasons.Add($"{e.FeatureSets} feature set(s) declared");
        Step(e.FeatureSetHasSource, "the feature set names its source data", "name the source data (FeatureSet Source)");
        if (e.Experiments > 0)
        {
            points = Math.Max(points, 3);
            reasons.Add("experiments run the data quality gate before training (automated quality checks)");
        }
        else
        {
            raise.Add("declare an [Experiment]: its runner scores data quality and stops below the gate");
        }

        Step(e.FeatureValidation, "features carry validation ([ValidRange]/[ValidValues])", "add [ValidRange]/[ValidValues] to the features");
        if (points >= 4 && e.EntityAndEventTime && e.RunsReproducible)
        {
            points = 5;
            reasons.Add("entity key and event time declared, and every run recorded its dataset and pipeline SHA-256 (lineage and versioning)");
        }
        else if (points >= 4)
        {
            raise.Add("declare [EntityKey] and [EventTime] and track runs (dataset and pipeline hashes) for lineage and versioning");
        }

        return new DimensionScore(RubricDimension.DataQuality, Math.Min(points, 5), reasons, raise);

        void Step(bool ok, string reason, string toRaise)
        {
            if (ok)
            {
                points++;
                reasons.Add(reason);
            }
            else
            {
                raise.Add(toRaise);
            }
        }
    }

    private static DimensionScore ExperimentRigor(SystemEvidence e)
    {
        var (_, reasons, raise) = Start();
        if (e.Experiments == 0)
        {
            return new DimensionScore(RubricDimension.ExperimentRigor, 0, ["no [Experiment] declaration: one-off training code"], ["declare an [Experiment] with a Seed"]);
        }

        var points = 1;
        reasons.Add($"{e.Experiments} experiment(s) declared");
        if (e.ExperimentsSeeded)
        {
            points = 2;
            reasons.Add("every experiment declares its seed");
        }
        else
        {
            raise.Add("give every [Experiment] a Seed (ML0304)");
        }

        if (e.TrackedRuns is > 0)
        {
            points = 3;
            reasons.Add($"{e.TrackedRuns} finished run(s) recorded in the tracking store");
            if (e.ExperimentsTuned)
            {
                points = 4;
                reasons.Add("hyperparameters are searched ([Tuning]/[SearchSpace]) with cross-validation");
            }
            else
            {
                raise.Add("declare [Tuning] and [SearchSpace] instead of fixed hyperparameters");
            }

            if (points == 4 && e.RunsReproducible && e.ExperimentsSeeded)
            {
                points = 5;
                reasons.Add("runs are reproducible: seeded, with dataset and pipeline hashes, evaluated once on a fingerprinted holdout");
            }
        }
        else
        {
            raise.Add(e.TrackedRuns is null ? "give the tracking store (--tracking) so runs can be counted" : "run the experiments with a tracking store (RunOptions.Tracking)");
        }

        if (!e.FailedRuns.IsDefaultOrEmpty)
        {
            // A failed run is not a finished one: the latest attempt of these experiments did not complete.
            points = Math.Max(1, points - 1);
            reasons.Add($"the latest run failed for {string.Join("; ", e.FailedRuns)} (-1)");
            raise.Add("fix the failing experiment runs and run them again");
        }

        return new DimensionScore(RubricDimension.ExperimentRigor, points, reasons, raise);
    }

    private static DimensionScore ModelPerformance(SystemEvidence e)
    {
        var (_, reasons, raise) = Start();
        if (e.BestImprovement is not { } improvement)
        {
            return new DimensionScore(RubricDimension.ModelPerformance, 0, ["no tracked run with a baseline comparison"], ["run an experiment with a tracking store; it compares with the baseline"]);
        }

        var percent = (improvement * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
        int points;
        if (!e.RunPromoted)
        {
            points = improvement > 0 ? 2 : 1;
            reasons.Add($"best run improves on the baseline by {percent} but was not promoted");
            raise.Add("beat the baseline by the kill criteria's margin (a promoted run)");
        }
        else
        {
            points = improvement >= 0.10 ? 4 : 3;
            reasons.Add($"a run was promoted; best improvement over the baseline {percent}");
            if (points == 3)
            {
                raise.Add("improve on the baseline by 10% or more");
            }

            if (points == 4 && e.CalibrationChecked && e.FairnessChecked && e.FailedChecks.IsDefaultOrEmpty)
            {
                points = 5;
                reasons.Add("calibration and fairness were checked on the holdout and passed");
            }
            else if (points == 4 && e.FailedChecks.IsDefaultOrEmpty)
            {
                raise.Add(e.FairnessChecked ? "check calibration (probabilistic output)" : "declare protected attributes so fairness is checked");
            }
        }

        if (!e.FailedChecks.IsDefaultOrEmpty)
        {
            points = Math.Max(1, points - 1);
            reasons.Add($"the scored run failed {string.Join(", ", e.FailedChecks)} (-1)");
            raise.Add($"fix {string.Join(", ", e.FailedChecks)}, or record why it is accepted ([VerdictOverride])");
        }

        if (e.HoldoutUses > 1)
        {
            reasons.Add($"{e.HoldoutUses} finished runs were evaluated on the scored run's holdout: the best of them is optimistic");
            raise.Add("carve a fresh holdout (another split seed or new data) to confirm the improvement");
        }

        return new DimensionScore(RubricDimension.ModelPerformance, points, reasons, raise);
    }

    private static DimensionScore Deployment(SystemEvidence e)
    {
        var (_, reasons, raise) = Start();
        if (!e.Served)
        {
            return new DimensionScore(RubricDimension.Deployment, 0, ["no [Serve] declaration: deployment is manual"], ["declare [Serve] (endpoints, Dockerfile and Kubernetes manifests are generated)"]);
        }

        var points = 2;
        reasons.Add(e.DeploymentFiles is { } written
            ? $"[Serve] generates the service; deployment files written: {written}"
            : "[Serve] generates the service (its Dockerfile and Kubernetes manifests are not written in the project)");
        if (e.DeploymentFiles is null)
        {
            raise.Add("write the generated Dockerfile and manifests (Deployment.WriteTo(folder)) and keep them with the project");
        }

        if (e.ContinuousIntegration)
        {
            points = 3;
            reasons.Add(e.ContinuousIntegrationFile is { } ci ? $"CI builds and tests the project: {ci}" : "a CI pipeline builds and tests the project");
            if (e.RegistryProduction == true)
            {
                points = 4;
                reasons.Add("the registry holds a production version promoted through its gates");
            }
            else
            {
                raise.Add("promote through the model registry (mlac registry promote)");
            }
        }
        else
        {
            raise.Add("add a CI pipeline that builds, tests and promotes models");
        }

        if (points == 4 && e.CanaryHistory && e.AbTest)
        {
            points = 5;
            reasons.Add("canary rollout with automatic rollback recorded, and an [AbTest] declared");
        }
        else if (points == 4)
        {
            raise.Add("roll out by canary (RetrainingPipeline/ServiceCanary) and declare an [AbTest]");
        }

        return new DimensionScore(RubricDimension.Deployment, points, reasons, raise);
    }

    private static DimensionScore Monitoring(SystemEvidence e)
    {
        var (_, reasons, raise) = Start();
        if (!e.Served)
        {
            return new DimensionScore(RubricDimension.Monitoring, 0, ["nothing served, nothing monitored"], ["serve the model ([Serve]) and monitor it ([Monitor])"]);
        }

        // Served: latency, error and fallback metrics are exported, but no dashboard or check is in the project.
        var points = 2;
        reasons.Add("the served model exports latency, error and fallback metrics at /metrics (Prometheus)");
        if (!e.Monitored)
        {
            raise.Add("declare [Monitor] (drift detection and alerts; ML0501)");
            return new DimensionScore(RubricDimension.Monitoring, points, reasons, raise);
        }

        points = 3;
        reasons.Add("[Monitor] checks drift and performance against the training profile");
        if (e.AlertWebhook is { } webhook)
        {
            points = 4;
            reasons.Add($"alerts are delivered: {webhook}");
            if (e.RetrainingHistory)
            {
                points = 5;
                reasons.Add("the registry shows candidates from the retraining pipeline");
            }
            else
            {
                raise.Add("retrain automatically (RetrainingTriggers + RetrainingPipeline)");
            }
        }
        else
        {
            raise.Add("configure where alerts go (MlAsCode:Serving:{Name}:Monitor:WebhookUrl)");
        }

        return new DimensionScore(RubricDimension.Monitoring, points, reasons, raise);
    }

    private static DimensionScore CostEfficiency(SystemEvidence e)
    {
        var (_, reasons, raise) = Start();
        var points = 0;
        if (e.Served)
        {
            points = 1;
            reasons.Add("served through ONNX Runtime");
        }
        else
        {
            raise.Add("serve the model to measure the cost per prediction");
        }

        // The methodology's middle band is "budget exists": without one, nothing says whether a cost is acceptable.
        if (e.CostBudget is { } budget)
        {
            points = Math.Max(points, 3);
            reasons.Add($"a cost budget is declared: {budget}");
        }
        else
        {
            raise.Add("declare a budget ([KillCriterion(..., When = KillWhen.CostPer1000Above, Threshold = ...)] or [Experiment(ComputePricePerHour = ...)])");
        }

        var tracked = new List<string>();
        if (e.TrainingCostRecorded)
        {
            tracked.Add("the model card records the training cost per run");
        }

        if (e.PredictionLog is { } log)
        {
            tracked.Add($"a prediction log prices each prediction (mlac cost): {log}");
        }

        if (tracked.Count > 0 && e.CostBudget is not null)
        {
            points = 4;
        }

        reasons.AddRange(tracked);
        if (tracked.Count == 0)
        {
            raise.Add("track costs: record the training cost (ModelCardOptions.TrainingPricePerHour) or configure a prediction log for mlac cost");
        }

        if (points == 4 && e.MicroBatching && e.Served)
        {
            // Budget, tracked cost per prediction and optimized inference: the methodology's excellent band.
            points = 5;
            reasons.Add("inference is optimized (micro-batching declared)");
        }
        else if (e.Served && !e.MicroBatching)
        {
            raise.Add("optimize inference (MaxBatchSize > 1 where load is high)");
        }

        return new DimensionScore(RubricDimension.CostEfficiency, points, reasons, raise);
    }

    private static (int Points, List<string> Reasons, List<string> Raise) Start() => (0, [], []);
}
