using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;

namespace MlAsCode.Framing;

/// <summary>Answers to the methodology's ML-vs-rules questions (null: not answered).</summary>
/// <param name="ExplainableInFewRules">Is the logic explainable in fewer than 10 rules?</param>
/// <param name="TooComplexForHumans">Is the pattern too complex for humans to write down?</param>
/// <param name="LabeledExamples">How many labeled examples exist?</param>
/// <param name="MustAdapt">Must it adapt to new patterns?</param>
/// <param name="MustBeAuditable">Must every decision be 100% auditable and deterministic?</param>
/// <param name="ChangesFasterThanRules">Does the pattern change faster than rules can be updated?</param>
public sealed record MlVsRulesAnswers(
    bool? ExplainableInFewRules = null, bool? TooComplexForHumans = null, long? LabeledExamples = null,
    bool? MustAdapt = null, bool? MustBeAuditable = null, bool? ChangesFasterThanRules = null);

/// <summary>The decision: <c>rules</c> or <c>ml</c>, with the signals that point each way.</summary>
/// <param name="Recommendation"><c>rules</c> or <c>ml</c>.</param>
/// <param name="ForRules">Signals for rules.</param>
/// <param name="ForMl">Signals for ML.</param>
/// <param name="Signals">Each answered question as a line: the question, the answer, which way it points.</param>
public sealed record MlVsRulesDecision(string Recommendation, int ForRules, int ForMl, ImmutableArray<string> Signals);

/// <summary>
/// The methodology's Phase 1 "ML vs Rules Decision" table. Each answered signal counts for rules or for ML; ML is recommended
/// only when more signals favour it — the rule of thumb is to start with rules and add ML only when rules fail.
/// </summary>
public static class MlVsRules
{
    /// <summary>Decides from <paramref name="answers"/>.</summary>
    public static MlVsRulesDecision Decide(MlVsRulesAnswers answers)
    {
        System.ArgumentNullException.ThrowIfNull(answers);
        int rules = 0, ml = 0;
        var signals = new List<string>();
        void Signal(string question, bool? answer, bool yesMeansMl)
        {
            if (answer is not { } yes)
            {
                return;
            }

            // Only "yes" counts: the methodology's table marks what each answer supports, and "no" to one signal is not a
            // reason for the other side.
            var forMl = yesMeansMl;
            if (!yes)
            {
                signals.Add($"{question} no → neither");
                return;
            }

            if (forMl)
            {
                ml++;
            }
            else
            {
                rules++;
            }

            signals.Add($"{question} yes → {(forMl ? "ML" : "rules")}");
        }

        Signal("Logic is explainable in <10 rules?", answers.ExplainableInFewRules, yesMeansMl: false);
        Signal("Pattern is too complex for humans?", answers.TooComplexForHumans, yesMeansMl: true);
        if (answers.LabeledExamples is { } labeled)
        {
            var n = labeled.ToString("N0", CultureInfo.InvariantCulture);
            if (labeled > 1_000)
            {
                ml++;
                signals.Add($"Training data >1,000 labeled examples? yes ({n}) → ML");
            }
            else
            {
                signals.Add($"Training data >1,000 labeled examples? no ({n}) → neither (too few to learn from)");
            }
        }

        Signal("Needs to adapt to new patterns?", answers.MustAdapt, yesMeansMl: true);
        Signal("Must be 100% auditable/deterministic?", answers.MustBeAuditable, yesMeansMl: false);
        Signal("Pattern changes faster than you can update rules?", answers.ChangesFasterThanRules, yesMeansMl: true);
        return new MlVsRulesDecision(ml > rules ? "ml" : "rules", rules, ml, [.. signals]);
    }
}
