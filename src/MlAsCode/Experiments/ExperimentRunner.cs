using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MlAsCode.Evaluation;
using MlAsCode.Evaluation.Reporting;
using MlAsCode.Experiments.Tuning;
using MlAsCode.Features;
using MlAsCode.Framing;

namespace MlAsCode.Experiments;

/// <summary>Where a run reads its source and writes its outputs.</summary>
public sealed record ExperimentRunOptions
{
    /// <summary>The source file: when given, the data quality gate runs on it first.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Folder for the model (ONNX), the fitted feature pipeline and the report; nothing is written without it.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>The tracking store the run is recorded in; not recorded without it.</summary>
    public IRunRecorder? Tracking { get; init; }

    /// <summary>Receives one report per step and per tuning trial (<see cref="ConsoleRunProgress"/> shows them).</summary>
    public IProgress<RunProgress>? Progress { get; init; }

    /// <summary>Documents written with the outputs once the report is complete (the HTML evaluation report and the model
    /// card: <c>RunDocuments.Standard(…)</c> in MlAsCode.Operations). The generated <c>RunAsync</c> fills in the standard
    /// ones when the project references MlAsCode.Operations and this is left null; an empty list writes none.</summary>
    public IReadOnlyList<IRunDocument>? Documents { get; init; }
}

/// <summary>
/// Runs an experiment the way the methodology orders it, so a user cannot skip a step: data quality gate,
/// dedupe, holdout carved and fingerprinted first, feature pipeline fitted on training folds only, tuning by
/// cross-validation on the training part, final fit, ONE evaluation on the holdout, the declared baseline scored on the
/// same holdout, a verdict by a stated rule, and everything recorded. Binary and multiclass classification, and
/// regression.
/// </summary>
/// <remarks>
/// Verdict: with d = model − baseline on the primary metric (signed so that positive is better) and its paired
/// bootstrap 95% interval, <c>promoted</c> when d ≥ the declared margin and the interval's lower end is above zero;
/// <c>iterate</c> when d &gt; 0 otherwise; <c>archived</c> when the model is no better than the baseline.
/// </remarks>
public sealed partial class ExperimentRunner<TRow>
{
    private readonly ExperimentSettings _settings;
    private readonly ProblemBrief _problem;
    private readonly FeatureSetDefinition<TRow> _features;
    private readonly ITabularTrainer _trainer;

    /// <summary>Creates a runner.</summary>
    /// <exception cref="ArgumentException">The trainer's task differs from the problem's, or the task is not binary
    /// classification or regression, or the feature set has no target.</exception>
    public ExperimentRunner(ExperimentSettings settings, ProblemBrief problem, FeatureSetDefinition<TRow> features, ITabularTrainer trainer)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _problem = problem ?? throw new ArgumentNullException(nameof(problem));
        _features = features ?? throw new ArgumentNullException(nameof(features));
        _trainer = trainer ?? throw new ArgumentNullException(nameof(trainer));
        if (problem.Task is not (MlTask.BinaryClassification or MlTask.MulticlassClassification or MlTask.Regression))
        {
            throw new ArgumentException($"Experiment {settings.Id}: the runner handles binary and multiclass classification and regression; problem {problem.Name} is {problem.Task}.");
        }

        if (trainer.Task != problem.Task)
        {
            throw new ArgumentException($"Experiment {settings.Id}: the trainer is for {trainer.Task} but problem {problem.Name} is {problem.Task}.");
        }

        if (features.Target is null)
        {
            throw new ArgumentException($"Experiment {settings.Id}: feature set {features.Entity} declares no [Target].");
        }

        if (features.Target.Transform != TargetTransform.None)
        {
            // Trained on the transformed target, predicting in its own units (TransformedTargetRegressor).
            _trainer = problem.Task == MlTask.Regression
                ? new TransformedTargetTrainer(trainer, features.Target.Transform)
                : throw new ArgumentException($"Experiment {settings.Id}: [Target(Transform = TargetTransform.{features.Target.Transform})] on {features.Entity}.{features.Target.Property} applies to regression only; problem {problem.Name} is {problem.Task}.");
        }

        if (settings.Split == SplitStrategy.Temporal && settings.CrossValidation != CrossValidationStrategy.TimeSeries)
        {
            throw new ArgumentException(
                $"Experiment {settings.Id}: a temporal split needs time-series cross-validation for tuning (CrossValidation = CrossValidationStrategy.TimeSeries); {settings.CrossValidation} folds would train on events later than the ones they validate on.");
        }

        if (!settings.SearchSpace.IsDefaultOrEmpty && settings.Tuning == TuningStrategy.Manual)
        {
            throw new ArgumentException(
                $"Experiment {settings.Id} declares a search space ({string.Join(", ", settings.SearchSpace.Select(p => p.Name))}) but manual tuning, which would ignore it: add [Tuning(TuningStrategy.Bayesian)] (or Random, Grid).");
        }

        var clash = settings.SearchSpace.IsDefaultOrEmpty ? null : settings.SearchSpace.Select(p => p.Name).FirstOrDefault(settings.Fixed.ContainsKey);
        if (clash is not null)
        {
            throw new ArgumentException($"Experiment {settings.Id}: '{clash}' is both searched and fixed; keep one.");
        }

        PrimaryMetric = problem.PrimaryMetric != Metric.Unspecified ? problem.PrimaryMetric
            : problem.Task switch
            {
                MlTask.BinaryClassification => Metric.PrAuc,
                MlTask.MulticlassClassification => Metric.MacroF1,
                _ => Metric.Mae,
            };
        if (!MetricScorer.Fits(PrimaryMetric, problem.Task))
        {
            throw new ArgumentException($"Experiment {settings.Id}: problem {problem.Name}'s metric {PrimaryMetric} does not fit its task {problem.Task}.");
        }

        // The baseline is checked now, not after an hour of tuning.
        var spec = problem.Baseline;
        var fits = spec?.Kind switch
        {
            BaselineKind.MajorityClass => problem.Task != MlTask.Regression,
            BaselineKind.MeanPrediction or BaselineKind.MedianPrediction => problem.Task == MlTask.Regression,
            BaselineKind.Rules => RulesFit(spec.Rules),
            BaselineKind.GroupMedian or BaselineKind.GroupMean => problem.Task == MlTask.Regression && spec.GroupBy is { } group && RowColumns<TRow>.Reader(group) is not null,
            BaselineKind.Measured => spec.Value is not null && spec.Metric == PrimaryMetric,
            _ => false,
        };
        if (spec is { Kind: BaselineKind.Rules, Rules: not null } && !fits)
        {
            // Checked before any tuning: a rules method that cannot score a row would otherwise fail after training.
            throw new ArgumentException(
                $"Experiment {settings.Id}: problem {problem.Name}'s rules baseline {spec.RulesMethod} must take one {typeof(TRow).Name} and return {(problem.Task == MlTask.MulticlassClassification ? "a class (string)" : "a score (double, float or bool)")}; it is {Signature(spec.Rules)} (ML0006).");
        }

        if (!fits)
        {
            throw new ArgumentException(
                $"Experiment {settings.Id}: problem {problem.Name}'s baseline ({spec?.ToString() ?? "none"}) cannot be scored for {problem.Task} on {PrimaryMetric}: declare [Baseline] with Kind MajorityClass (classification), MeanPrediction, MedianPrediction or GroupMedian/GroupMean with a GroupBy property of {typeof(TRow).Name} (regression), a rules method, or a measured value of {PrimaryMetric} (ML0303).");
        }
    }

    // Whether the rules method scores one row the way the runner calls it (BaselinePredictions).
    private bool RulesFit(Delegate? rules) => _problem.Task == MlTask.MulticlassClassification
        ? rules is Func<TRow, string>
        : rules is Func<TRow, double> or Func<TRow, float> || (rules is Func<TRow, bool> && _problem.Task == MlTask.BinaryClassification);

    private static string Signature(Delegate rules) =>
        $"({string.Join(", ", rules.Method.GetParameters().Select(p => $"{p.ParameterType.Name} {p.Name}"))}) → {rules.Method.ReturnType.Name}";

    /// <summary>The metric the verdict is decided on (the brief's, or the methodology's default for the task).</summary>
    public Metric PrimaryMetric { get; }

    private bool Binary => _problem.Task == MlTask.BinaryClassification;

    private bool Multiclass => _problem.Task == MlTask.MulticlassClassification;

    private bool Regression => _problem.Task == MlTask.Regression;

    /// <summary>Runs the experiment on <paramref name="rows"/> (the whole source; the runner carves the holdout).</summary>
    /// <remarks>A run that fails (data below the quality gate, a leak refused, a trainer error) is recorded in the
    /// tracking store as <c>failed</c> with the reason, then the exception is rethrown.</remarks>
    public async Task<ExperimentReport> RunAsync(IReadOnlyList<TRow> rows, ExperimentRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new ExperimentRunOptions();

        // The run is recorded when it starts (its start time is the run's, and a changed declaration is refused before
        // any training); it is finished, failed or marked cancelled at the end.
        string? run = null;
        if (options.Tracking is { } store)
        {
            await store.SaveExperimentAsync(new ExperimentRecord(_settings.Id, _settings.Hypothesis, _problem.Name, _features.Entity, _trainer.Family.ToString()), cancellationToken).ConfigureAwait(false);
            run = await store.StartRunAsync(_settings.Id, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await RunCoreAsync(rows, options, run, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (run is not null)
        {
            var reason = e is OperationCanceledException ? "cancelled" : $"{e.GetType().Name}: {e.Message}";
            await options.Tracking!.FailRunAsync(run, reason, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<ExperimentReport> RunCoreAsync(IReadOnlyList<TRow> rows, ExperimentRunOptions options, string? run, CancellationToken cancellationToken)
    {
        var progress = options.Progress;
        var s = _settings;

        Quality.DataQualityReport? quality = null;
        if (options.SourcePath is { } source)
        {
            quality = _features.AssessQuality(source, s.QualityGate, rows: rows);
            progress?.Report(new RunProgress(RunStage.Quality, 1, 1, FormattableString.Invariant($"data quality {quality.Scaled:0.#}/30 over {quality.MeasuredDimensions} measured dimensions (gate {s.QualityGate})")));
            quality.EnsurePasses();
        }

        EnsureTransformable(rows);
        var split = _features.Split(rows, new Splitting.SplitOptions { Strategy = s.Split, TestFraction = s.TestFraction, Seed = s.Seed });
        progress?.Report(new RunProgress(RunStage.Split, 1, 1, split.ToString()));
        cancellationToken.ThrowIfCancellationRequested();

        // Tuning: every fold's pipeline is fitted on that fold's training rows only, once, and reused by every trial.
        ParameterSet best;
        double cvScore;
        int trials;
        FoldOutcome folds;
        bool flat;
        try
        {
            (best, cvScore, trials, folds, flat) = Tune(split.Train, progress, cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Experiment {s.Id}: cross-validation on the training part failed: {e.Message} (a fold may lack a class: use stratified folds or fewer of them).", e);
        }


        var watch = Stopwatch.StartNew();
        var fit = _features.FitTransform(split.Train);
        var model = _trainer.Fit(fit.TrainingMatrix, LabelsOf(split.Train), best);
        watch.Stop();
        progress?.Report(new RunProgress(RunStage.Training, 1, 1, FormattableString.Invariant($"final model trained in {watch.Elapsed.TotalSeconds:0.0} s")));

        // The one evaluation on the holdout.
        _features.VerifyHoldout(split.Test, split.HoldoutFingerprint);
        var holdout = fit.Pipeline.TransformBatch(split.Test);
        var predictions = PredictOn(model, holdout);
        var (metrics, baseline) = Evaluate(split.Train, split.Test, predictions);
        var evaluationInput = EvaluationOf(split.Test, predictions, metrics, baseline, folds);
        var evaluation = Evaluator.Evaluate(evaluationInput);
        var holdoutUses = options.Tracking is { } tracking ? await tracking.CountHoldoutUsesAsync(split.HoldoutFingerprint, cancellationToken).ConfigureAwait(false) + 1 : 1;
        evaluation = evaluation with { Checks = evaluation.Checks.Add(HoldoutReuse(holdoutUses)) };
        if (flat)
        {
            evaluation = evaluation with { Checks = evaluation.Checks.Add(new EvaluationCheck("tuning", CheckStatus.Warning, FormattableString.Invariant(
                $"all {trials} tuning trials scored the same cross-validated {PrimaryMetric} ({cvScore:0.######}): the searched hyperparameters changed nothing — check that the model converges and that the search space matters"))) };
        }
        var kills = KillCriteriaCheck.Evaluate(KillConditions(), Evidence(metrics[0].Score.Value, baseline, split, model, fit.Pipeline, quality));
        var (decided, because) = Decide(baseline);
        var gated = VerdictGate.Apply(decided, because, evaluation, kills, s.Overrides);
        var (verdict, notes) = (gated.Verdict, gated.Notes);
        progress?.Report(new RunProgress(RunStage.Evaluation, 1, 1, FormattableString.Invariant($"{PrimaryMetric} {metrics[0].Score}; baseline {baseline.BaselineScore.Value:0.0000}; {verdict}")));

        var artifacts = options.OutputDirectory is { } output ? WriteArtifacts(output, model, fit.Pipeline, split.Train) : [];
        var report = new ExperimentReport(s.Id, s.Hypothesis, split.DatasetFingerprint, split.HoldoutFingerprint, fit.Pipeline.Names, _trainer.Family,
            model.Parameters.ToText(), watch.Elapsed, PrimaryMetric, metrics, cvScore, baseline, verdict, notes,
            [.. artifacts.Select(a => a.Path)], split.Train.Length, split.Test.Length, trials, run)
        {
            Evaluation = evaluation, Threshold = Binary ? s.Threshold : null, DateRange = DateRange(split), KillCriteria = kills, Blockers = gated.Blockers, HoldoutUses = holdoutUses,
            Overridden = [.. gated.Overridden.Select(o => new AppliedOverride(o.Check, o.Override.Reason))],
        };
        if (options.OutputDirectory is { } folder)
        {
            // Every file is rendered and its name checked before any is written: a document may only add a new plain
            // file (names compared without case, as some file systems do), never replace an output or the report.
            var files = new RunFile[]
            {
                new("evaluation.json", EvaluationJson.Write(evaluation)),
                new("predictions.csv", PredictionsCsv.Write(evaluationInput, Common.SnakeCase.From(_features.Target!.Property))),
            }.Concat((options.Documents ?? []).SelectMany(d => d.Render(new RunDocumentContext<TRow>(report, _problem, _features)))).ToList();
            var taken = new HashSet<string>(artifacts.Select(a => a.Name).Append("experiment_report.json"), StringComparer.OrdinalIgnoreCase);
            foreach (var (name, _) in files)
            {
                if (name.Length == 0 || Path.GetFileName(name) != name || !taken.Add(name))
                {
                    throw new InvalidOperationException($"Experiment {s.Id}: a run document wants to write '{name}', which is not a new plain file name inside the output folder.");
                }
            }

            foreach (var (name, text) in files)
            {
                var file = Path.Combine(folder, name);
                await File.WriteAllTextAsync(file, text, cancellationToken).ConfigureAwait(false);
                artifacts.Add(new ArtifactRecord(name, file, Sha256(file)));
            }

            var path = Path.Combine(folder, "experiment_report.json");
            report = report with { Artifacts = [.. artifacts.Select(a => a.Path), path] };
            await File.WriteAllTextAsync(path, ExperimentReportJson.Write(report), cancellationToken).ConfigureAwait(false);
            artifacts = [.. artifacts, new ArtifactRecord("experiment_report.json", path, Sha256(path))];
        }

        if (options.Tracking is { } store && run is not null)
        {
            await Record(store, run, report, fit.Pipeline.ContentHash, artifacts, cancellationToken).ConfigureAwait(false);
        }

        return report;
    }

    // The training and holdout periods, when the rows have an event time (the model card records them).
    private string? DateRange(Splitting.TrainTestSplit<TRow> split)
    {
        if (_features.EventTime is not { } time || split.Train.IsDefaultOrEmpty)
        {
            return null;
        }

        static string Day(DateTime t) => t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var train = split.Train.Select(r => time(r)).ToList();
        var text = $"training {Day(train.Min())} to {Day(train.Max())}";
        if (split.Test.IsDefaultOrEmpty)
        {
            return text;
        }

        var test = split.Test.Select(r => time(r)).ToList();
        return $"{text}; holdout {Day(test.Min())} to {Day(test.Max())}";
    }

    // A declared target transform must take every target (log of 0 is not a number): refused before any training, with the row.
    private void EnsureTransformable(IReadOnlyList<TRow> rows)
    {
        var target = _features.Target!;
        if (target.Transform == TargetTransform.None)
        {
            return;
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var value = target.Value(rows[i]);
            if (Features.Definition.TargetTransforms.Refusal(target.Transform, value) is { } why)
            {
                throw new InvalidOperationException(FormattableString.Invariant(
                    $"Experiment {_settings.Id}: the target {Common.SnakeCase.From(target.Property)} of row {i + 1} is {value}: it {why} ([Target(Transform = TargetTransform.{target.Transform})] on {typeof(TRow).Name}.{target.Property})."));
            }
        }
    }

    // The tracking store knows how often this holdout was looked at: from the declared count on, a warning that the
    // best of many looks at one holdout is optimistic.
    private EvaluationCheck HoldoutReuse(int uses)
    {
        var text = FormattableString.Invariant($"this holdout has been evaluated by {uses} finished run(s), this one included");
        return _settings.HoldoutReuseWarning > 0 && uses >= _settings.HoldoutReuseWarning
            ? new EvaluationCheck("holdout_reuse", CheckStatus.Warning, text + FormattableString.Invariant(
                $" (warning from {_settings.HoldoutReuseWarning}): choosing among runs by this score overfits the holdout; confirm the best on a fresh holdout (another split seed or new data)"))
            : new EvaluationCheck("holdout_reuse", CheckStatus.Passed, text);
    }

    private (string Verdict, string Notes) Decide(BaselineComparison comparison)
    {
        var d = comparison.Improvement;
        var margin = _settings.Margin;
        FormattableString text;
        string verdict;
        if (d.Value >= margin && d.Lower > 0)
        {
            verdict = "promoted";
            text = $"beats the baseline by {d.Value:0.0000} on {PrimaryMetric} (margin {margin:0.####}); the 95% interval of the difference [{d.Lower:0.0000}, {d.Upper:0.0000}] is above zero";
        }
        else if (d.Value > 0)
        {
            verdict = "iterate";
            text = $"better than the baseline by {d.Value:0.0000} on {PrimaryMetric}, but {(d.Value < margin ? $"below the margin {margin:0.####}" : "the 95% interval of the difference includes zero")} (95% interval [{d.Lower:0.0000}, {d.Upper:0.0000}])";
        }
        else
        {
            verdict = "archived";
            text = $"no better than the baseline on {PrimaryMetric} (difference {d.Value:0.0000}, 95% interval [{d.Lower:0.0000}, {d.Upper:0.0000}])";
        }

        return (verdict, FormattableString.Invariant(text));
    }
}
