using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using MlAsCode.Evaluation;
using MlAsCode.Experiments.Tuning;

namespace MlAsCode.Experiments;

// Tuning by cross-validation on the training part, and the labels and predictions every step shares.
public sealed partial class ExperimentRunner<TRow>
{
    // The chosen hyperparameters' cross-validation: one score per fold, and (binary) the out-of-fold probabilities
    // with their labels, which the calibrators are fitted on (validation data, never the holdout).
    // Regression: the out-of-fold actual values and predictions, which the conformal intervals are fitted on.
    private sealed record FoldOutcome(ImmutableArray<double> Scores, bool[]? Labels, double[]? Probabilities, double[]? Actual = null, double[]? Predicted = null);

    private (ParameterSet Best, double CrossValidationScore, int Trials, FoldOutcome Folds, bool Flat) Tune(ImmutableArray<TRow> train, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
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
            var actual = new List<double>();
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
                else if (Regression)
                {
                    actual.AddRange(f.Rows.Select(r => _features.Target!.Value(r)));
                    probabilities.AddRange(predictions.Scores!);
                }
            }

            outcomes[parameters.ToString()] = new FoldOutcome([.. scores], Binary ? [.. labels] : null, Binary ? [.. probabilities] : null,
                Regression ? [.. actual] : null, Regression ? [.. probabilities] : null);
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
        // Every trial scoring exactly the same means the searched parameters changed nothing (an unconverged or
        // saturated model): the search proved nothing, and the report says so.
        var flat = result.Trials.Length > 1 && result.Trials.All(t => t.Score == result.Trials[0].Score);
        return (best, result.Best.Score, result.Trials.Length, outcomes[best.ToString()], flat);
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
}
