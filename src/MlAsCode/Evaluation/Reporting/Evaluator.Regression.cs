using System;
using System.Collections.Immutable;
using System.Linq;

namespace MlAsCode.Evaluation.Reporting;

// What a careful analyst reads beside a regression's metrics: do the prediction intervals hold (the counterpart of
// calibration), and do the residuals drift over time.
public static partial class Evaluator
{
    // Conformal intervals fitted on the validation rows, their coverage measured on the evaluated rows with a bootstrap
    // interval. Too narrow (the coverage's whole interval below the promise) is a warning: the evaluated rows are not
    // like the validation rows (a later period, a shifted population), and so the intervals promise too much.
    private static EvaluationCheck IntervalCheck(EvaluationInput input, int rows, out PredictionIntervalSummary? summary)
    {
        summary = null;
        if (input.ValidationActual is not { } actual || input.ValidationPredicted is not { } predicted)
        {
            return new("prediction_intervals", CheckStatus.NotRun, "no out-of-fold predictions to fit prediction intervals on (an experiment run gives them)");
        }

        ConformalInterval interval;
        try
        {
            interval = ConformalInterval.Fit(actual, predicted, input.IntervalCoverage, input.TargetTransform);
        }
        catch (ArgumentException e)
        {
            return new("prediction_intervals", CheckStatus.NotRun, e.Message);
        }

        var covered = new double[rows];
        var widths = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var (lower, upper) = interval.Bounds(input.Scores![i]);
            covered[i] = input.Actual![i] >= lower && input.Actual[i] <= upper ? 1 : 0;
            widths[i] = upper - lower;
        }

        var coverage = Bootstrap.EstimateFromCounts(rows, counts =>
        {
            double inside = 0, total = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                inside += counts[i] * covered[i];
                total += counts[i];
            }

            return inside / total;
        }, input.Resamples, input.Seed);
        Array.Sort(widths);
        summary = new PredictionIntervalSummary(interval, coverage, widths[rows / 2]);
        var text = FormattableString.Invariant(
            $"{interval}; covers {coverage.Value:0.0%} of the {rows} evaluated rows (95% interval [{coverage.Lower:0.0%}, {coverage.Upper:0.0%}]), median width {summary.MedianWidth:0.####}");
        return coverage.Upper < interval.Nominal
            ? new("prediction_intervals", CheckStatus.Warning, text + FormattableString.Invariant(
                $": below the promised {interval.Nominal:0%}; the evaluated rows differ from the validation folds (a later period or a shifted population), so served intervals would promise too much"))
            : new("prediction_intervals", CheckStatus.Passed, text);
    }

    // The evaluated rows in time order, cut into up to ten periods of equal row counts, each with at least the minimum
    // segment size when there are enough rows.
    private static ImmutableArray<PeriodResiduals> ResidualsOverTime(EvaluationInput input, int rows)
    {
        if (input.Times is not { } times || times.Count != rows)
        {
            return [];
        }

        var order = Enumerable.Range(0, rows).OrderBy(i => times[i]).ThenBy(i => i).ToArray();
        var periods = Math.Clamp(rows / Math.Max(1, input.MinimumSegmentRows), 1, 10);
        var result = ImmutableArray.CreateBuilder<PeriodResiduals>(periods);
        for (var p = 0; p < periods; p++)
        {
            var (start, end) = (p * rows / periods, (p + 1) * rows / periods);
            var slice = order[start..end];
            result.Add(new PeriodResiduals(times[slice[0]], times[slice[^1]], slice.Length,
                slice.Average(i => input.Actual![i] - input.Scores![i]), slice.Average(i => Math.Abs(input.Actual![i] - input.Scores![i]))));
        }

        return result.MoveToImmutable();
    }
}
