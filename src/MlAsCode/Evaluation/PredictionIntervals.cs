using System;
using System.Collections.Generic;
using System.Globalization;
using MlAsCode.Features.Definition;

namespace MlAsCode.Evaluation;

/// <summary>
/// Split conformal prediction intervals for a regression model (Lei et al., 2018; MAPIE's "split" method): the
/// nonconformity of a validation row is |f(y) − f(ŷ)|, with f the target's transform (identity when none, so the
/// interval is ŷ ± q; the log when the model was trained on it, so the interval is multiplicative). With n validation
/// rows and coverage 1 − α, q is the ⌈(n + 1)(1 − α)⌉-th smallest nonconformity; rows exchangeable with the validation
/// rows then fall inside with probability at least 1 − α. The runner fits it on the out-of-fold predictions of the
/// chosen hyperparameters (never the holdout) and measures the coverage on the holdout.
/// </summary>
/// <param name="Nominal">The promised coverage (0.9: nine rows in ten inside).</param>
/// <param name="ValidationRows">How many validation rows q was taken from.</param>
/// <param name="HalfWidth">q, on the transform's scale.</param>
/// <param name="Scale">The transform q is on.</param>
public sealed record ConformalInterval(double Nominal, int ValidationRows, double HalfWidth, TargetTransform Scale)
{
    /// <summary>Fits q on validation rows.</summary>
    /// <exception cref="ArgumentException">Lengths differ, the coverage is not in (0, 1), a value is not finite, or there
    /// are too few rows for the coverage (⌈(n + 1)(1 − α)⌉ must not exceed n: 9 rows for 90%, 19 for 95%).</exception>
    public static ConformalInterval Fit(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, double coverage = 0.9, TargetTransform scale = TargetTransform.None)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count)
        {
            throw new ArgumentException($"{actual.Count} actual values but {predicted.Count} predictions.", nameof(predicted));
        }

        if (coverage is not (> 0 and < 1))
        {
            throw new ArgumentException($"Coverage {coverage} must be between 0 and 1 (0.9 for 90%).", nameof(coverage));
        }

        var n = actual.Count;
        var k = (int)Math.Ceiling((n + 1) * coverage - 1e-9);
        if (k > n)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                "{0} validation rows cannot give a {1:0.##}% interval; it needs at least {2}.", n, coverage * 100, (int)Math.Ceiling(coverage / (1 - coverage) - 1e-9)), nameof(actual));
        }

        var scores = new double[n];
        for (var i = 0; i < n; i++)
        {
            scores[i] = Math.Abs(TargetTransforms.Forward(scale, actual[i]) - TargetTransforms.Forward(scale, predicted[i]));
            if (!double.IsFinite(scores[i]))
            {
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                    "Validation row {0}: actual {1} and prediction {2} give no finite residual{3}.", i + 1, actual[i], predicted[i], scale == TargetTransform.None ? "" : $" on the {scale} scale"), nameof(actual));
            }
        }

        Array.Sort(scores);
        return new ConformalInterval(coverage, n, scores[k - 1], scale);
    }

    /// <summary>The interval around <paramref name="prediction"/>, in the target's units.</summary>
    public (double Lower, double Upper) Bounds(double prediction)
    {
        var center = TargetTransforms.Forward(Scale, prediction);
        return (TargetTransforms.Inverse(Scale, center - HalfWidth), TargetTransforms.Inverse(Scale, center + HalfWidth));
    }

    /// <summary>Whether <paramref name="actual"/> lies inside the interval around <paramref name="prediction"/>.</summary>
    public bool Covers(double actual, double prediction)
    {
        var (lower, upper) = Bounds(prediction);
        return actual >= lower && actual <= upper;
    }

    /// <inheritdoc />
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0:0.#}% split conformal interval from {1} validation rows: {2}",
        Nominal * 100, ValidationRows, Scale == TargetTransform.None ? $"prediction ± {HalfWidth:0.####}" : $"{Scale} scale ± {HalfWidth:0.####}");
}
