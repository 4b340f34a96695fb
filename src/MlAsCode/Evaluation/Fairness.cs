using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace MlAsCode.Evaluation;

/// <summary>Limits of the fairness checks.</summary>
public sealed record FairnessOptions
{
    /// <summary>
    /// The lowest acceptable ratio of the smallest group selection rate to the largest. 0.8 is the US employment
    /// "four-fifths rule" (EEOC Uniform Guidelines, 1978): a screening heuristic from one jurisdiction and domain, not a
    /// universal test of fairness — set the limit your context calls for.
    /// </summary>
    public double DisparateImpactLimit { get; init; } = 0.8;

    /// <summary>The largest acceptable gap between groups' true-positive rates (equal opportunity) and false-positive rates.</summary>
    public double RateDifferenceLimit { get; init; } = 0.1;

    /// <summary>A score at or above this is a positive decision.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Bootstrap resamples for the intervals.</summary>
    public int Resamples { get; init; } = 1000;

    /// <summary>Seed of the bootstrap.</summary>
    public int Seed { get; init; } = 42;
}

/// <summary>One group's decisions and errors.</summary>
/// <param name="Group">The attribute value.</param>
/// <param name="Rows">Rows in the group.</param>
/// <param name="SelectionRate">Share predicted positive.</param>
/// <param name="TruePositiveRate">Share of the group's positives predicted positive (NaN without positives).</param>
/// <param name="FalsePositiveRate">Share of the group's negatives predicted positive (NaN without negatives).</param>
/// <param name="ExpectedCalibrationError">The group's ECE over 10 uniform bins (per-group calibration).</param>
public sealed record GroupRates(string Group, int Rows, double SelectionRate, double TruePositiveRate, double FalsePositiveRate, double ExpectedCalibrationError)
{
    /// <summary>Share of the group's rows whose label is positive.</summary>
    public double BaseRate { get; init; } = double.NaN;

    /// <summary>The group's mean predicted probability; minus <see cref="BaseRate"/> it is the group's calibration gap
    /// (positive: the model over-predicts the group).</summary>
    public double MeanScore { get; init; } = double.NaN;

    /// <summary><see cref="MeanScore"/> − <see cref="BaseRate"/>.</summary>
    public double CalibrationGap => MeanScore - BaseRate;
}

/// <summary>What the interval of a check says against its limit.</summary>
public enum FairnessOutcome
{
    /// <summary>The whole 95% interval is on the acceptable side of the limit.</summary>
    Pass,

    /// <summary>The interval straddles the limit: the data cannot tell.</summary>
    Inconclusive,

    /// <summary>The whole interval is on the wrong side of the limit.</summary>
    Fail,
}

/// <summary>One fairness check across the groups of an attribute.</summary>
/// <param name="Name"><c>disparate_impact</c>, <c>true_positive_rate_difference</c> or <c>false_positive_rate_difference</c>.</param>
/// <param name="Value">The value with its bootstrap interval.</param>
/// <param name="Limit">The limit it is held to.</param>
/// <param name="HigherIsBetter">True for the ratio (at least the limit), false for differences (at most the limit).</param>
/// <param name="Outcome">Pass, inconclusive or fail, judged on the interval.</param>
public sealed record FairnessCheck(string Name, Interval Value, double Limit, bool HigherIsBetter, FairnessOutcome Outcome)
{
    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"{Name} {Value} ({(HigherIsBetter ? "≥" : "≤")} {Limit:0.###}): {Outcome.ToString().ToLowerInvariant()}");
}

/// <summary>The fairness of a binary classifier's decisions across the groups of one protected attribute.</summary>
/// <param name="Attribute">The attribute.</param>
/// <param name="Groups">Per group rates, by group value.</param>
/// <param name="Checks">Disparate impact, equal opportunity and false-positive-rate gap, each with its interval.</param>
public sealed record FairnessReport(string Attribute, ImmutableArray<GroupRates> Groups, ImmutableArray<FairnessCheck> Checks)
{
    /// <summary>True when every check passes on its whole interval.</summary>
    public bool Passes => Checks.All(c => c.Outcome == FairnessOutcome.Pass);
}

/// <summary>
/// Group fairness of binary decisions (the methodology's bias detection checklist): per group selection rate, true- and
/// false-positive rates and calibration; the disparate impact ratio (smallest selection rate over the largest) and the
/// largest gaps in true-positive rate (equal opportunity) and false-positive rate, each with a seeded bootstrap 95%
/// interval and an outcome judged on the interval, not on the point value alone.
/// </summary>
public static class Fairness
{
    /// <summary>Assesses the decisions (<paramref name="scores"/> at the threshold) across <paramref name="groups"/>.</summary>
    /// <exception cref="ArgumentException">Lengths differ, no rows, a missing group value, fewer than two groups, or a
    /// score outside [0, 1].</exception>
    public static FairnessReport Assess(string attribute, IReadOnlyList<string> groups, IReadOnlyList<bool> labels, IReadOnlyList<double> scores, FairnessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var o = options ?? new FairnessOptions();
        Calibration.CheckProbabilities(labels.Count, scores);
        if (groups.Count != labels.Count)
        {
            throw new ArgumentException($"{groups.Count} group values for {labels.Count} rows; give one {attribute} value per row.");
        }

        var missing = groups.ToList().FindIndex(string.IsNullOrWhiteSpace);
        if (missing >= 0)
        {
            throw new ArgumentException($"Row {missing + 1} has no {attribute} value; fairness needs every row's group.");
        }

        var names = groups.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (names.Length < 2)
        {
            throw new ArgumentException($"Every row has {attribute} = {names[0]}: fairness compares at least two groups.");
        }

        var index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var group = groups.Select(g => index[g]).ToArray();
        var decided = scores.Select(s => s >= o.Threshold).ToArray();
        var y = labels.ToArray();

        // Per group sums of selected, positives, true positives, negatives and false positives, weighted by counts.
        (double[] Selection, double[] Tpr, double[] Fpr) Rates(int[] counts)
        {
            var k = names.Length;
            double[] rows = new double[k], selected = new double[k], positives = new double[k], hits = new double[k], negatives = new double[k], alarms = new double[k];
            for (var i = 0; i < counts.Length; i++)
            {
                if (counts[i] == 0)
                {
                    continue;
                }

                var g = group[i];
                rows[g] += counts[i];
                selected[g] += decided[i] ? counts[i] : 0;
                if (y[i])
                {
                    positives[g] += counts[i];
                    hits[g] += decided[i] ? counts[i] : 0;
                }
                else
                {
                    negatives[g] += counts[i];
                    alarms[g] += decided[i] ? counts[i] : 0;
                }
            }

            return ([.. selected.Select((s, g) => s / rows[g])], [.. hits.Select((h, g) => h / positives[g])], [.. alarms.Select((a, g) => a / negatives[g])]);
        }

        static double Spread(double[] values) => values.Any(double.IsNaN) ? double.NaN : values.Max() - values.Min();

        var estimates = new Func<int[], double>[]
        {
            counts =>
            {
                var selection = Rates(counts).Selection;
                return selection.Any(double.IsNaN) || selection.Max() == 0 ? double.NaN : selection.Min() / selection.Max();
            },
            counts => Spread(Rates(counts).Tpr),
            counts => Spread(Rates(counts).Fpr),
        };
        var intervals = Bootstrap.EstimateFromCounts(labels.Count, estimates, o.Resamples, o.Seed);

        var all = Enumerable.Repeat(1, labels.Count).ToArray();
        var (sr, tpr, fpr) = Rates(all);
        ImmutableArray<GroupRates> rates =
        [
            .. names.Select((name, g) =>
            {
                var members = Enumerable.Range(0, labels.Count).Where(i => group[i] == g).ToArray();
                var ece = Calibration.Curve([.. members.Select(i => y[i])], [.. members.Select(i => scores[i])]).ExpectedCalibrationError;
                return new GroupRates(name, members.Length, sr[g], tpr[g], fpr[g], ece)
                {
                    BaseRate = members.Count(i => y[i]) / (double)members.Length,
                    MeanScore = members.Average(i => scores[i]),
                };
            }),
        ];
        return new FairnessReport(attribute, rates,
        [
            Check("disparate_impact", intervals[0], o.DisparateImpactLimit, higherIsBetter: true),
            Check("true_positive_rate_difference", intervals[1], o.RateDifferenceLimit, higherIsBetter: false),
            Check("false_positive_rate_difference", intervals[2], o.RateDifferenceLimit, higherIsBetter: false),
        ]);
    }

    private static FairnessCheck Check(string name, Interval value, double limit, bool higherIsBetter)
    {
        var outcome = higherIsBetter
            ? value.Lower >= limit ? FairnessOutcome.Pass : value.Upper < limit ? FairnessOutcome.Fail : FairnessOutcome.Inconclusive
            : value.Upper <= limit ? FairnessOutcome.Pass : value.Lower > limit ? FairnessOutcome.Fail : FairnessOutcome.Inconclusive;
        return new FairnessCheck(name, value, limit, higherIsBetter, outcome);
    }
}
