using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MlAsCode.Evaluation;
using MlAsCode.Evaluation.Reporting;
using MlAsCode.Features;
using MlAsCode.Framing;
using MlAsCode.ModelCards;

namespace MlAsCode.Experiments;

/// <summary>
/// The model card of an experiment's model, filled from facts: the brief, the features, the run and its evaluation
/// (a run with an <c>OutputDirectory</c> and the standard documents — <see cref="RunDocuments.Standard"/>, which the
/// generated <c>RunAsync</c> adds — writes it as <c>model_card.md</c> and <c>model_card.yaml</c>). It lives with
/// the experiments so that the card (<see cref="ModelCard"/>) knows nothing of the runner.
/// </summary>
public static class ExperimentModelCard
{
    /// <summary>Builds the card of an experiment's model.</summary>
    /// <exception cref="ArgumentException">The experiment report carries no evaluation (it was not produced by a run).</exception>
    public static ModelCard ToModelCard<TRow>(this ExperimentReport experiment, ProblemBrief brief, FeatureSetDefinition<TRow> features, ModelCardOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(brief);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(experiment);
        options ??= new ModelCardOptions();
        var evaluation = experiment.Evaluation
            ?? throw new ArgumentException($"Experiment {experiment.Id} has no evaluation; model cards are built from the report RunAsync returns.", nameof(experiment));

        var limitations = new List<string>();
        var ethics = new List<string>();
        if (!string.IsNullOrWhiteSpace(brief.EthicalConsiderations))
        {
            ethics.Add(brief.EthicalConsiderations);
        }

        foreach (var check in evaluation.Checks.Where(c => c.Status != CheckStatus.Passed))
        {
            var line = $"{check.Status switch { CheckStatus.Failed => "Failed", CheckStatus.Warning => "Warning", _ => "Not run" }}: {check.Name} - {check.Detail}";
            (check.Name.StartsWith("fairness", StringComparison.Ordinal) ? ethics : limitations).Add(line);
        }

        if (experiment.Verdict != "promoted")
        {
            limitations.Add($"Verdict {experiment.Verdict}: {experiment.Notes}");
        }

        foreach (var kill in experiment.KillCriteria)
        {
            limitations.Add($"Kill criterion '{kill.Criterion.Text}': {kill.Status.Replace('_', ' ')} — {kill.Evidence}");
        }

        foreach (var accepted in experiment.Overridden)
        {
            (accepted.Check.StartsWith("fairness", StringComparison.Ordinal) ? ethics : limitations)
                .Add($"Overridden: {accepted.Check} failed and was accepted because {accepted.Reason}");
        }

        ethics.AddRange(evaluation.Fairness.Select(FairnessFinding));
        var small = evaluation.Segments.SelectMany(s => s.Groups.Where(g => g.Small).Select(g => $"{s.Column} = {g.Value} ({g.Rows})")).ToList();
        if (small.Count > 0)
        {
            limitations.Add($"Segments too small for a confident interval (their numbers are indicative only): {string.Join(", ", small)}");
        }

        if (!string.IsNullOrWhiteSpace(brief.DataGaps))
        {
            limitations.Add($"Data gaps: {brief.DataGaps}");
        }

        limitations.AddRange(features.Features.Where(f => !string.IsNullOrWhiteSpace(f.Options.KnownIssues))
            .Select(f => $"{f.Property}: {f.Options.KnownIssues}").Distinct(StringComparer.Ordinal));
        if (brief.ProtectedAttributes.IsEmpty && features.ProtectedProperties.IsEmpty)
        {
            ethics.Add("No protected attributes are declared, so no fairness checks ran; declare them ([MlProblem(ProtectedAttributes = ...)], [Protected]) if people are affected.");
        }

        var sliced = evaluation.Fairness.SelectMany(f => f.Groups.SelectMany(g => new[]
            {
                new SlicedMetric(f.Attribute, g.Group, g.Rows, "base_rate", g.BaseRate),
                new SlicedMetric(f.Attribute, g.Group, g.Rows, "mean_predicted", g.MeanScore),
                new SlicedMetric(f.Attribute, g.Group, g.Rows, "calibration_gap", g.CalibrationGap),
                new SlicedMetric(f.Attribute, g.Group, g.Rows, "ece", g.ExpectedCalibrationError),
                new SlicedMetric(f.Attribute, g.Group, g.Rows, "selection_rate", g.SelectionRate),
                new SlicedMetric(f.Attribute, g.Group, g.Rows, "true_positive_rate", g.TruePositiveRate),
                new SlicedMetric(f.Attribute, g.Group, g.Rows, "false_positive_rate", g.FalsePositiveRate),
            }))
            .Concat(evaluation.Segments.SelectMany(s => s.Groups.Where(g => g.Score is not null)
                .Select(g => new SlicedMetric(s.Column, g.Value, g.Rows, s.Metric, g.Score!.Value))));

        var family = experiment.ModelType.ToString();
        return new ModelCard
        {
            ModelName = $"{brief.Name}-{family.ToLowerInvariant()}",
            Version = options.Version ?? experiment.Id,
            Date = options.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            Owner = options.Owner,
            Description = FormattableString.Invariant(
                $"{family} model predicting {Lower(brief.PredictionTarget)} ({Task(brief.Task)}), from experiment {experiment.Id}: {experiment.Hypothesis}. Verdict: {experiment.Verdict}.")
                + (experiment.Threshold is { } threshold ? FormattableString.Invariant($" Decision threshold: {threshold:0.###} (a probability at or above it is the positive label; evaluation, fairness and serving use it).") : ""),
            IntendedUse = string.Join(" ", new[]
            {
                brief.BusinessObjective.Length > 0 ? $"{brief.BusinessObjective}." : "",
                brief.SuccessMetric.Length > 0 ? $"Success: {brief.SuccessMetric}." : "",
                $"Consumed by {brief.Consumer} at {brief.Latency} latency.",
            }.Where(s => s.Length > 0)),
            OutOfScopeUses = options.OutOfScopeUses,
            TrainingSource = string.IsNullOrWhiteSpace(brief.DataAvailable) ? features.SourceTable : brief.DataAvailable,
            TrainingSize = FormattableString.Invariant($"{experiment.TrainRows} training rows, {experiment.HoldoutRows} holdout rows (dataset SHA-256 {experiment.DatasetSha256})"),
            TrainingDateRange = string.IsNullOrWhiteSpace(options.TrainingDateRange) ? experiment.DateRange ?? "" : options.TrainingDateRange,
            KnownBiases = [.. new[] { brief.DataGaps }.Where(s => !string.IsNullOrWhiteSpace(s))
                .Concat(evaluation.Fairness.Where(f => !f.Passes).Select(f => $"Unequal treatment by {f.Attribute} on the holdout (see ethical considerations)."))],
            Features = [.. features.Features.Select(f => string.IsNullOrWhiteSpace(f.Options.Description) ? $"{f.Property} ({f.Transform})" : $"{f.Property} ({f.Transform}): {f.Options.Description}").Distinct(StringComparer.Ordinal)],
            // The regression counterpart of calibration travels as a metric: the measured coverage of the promised intervals.
            Metrics = evaluation.PredictionIntervals is { } intervals
                ? evaluation.Metrics.Add(new MetricEstimate(FormattableString.Invariant($"prediction_interval_coverage_{intervals.Interval.Nominal * 100:0}"), intervals.Coverage))
                : evaluation.Metrics,
            Datasets = [FormattableString.Invariant($"holdout of {experiment.HoldoutRows} rows (fingerprint {experiment.HoldoutFingerprint}), evaluated once")],
            SlicedMetrics = [.. sliced],
            Limitations = [.. limitations],
            EthicalConsiderations = [.. ethics],
            RetrainingSchedule = options.RetrainingSchedule,
            Monitoring = options.Monitoring,
            Contact = options.Contact,
            TrainingCost = options.TrainingPricePerHour > 0
                ? FormattableString.Invariant($"${Costs.CostModel.TrainingCost(experiment.TrainingTime, options.TrainingPricePerHour):0.####} per run ({experiment.TrainingTime.TotalSeconds:0.#} s at ${options.TrainingPricePerHour:0.##}/h)")
                : "",
        };
    }

    // One protected attribute's finding in words: who is selected more, each group's base rate and calibration gap.
    private static string FairnessFinding(Evaluation.FairnessReport f)
    {
        var low = f.Groups.MinBy(g => g.SelectionRate)!;
        var high = f.Groups.MaxBy(g => g.SelectionRate)!;
        var groups = string.Join("; ", f.Groups.Select(g => FormattableString.Invariant(
            $"{f.Attribute} = {g.Group} ({g.Rows} rows): base rate {g.BaseRate:0.###}, selected {g.SelectionRate:0.###}, mean predicted {g.MeanScore:0.###} (calibration gap {g.CalibrationGap:+0.###;-0.###;0}), ECE {g.ExpectedCalibrationError:0.###}")));
        var checks = string.Join("; ", f.Checks.Select(c => c.ToString()));
        return FormattableString.Invariant(
            $"Fairness by {f.Attribute} ({(f.Passes ? "passed" : "not passed")}): {f.Attribute} = {low.Group} is selected least ({low.SelectionRate:0.###}) and {f.Attribute} = {high.Group} most ({high.SelectionRate:0.###}). {groups}. Checks: {checks}.");
    }

    private static string Task(MlTask task) => Common.SnakeCase.From(task.ToString()).Replace('_', ' ');

    private static string Lower(string text) => text.Length > 1 && char.IsUpper(text[0]) && char.IsLower(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
