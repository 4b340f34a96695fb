using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MlAsCode.Evaluation.Reporting;

namespace MlAsCode.Experiments;

/// <summary>The verdict after the checks that may block it, with what blocked it and what was overridden.</summary>
/// <param name="Verdict"><c>promoted</c>, <c>iterate</c> or <c>archived</c>.</param>
/// <param name="Notes">Why.</param>
/// <param name="Blockers">Checks that failed and were not overridden (<c>fairness:{attribute}</c>, <c>kill_criterion:{when}</c>).</param>
/// <param name="Overridden">Failed checks accepted by a declared override, with its reason.</param>
public sealed record GatedVerdict(string Verdict, string Notes, ImmutableArray<string> Blockers, ImmutableArray<(string Check, VerdictOverride Override)> Overridden);

/// <summary>
/// The checks that stand between a model that beats its baseline and the <c>promoted</c> verdict: a failed fairness
/// check blocks promotion (the verdict becomes <c>iterate</c>), and a fired kill criterion archives the run (the
/// methodology's condition to abandon the approach) — unless an override with a recorded reason covers the check.
/// </summary>
public static class VerdictGate
{
    /// <summary>Gates <paramref name="verdict"/>.</summary>
    public static GatedVerdict Apply(string verdict, string notes, EvaluationReport? evaluation, IReadOnlyList<KillCriterionResult> kills, IReadOnlyList<VerdictOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(kills);
        ArgumentNullException.ThrowIfNull(overrides);
        var failed = (evaluation?.Checks ?? [])
            .Where(c => c.Name.StartsWith("fairness:", StringComparison.Ordinal) && c.Status == CheckStatus.Failed)
            .Select(c => (Name: c.Name, Kill: false, Detail: c.Detail))
            .Concat(kills.Where(k => k.Fired == true).Select(k => (Name: k.Criterion.CheckName, Kill: true, Detail: $"'{k.Criterion.Text}': {k.Evidence}")))
            .ToList();
        var overridden = new List<(string, VerdictOverride)>();
        var blocking = new List<(string Name, bool Kill, string Detail)>();
        foreach (var check in failed)
        {
            if (overrides.FirstOrDefault(o => o.Covers(check.Name)) is { } accepted)
            {
                overridden.Add((check.Name, accepted));
            }
            else
            {
                blocking.Add(check);
            }
        }

        var text = notes;
        if (blocking.Any(b => b.Kill))
        {
            verdict = "archived";
            text += "; kill criterion fired: " + string.Join("; ", blocking.Where(b => b.Kill).Select(b => b.Detail))
                + " — the brief says to abandon the ML approach here (or accept it with [VerdictOverride])";
        }

        if (blocking.Any(b => !b.Kill))
        {
            if (verdict == "promoted")
            {
                verdict = "iterate";
            }

            text += "; not promoted while " + string.Join("; ", blocking.Where(b => !b.Kill).Select(b => $"{b.Name} failed ({b.Detail})"))
                + " (fix it, or accept it with [VerdictOverride] and a reason)";
        }

        foreach (var (check, accepted) in overridden)
        {
            text += $"; {check} failed but is overridden: {accepted.Reason}";
        }

        return new GatedVerdict(verdict, text, [.. blocking.Select(b => b.Name)], [.. overridden]);
    }
}
