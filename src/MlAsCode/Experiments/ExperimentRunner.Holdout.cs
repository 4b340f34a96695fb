using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MlAsCode.Evaluation;
using MlAsCode.Evaluation.Reporting;
using MlAsCode.Framing;

namespace MlAsCode.Experiments;

// The one evaluation on the holdout: the metrics and the baseline over shared bootstrap resamples, the baseline's
// predictions, and everything the evaluation report needs about the holdout rows.
public sealed partial class ExperimentRunner<TRow>
{
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
            ValidationActual = folds.Actual,
            ValidationPredicted = folds.Predicted,
            TargetTransform = target.Transform,
            Times = _features.EventTime is { } time ? [.. holdout.Select(r => time(r))] : null,
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
            case BaselineKind.GroupMedian or BaselineKind.GroupMean when !Binary && !Multiclass:
                return Grouped(spec, train, holdout);
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

    // The median (or mean) target of the training rows in each group of spec.GroupBy; a group the training part never
    // saw gets the overall statistic.
    private Predictions Grouped(BaselineSpec spec, ImmutableArray<TRow> train, ImmutableArray<TRow> holdout)
    {
        var target = _features.Target!;
        var group = RowColumns<TRow>.Reader(spec.GroupBy!)!;
        Func<double[], double> statistic = spec.Kind == BaselineKind.GroupMedian ? v => TrivialBaseline.Median(v) : v => TrivialBaseline.Mean(v);
        var byGroup = train.GroupBy(group, StringComparer.Ordinal).ToDictionary(g => g.Key, g => statistic([.. g.Select(r => target.Value(r))]), StringComparer.Ordinal);
        var overall = statistic([.. train.Select(r => target.Value(r))]);
        return new Predictions([.. holdout.Select(r => byGroup.TryGetValue(group(r), out var value) ? value : overall)], null);
    }
}
