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
using MlAsCode.Tracking;

namespace MlAsCode.Experiments;

/// <summary>Where a run reads its source and writes its outputs.</summary>
public sealed record ExperimentRunOptions
{
    /// <summary>The source file: when given, the data quality gate runs on it first.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Folder for the model (ONNX), the fitted feature pipeline and the report; nothing is written without it.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>The tracking store the run is recorded in; not recorded without it.</summary>
    public TrackingStore? Tracking { get; init; }

    /// <summary>Receives one report per step and per tuning trial (<see cref="ConsoleRunProgress"/> shows them).</summary>
    public IProgress<RunProgress>? Progress { get; init; }

    /// <summary>Owner, contact, maintenance and out-of-scope uses for the model card written with the outputs; the
    /// rest of the card comes from the declarations and the run.</summary>
    public ModelCards.ModelCardOptions? ModelCard { get; init; }
}

/// <summary>
/// Runs an experiment the way the seed's methodology orders it, so a user cannot skip a step: data quality gate,
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
public sealed class ExperimentRunner<TRow>
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
            BaselineKind.Rules => spec.Rules is not null,
            BaselineKind.Measured => spec.Value is not null && spec.Metric == PrimaryMetric,
            _ => false,
        };
        if (!fits)
        {
            throw new ArgumentException(
                $"Experiment {settings.Id}: problem {problem.Name}'s baseline ({spec?.ToString() ?? "none"}) cannot be scored for {problem.Task} on {PrimaryMetric}: declare [Baseline] with Kind MajorityClass (classification), MeanPrediction or MedianPrediction (regression), a rules method, or a measured value of {PrimaryMetric} (ML0303).");
        }
    }

    /// <summary>The metric the verdict is decided on (the brief's, or the seed's default for the task).</summary>
    public Metric PrimaryMetric { get; }

    private bool Binary => _problem.Task == MlTask.BinaryClassification;

    private bool Multiclass => _problem.Task == MlTask.MulticlassClassification;

    /// <summary>Runs the experiment on <paramref name="rows"/> (the whole source; the runner carves the holdout).</summary>
    /// <remarks>A run that fails (data below the quality gate, a leak refused, a trainer error) is recorded in the
    /// tracking store as <c>failed</c> with the reason, then the exception is rethrown.</remarks>
    public async Task<ExperimentReport> RunAsync(IReadOnlyList<TRow> rows, ExperimentRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new ExperimentRunOptions();
        try
        {
            return await RunCoreAsync(rows, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (options.Tracking is not null && e is not OperationCanceledException)
        {
            var store = options.Tracking;
            await store.SaveExperimentAsync(new ExperimentRecord(_settings.Id, _settings.Hypothesis, _problem.Name, _features.Entity, _trainer.Family.ToString()), cancellationToken).ConfigureAwait(false);
            var run = await store.StartRunAsync(_settings.Id, cancellationToken).ConfigureAwait(false);
            await store.FailRunAsync(run, $"{e.GetType().Name}: {e.Message}", cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<ExperimentReport> RunCoreAsync(IReadOnlyList<TRow> rows, ExperimentRunOptions options, CancellationToken cancellationToken)
    {
        var progress = options.Progress;
        var s = _settings;

        Quality.DataQualityReport? quality = null;
        if (options.SourcePath is { } source)
        {
            quality = _features.AssessQuality(source, s.QualityGate);
            progress?.Report(new RunProgress(RunStage.Quality, 1, 1, FormattableString.Invariant($"data quality {quality.Scaled:0.#}/30 over {quality.MeasuredDimensions} measured dimensions (gate {s.QualityGate})")));
            quality.EnsurePasses();
        }

        var split = _features.Split(rows, new Splitting.SplitOptions { Strategy = s.Split, TestFraction = s.TestFraction, Seed = s.Seed });
        progress?.Report(new RunProgress(RunStage.Split, 1, 1, split.ToString()));
        cancellationToken.ThrowIfCancellationRequested();

        // Tuning: every fold's pipeline is fitted on that fold's training rows only, once, and reused by every trial.
        ParameterSet best;
        double cvScore;
        int trials;
        FoldOutcome folds;
        try
        {
            (best, cvScore, trials, folds) = Tune(split.Train, progress, cancellationToken);
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
        var kills = KillCriteriaCheck.Evaluate(KillConditions(), Evidence(metrics[0].Score.Value, baseline, split, model, fit.Pipeline, quality));
        var (decided, because) = Decide(baseline);
        var gated = VerdictGate.Apply(decided, because, evaluation, kills, s.Overrides);
        var (verdict, notes) = (gated.Verdict, gated.Notes);
        progress?.Report(new RunProgress(RunStage.Evaluation, 1, 1, FormattableString.Invariant($"{PrimaryMetric} {metrics[0].Score}; baseline {baseline.BaselineScore.Value:0.0000}; {verdict}")));

        var artifacts = options.OutputDirectory is { } output ? WriteArtifacts(output, model, fit.Pipeline) : [];
        var report = new ExperimentReport(s.Id, s.Hypothesis, split.DatasetFingerprint, split.HoldoutFingerprint, fit.Pipeline.Names, _trainer.Family,
            model.Parameters.ToText(), watch.Elapsed, PrimaryMetric, metrics, cvScore, baseline, verdict, notes,
            [.. artifacts.Select(a => a.Path)], split.Train.Length, split.Test.Length, trials, null)
        {
            Evaluation = evaluation, Threshold = Binary ? s.Threshold : null, KillCriteria = kills, Blockers = gated.Blockers,
            Overridden = [.. gated.Overridden.Select(o => new AppliedOverride(o.Check, o.Override.Reason))],
        };
        if (options.OutputDirectory is { } folder)
        {
            var card = ModelCards.ModelCard.From(_problem, _features, report, options.ModelCard);
            foreach (var (name, text) in new[]
            {
                ("evaluation_report.html", HtmlReport.Write(evaluation)), ("evaluation.json", EvaluationJson.Write(evaluation)),
                ("model_card.md", card.ToMarkdown()), ("model_card.yaml", card.ToYaml()),
                ("predictions.csv", PredictionsCsv.Write(evaluationInput, Common.SnakeCase.From(_features.Target!.Property))),
            })
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

        if (options.Tracking is { } store)
        {
            report = report with { RunId = await Record(store, report, fit.Pipeline.ContentHash, artifacts, cancellationToken).ConfigureAwait(false) };
        }

        return report;
    }

    // The chosen hyperparameters' cross-validation: one score per fold, and (binary) the out-of-fold probabilities
    // with their labels, which the calibrators are fitted on (validation data, never the holdout).
    private sealed record FoldOutcome(ImmutableArray<double> Scores, bool[]? Labels, double[]? Probabilities);

    private (ParameterSet Best, double CrossValidationScore, int Trials, FoldOutcome Folds) Tune(ImmutableArray<TRow> train, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var folds = _features.Folds(train, _settings.CrossValidation, _settings.Folds, _settings.Seed)
            .Select(f =>
            {
                var fit = _features.FitTransform(f.Train);
                return (Train: fit.TrainingMatrix, TrainLabels: LabelsOf(f.Train), Validation: fit.Pipeline.TransformBatch(f.Validation), Rows: f.Validation);
            }).ToList();

        var outcomes = new Dictionary<string, FoldOutcome>(StringComparer.Ordinal);
        double Objective(ParameterSet parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scores = new List<double>();
            var labels = new List<bool>();
            var probabilities = new List<double>();
            foreach (var f in folds)
            {
                var model = _trainer.Fit(f.Train, f.TrainLabels, parameters);
                var predictions = PredictOn(model, f.Validation);
                var scored = Prepared(f.Rows, predictions);
                scores.Add(scored.Score(PrimaryMetric, scored.AllOnce()));
                if (Binary)
                {
                    labels.AddRange(f.Rows.Select(r => _features.Target!.Value(r) == 1));
                    probabilities.AddRange(predictions.Scores!);
                }
            }

            outcomes[parameters.ToString()] = new FoldOutcome([.. scores], Binary ? [.. labels] : null, Binary ? [.. probabilities] : null);
            return scores.Average();
        }

        var strategy = _settings.SearchSpace.IsDefaultOrEmpty ? TuningStrategy.Manual : _settings.Tuning;
        var searched = _settings.SearchSpace.IsDefaultOrEmpty ? [] : _settings.SearchSpace;
        var tuner = new Tuner(searched, strategy, _settings.Trials, _settings.Seed, MetricScorer.HigherIsBetter(PrimaryMetric),
            manual: strategy == TuningStrategy.Manual ? ParameterSet.Of(_settings.Fixed) : null, gridPoints: _settings.GridPoints);
        var result = tuner.Optimize(p => Objective(With(p)), trial =>
            progress?.Report(new RunProgress(RunStage.Tuning, trial.Number + 1, tuner.Trials,
                FormattableString.Invariant($"trial {trial.Number + 1}/{tuner.Trials}: {PrimaryMetric} {trial.Score:0.0000} ({trial.Parameters})"))));
        var best = With(result.Best.Parameters);
        return (best, result.Best.Score, result.Trials.Length, outcomes[best.ToString()]);
    }

    // A trial's values plus the fixed ones.
    private ParameterSet With(ParameterSet trial) =>
        ParameterSet.Of(_settings.Fixed.Concat(trial.Names.Where(n => !_settings.Fixed.ContainsKey(n)).Select(n => new KeyValuePair<string, object>(n, trial.Get(n)))));

    private Labels LabelsOf(IReadOnlyList<TRow> rows)
    {
        var target = _features.Target!;
        return Binary ? Labels.Binary(rows.Select(r => target.Value(r) == 1))
            : Multiclass ? Labels.Multiclass(rows.Select(r => target.ClassOf(r)))
            : Labels.Regression(rows.Select(r => (float)target.Value(r)));
    }

    // One score per row (probability or value), or one class per row (multiclass: the most probable).
    private sealed record Predictions(double[]? Scores, string[]? Classes);

    private Predictions PredictOn(ITrainedModel model, Features.FeatureMatrix rows)
    {
        if (!Multiclass)
        {
            return new Predictions([.. model.Predict(rows).Select(p => (double)p)], null);
        }

        var classes = model.Classes;
        return new Predictions(null, [.. model.PredictProbabilities(rows).Select(p => classes[Array.IndexOf(p, p.Max())])]);
    }

    // Rows prepared once for the bootstrap: every resample is a vector of draw counts, scored in one pass.
    private ScoredRows Prepared(IReadOnlyList<TRow> rows, Predictions predictions)
    {
        var target = _features.Target!;
        return Binary ? ScoredRows.Binary([.. rows.Select(r => target.Value(r) == 1)], predictions.Scores!)
            : Multiclass ? ScoredRows.Multiclass([.. rows.Select(r => target.ClassOf(r))], predictions.Classes!)
            : ScoredRows.Regression([.. rows.Select(r => target.Value(r))], predictions.Scores!);
    }

    // The metrics, the baseline's score and the paired difference, all over one shared set of bootstrap resamples.
    private (ImmutableArray<(Metric Metric, Interval Score)> Metrics, BaselineComparison Baseline) Evaluate(
        ImmutableArray<TRow> train, ImmutableArray<TRow> holdout, Predictions predictions)
    {
        var spec = _problem.Baseline;
        var sign = MetricScorer.HigherIsBetter(PrimaryMetric) ? 1.0 : -1.0;
        var metrics = Binary ? MetricScorer.Binary(PrimaryMetric) : Multiclass ? MetricScorer.Multiclass(PrimaryMetric) : MetricScorer.Regression(PrimaryMetric);
        var model = Prepared(holdout, predictions);
        var estimates = metrics.Select(m => (Func<int[], double>)(counts => model.Score(m, counts))).ToList();
        string description;
        double? measured = null;
        if (spec is { Kind: BaselineKind.Measured, Value: { } value })
        {
            if (spec.Metric != PrimaryMetric)
            {
                throw new InvalidOperationException(
                    $"Problem {_problem.Name}'s measured baseline is {spec.Metric} = {value} but the experiment decides on {PrimaryMetric}; measure the baseline on the same metric.");
            }

            measured = value;
            description = spec.ToString();
            estimates.Add(counts => sign * (model.Score(PrimaryMetric, counts) - value));
        }
        else
        {
            var baseline = Prepared(holdout, BaselinePredictions(spec, train, holdout));
            description = spec!.ToString();
            estimates.Add(counts => baseline.Score(PrimaryMetric, counts));
            estimates.Add(counts => sign * (model.Score(PrimaryMetric, counts) - baseline.Score(PrimaryMetric, counts)));
        }

        var intervals = Bootstrap.EstimateFromCounts(holdout.Length, estimates, _settings.Resamples, _settings.Seed);
        ImmutableArray<(Metric, Interval)> scored = [.. metrics.Select((m, i) => (m, intervals[i]))];
        var comparison = measured is { } fixedValue
            ? new BaselineComparison(description, new Interval(fixedValue, fixedValue, fixedValue, 0.95), intervals[^1])
            : new BaselineComparison(description, intervals[^2], intervals[^1]);
        return (scored, comparison);
    }

    // Everything the evaluation needs about the holdout rows: predictions, slices read from the rows, and the
    // out-of-fold predictions for the calibrators.
    private EvaluationInput EvaluationOf(ImmutableArray<TRow> holdout, Predictions predictions, ImmutableArray<(Metric Metric, Interval Score)> metrics,
        BaselineComparison baseline, FoldOutcome folds)
    {
        var target = _features.Target!;
        var slices = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var unavailable = new Dictionary<string, string>(StringComparer.Ordinal);
        var declared = _problem.ProtectedAttributes.Concat(_features.ProtectedProperties.Where(p =>
            !_problem.ProtectedAttributes.Any(a => Common.SnakeCase.From(a) == Common.SnakeCase.From(p))));
        foreach (var attribute in declared.Select(a => Common.SnakeCase.From(a)).Distinct(StringComparer.Ordinal))
        {
            if (RowColumns<TRow>.Reader(attribute) is { } read)
            {
                slices[attribute] = [.. holdout.Select(read)];
            }
            else
            {
                unavailable[attribute] = $"problem {_problem.Name} declares it protected but feature set {_features.Entity} ({typeof(TRow).Name}) has no such property; add it with [Protected] so every run slices by it (ML0402)";
            }
        }

        var segments = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var column in _settings.Segments)
        {
            var read = RowColumns<TRow>.Reader(column)
                ?? throw new InvalidOperationException($"Experiment {_settings.Id}: segment column '{column}' is not a property of {typeof(TRow).Name}.");
            segments[column] = [.. holdout.Select(read)];
        }

        var readers = _features.Features.Select(f => f.Property).Distinct(StringComparer.Ordinal)
            .Select(p => (Name: p, Read: RowColumns<TRow>.Reader(p))).Where(p => p.Read is not null).ToList();
        return new EvaluationInput
        {
            Title = $"{_settings.Id} · {_trainer.Family} · {_problem.Name}",
            Task = _problem.Task,
            PrimaryMetric = PrimaryMetric,
            Labels = Binary ? [.. holdout.Select(r => target.Value(r) == 1)] : null,
            Scores = predictions.Scores,
            Actual = !Binary && !Multiclass ? [.. holdout.Select(r => target.Value(r))] : null,
            ActualClasses = Multiclass ? [.. holdout.Select(r => target.ClassOf(r))] : null,
            PredictedClasses = predictions.Classes,
            Metrics = [.. metrics.Select(m => new MetricEstimate(MetricScorer.Name(m.Metric), m.Score))],
            Baseline = baseline,
            CrossValidation = new CrossValidationSummary(MetricScorer.Name(PrimaryMetric), folds.Scores),
            TrueHoldout = true,
            Segments = segments,
            Protected = slices,
            ProtectedUnavailable = unavailable,
            RowFeatures = i => readers.Select(r => new KeyValuePair<string, string>(r.Name, r.Read!(holdout[i]))),
            ValidationLabels = folds.Labels,
            ValidationScores = folds.Probabilities,
            Threshold = _settings.Threshold,
            Resamples = _settings.Resamples,
            Seed = _settings.Seed,
            Fairness = _settings.Fairness,
            CalibrationLimit = _settings.CalibrationLimit,
            CheckCalibration = _settings.CheckCalibration,
        };
    }

    private Predictions BaselinePredictions(BaselineSpec? spec, ImmutableArray<TRow> train, ImmutableArray<TRow> holdout)
    {
        var target = _features.Target!;
        Predictions Constant(double value) => new([.. Enumerable.Repeat(value, holdout.Length)], null);
        switch (spec?.Kind)
        {
            // A constant at the training prevalence: the majority class as a probability.
            case BaselineKind.MajorityClass when Binary:
                return Constant(train.Average(r => target.Value(r)));
            case BaselineKind.MajorityClass when Multiclass:
                var majority = TrivialBaseline.MajorityClass(train.Select(r => target.ClassOf(r)));
                return new Predictions(null, [.. Enumerable.Repeat(majority, holdout.Length)]);
            case BaselineKind.MeanPrediction when !Binary && !Multiclass:
                return Constant(TrivialBaseline.Mean([.. train.Select(r => target.Value(r))]));
            case BaselineKind.MedianPrediction when !Binary && !Multiclass:
                return Constant(TrivialBaseline.Median([.. train.Select(r => target.Value(r))]));
            case BaselineKind.Rules:
                return spec.Rules switch
                {
                    Func<TRow, string> rules when Multiclass => new Predictions(null, [.. holdout.Select(r => rules(r))]),
                    Func<TRow, double> rules when !Multiclass => new Predictions([.. holdout.Select(r => rules(r))], null),
                    Func<TRow, float> rules when !Multiclass => new Predictions([.. holdout.Select(r => (double)rules(r))], null),
                    Func<TRow, bool> rules when Binary => new Predictions([.. holdout.Select(r => rules(r) ? 1.0 : 0.0)], null),
                    _ => throw new InvalidOperationException(
                        $"Problem {_problem.Name}'s rules baseline {spec.RulesMethod} must take one {typeof(TRow).Name} and return {(Multiclass ? "a class (string)" : "a score (double, float or bool)")}; it is {spec.Rules?.GetType().Name ?? "not referenced"}."),
                };
            default:
                throw new InvalidOperationException(
                    $"Problem {_problem.Name} has no baseline this runner can score ({spec?.ToString() ?? "none"}): declare [Baseline] with Kind MajorityClass (classification), MeanPrediction or MedianPrediction (regression), a rules method, or a measured value of {PrimaryMetric} (ML0303).");
        }
    }

    // The brief's kill criteria with their checkable forms (the words alone when none was given one).
    private IEnumerable<KillCriterion> KillConditions() =>
        _problem.KillConditions.IsDefaultOrEmpty ? _problem.KillCriteria.Select(k => new KillCriterion(k)) : _problem.KillConditions;

    // What the kill criteria are checked against: the holdout scores, a constant predictor's, and, only when a criterion
    // needs them, the model's single-row latency and its batch inference cost.
    private RunEvidence Evidence(double model, BaselineComparison baseline, Splitting.TrainTestSplit<TRow> split, ITrainedModel trained, FittedFeaturePipeline<TRow> pipeline,
        Quality.DataQualityReport? quality)
    {
        var target = _features.Target!;
        var constant = Binary ? new Predictions([.. Enumerable.Repeat(split.Train.Average(r => target.Value(r)), split.Test.Length)], null)
            : Multiclass ? new Predictions(null, [.. Enumerable.Repeat(TrivialBaseline.MajorityClass(split.Train.Select(r => target.ClassOf(r))), split.Test.Length)])
            : new Predictions([.. Enumerable.Repeat(TrivialBaseline.Mean([.. split.Train.Select(r => target.Value(r))]), split.Test.Length)], null);
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

    private List<ArtifactRecord> WriteArtifacts(string folder, ITrainedModel model, FittedFeaturePipeline<TRow> pipeline)
    {
        Directory.CreateDirectory(folder);
        var modelPath = Path.Combine(folder, "model.onnx");
        // The served model answers with the threshold it was evaluated at: it travels in the file.
        File.WriteAllBytes(modelPath, Binary
            ? OnnxMetadata.With(model.ToOnnx(), [new(OnnxMetadata.DecisionThreshold, _settings.Threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture))])
            : model.ToOnnx());
        var pipelinePath = Path.Combine(folder, "feature_pipeline.json");
        File.WriteAllText(pipelinePath, pipeline.ToJson());
        return [new("model.onnx", modelPath, Sha256(modelPath)), new("feature_pipeline.json", pipelinePath, Sha256(pipelinePath))];
    }

    private async Task<string> Record(TrackingStore store, ExperimentReport report, string pipelineHash, List<ArtifactRecord> artifacts, CancellationToken cancellationToken)
    {
        await store.SaveExperimentAsync(new ExperimentRecord(report.Id, report.Hypothesis, _problem.Name, _features.Entity, report.ModelType.ToString()), cancellationToken).ConfigureAwait(false);
        var run = await store.StartRunAsync(report.Id, cancellationToken).ConfigureAwait(false);
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
        return run;
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
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

}
