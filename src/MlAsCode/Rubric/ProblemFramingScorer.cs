using System;
using System.Collections.Generic;
using MlAsCode.Framing;

namespace MlAsCode.Rubric;

/// <summary>
/// Problem framing points, following the methodology's bands: 0–2 while there is no clear business metric (0 with neither
/// objective nor success metric, 1 with one of them, 2 with both but no prediction target), 3–4 for a defined success
/// metric (4 with two of kill criteria, a comparable baseline and an ROI estimate), 5 with all three.
/// </summary>
public static class ProblemFramingScorer
{
    /// <summary>Scores a brief.</summary>
    public static DimensionScore Score(ProblemBrief brief)
    {
        ArgumentNullException.ThrowIfNull(brief);
        var reasons = new List<string>();
        var toRaise = new List<string>();

        var hasObjective = Note(brief.BusinessObjective, "business objective", reasons, toRaise);
        var hasSuccess = Note(brief.SuccessMetric, "success metric", reasons, toRaise);
        var hasTarget = Note(brief.PredictionTarget, "prediction target", reasons, toRaise);

        int points;
        if (!hasObjective && !hasSuccess)
        {
            points = 0;
        }
        else if (!hasObjective || !hasSuccess)
        {
            points = 1;
        }
        else if (!hasTarget)
        {
            points = 2;
        }
        else
        {
            var extras = 0;
            if (brief.KillCriteria.Length > 0)
            {
                extras++;
                reasons.Add($"{brief.KillCriteria.Length} kill criteria");
            }
            else
            {
                toRaise.Add("declare [KillCriterion] for when to abandon ML (ML0001)");
            }

            if (brief.Baseline is { IsComparable: true } baseline)
            {
                extras++;
                reasons.Add($"baseline: {baseline}");
            }
            else
            {
                toRaise.Add(brief.Baseline is null
                    ? "declare a [Baseline] (ML0002)"
                    : "make the baseline computable or give its measured value and metric (ML0006)");
            }

            if (!string.IsNullOrWhiteSpace(brief.RoiEstimate))
            {
                extras++;
                reasons.Add($"ROI estimate: {brief.RoiEstimate}");
            }
            else
            {
                toRaise.Add("add an ROI estimate (RoiEstimate = \"...\")");
            }

            points = extras switch { 3 => 5, 2 => 4, _ => 3 };
        }

        return new DimensionScore(RubricDimension.ProblemFraming, points, reasons, points == QualityRubric.MaxPoints ? [] : toRaise);
    }

    private static bool Note(string value, string field, List<string> reasons, List<string> toRaise)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            toRaise.Add($"state the {field} (ML0003)");
            return false;
        }

        reasons.Add($"{field}: {value}");
        return true;
    }
}
