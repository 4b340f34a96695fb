using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;

namespace MlAsCode.Registry;

// The promotion rules: the checks production needs, the blocking checks (fairness, kill criteria) and their overrides,
// the offline comparison with production, and which version a rollback restores.
public abstract partial class ModelRegistry
{
    private IEnumerable<string> RequiredChecks(ModelVersion candidate, ModelVersion? production) =>
        Policy.RequiredChecks.Where(kind => kind != ModelChecks.Approval || !Policy.ApprovalForMajorVersionsOnly || production is null
            || ParseVersion(candidate.Version).Major != ParseVersion(production.Version).Major);

    // A failed fairness check or a fired kill criterion blocks promotion unless an override records why it is accepted.
    private static (string Message, string Rule)? Blocked(DbConnection connection, DbTransaction transaction, ModelVersion candidate)
    {
        var checks = Checks(connection, transaction, candidate.Model, candidate.Version);
        foreach (var kind in ModelChecks.Blocking)
        {
            if (checks.LastOrDefault(c => c.Kind == kind) is { Passed: false } failed && !checks.Any(c => c.Kind == ModelChecks.Override(kind) && c.Passed))
            {
                return ($"{candidate}'s {kind} check failed ({failed.Detail}); record an {ModelChecks.Override(kind)} check with the reason it is accepted, or fix it.", "failed_check:" + kind);
            }
        }

        return null;
    }

    private static (string Message, string Rule)? BeatsProduction(DbConnection connection, DbTransaction transaction, ModelVersion candidate)
    {
        var production = Production(connection, transaction, candidate.Model);
        if (production is null || production.Version == candidate.Version)
        {
            return null;
        }

        if (production.PrimaryMetric.Name != candidate.PrimaryMetric.Name)
        {
            return ($"{candidate} is measured on {candidate.PrimaryMetric.Name} but production {production.Version} on {production.PrimaryMetric.Name}; they cannot be compared.", "incomparable");
        }

        return candidate.PrimaryMetric.Beats(production.PrimaryMetric.Value)
            ? null
            : (FormattableString.Invariant($"{candidate}'s {candidate.PrimaryMetric.Name} {candidate.PrimaryMetric.Value:0.####} does not beat production {production.Version}'s {production.PrimaryMetric.Value:0.####}."), "not_better");
    }

    // The version that served before the current one's latest tenure, skipping versions that were rolled back (a
    // second rollback must not bring back the release the first one removed).
    private ModelVersion? PreviousProduction(DbConnection connection, DbTransaction transaction, ModelVersion current)
    {
        var history = Events(connection, current.Model, transaction);
        var rolledBack = history.Where(e => e.Action == "rolled_back").Select(e => e.Version).ToHashSet(StringComparer.Ordinal);
        var promotions = history.Where(e => e.ToStage == ModelStage.Production).ToList();
        var tenure = promotions.FindLastIndex(e => e.Version == current.Version);
        for (var i = tenure - 1; i >= 0; i--)
        {
            if (promotions[i].Version != current.Version && !rolledBack.Contains(promotions[i].Version))
            {
                return ReadVersion(connection, transaction, current.Model, promotions[i].Version);
            }
        }

        return null;
    }
}
