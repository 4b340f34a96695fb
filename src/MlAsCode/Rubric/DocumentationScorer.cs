using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MlAsCode.Framing;

namespace MlAsCode.Rubric;

/// <summary>What documentation exists for an ML system.</summary>
/// <param name="BriefFieldsDocumented">Which of the brief's descriptive fields (data available, data gaps, ethical
/// considerations) are filled in.</param>
/// <param name="HasModelCard">A model card was generated for the system.</param>
/// <param name="HasRunbook">An operational runbook exists.</param>
/// <param name="HasDecisionLog">A decision log exists.</param>
public sealed record DocumentationEvidence(
    ImmutableArray<string> BriefFieldsDocumented,
    bool HasModelCard = false,
    bool HasRunbook = false,
    bool HasDecisionLog = false)
{
    /// <summary>Value equality, with the documented fields compared by their elements.</summary>
    public bool Equals(DocumentationEvidence? other) =>
        other is not null && HasModelCard == other.HasModelCard && HasRunbook == other.HasRunbook
        && HasDecisionLog == other.HasDecisionLog && ValueEquality.Same(BriefFieldsDocumented, other.BriefFieldsDocumented);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(HasModelCard, HasRunbook, HasDecisionLog, ValueEquality.Hash(BriefFieldsDocumented));

    /// <summary>The brief's descriptive fields that count as documentation.</summary>
    public static ImmutableArray<string> DescriptiveFields { get; } = ["data available", "data gaps", "ethical considerations"];

    /// <summary>Evidence from a brief alone (no model card, runbook or decision log known yet).</summary>
    public static DocumentationEvidence From(ProblemBrief brief)
    {
        ArgumentNullException.ThrowIfNull(brief);
        string[] values = [brief.DataAvailable, brief.DataGaps, brief.EthicalConsiderations];
        return new DocumentationEvidence(
            [.. DescriptiveFields.Where((_, i) => !string.IsNullOrWhiteSpace(values[i]))]);
    }
}

/// <summary>
/// Documentation points, following the methodology's bands: without a model card 0–2 from the brief's descriptive fields
/// (0 none, 1 some, 2 all three); with a model card 3, 4 with a runbook or a decision log, 5 with both.
/// </summary>
public static class DocumentationScorer
{
    /// <summary>Scores documentation evidence.</summary>
    public static DimensionScore Score(DocumentationEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var reasons = new List<string>();
        var toRaise = new List<string>();
        var documented = evidence.BriefFieldsDocumented.IsDefault ? [] : evidence.BriefFieldsDocumented;
        var missing = DocumentationEvidence.DescriptiveFields.Except(documented).ToList();

        if (documented.Length > 0)
        {
            reasons.Add($"brief documents {string.Join(", ", documented)}");
        }

        int points;
        if (!evidence.HasModelCard)
        {
            points = documented.Length == 0 ? 0 : missing.Count == 0 ? 2 : 1;
            if (missing.Count > 0)
            {
                toRaise.Add($"document {string.Join(", ", missing)} in the brief");
            }

            toRaise.Add("generate a model card");
        }
        else
        {
            reasons.Add("model card exists");
            points = 3 + (evidence.HasRunbook ? 1 : 0) + (evidence.HasDecisionLog ? 1 : 0);
            if (evidence.HasRunbook)
            {
                reasons.Add("runbook exists");
            }
            else
            {
                toRaise.Add("write a runbook");
            }

            if (evidence.HasDecisionLog)
            {
                reasons.Add("decision log exists");
            }
            else
            {
                toRaise.Add("keep a decision log");
            }
        }

        return new DimensionScore(RubricDimension.Documentation, points, reasons, toRaise);
    }
}
