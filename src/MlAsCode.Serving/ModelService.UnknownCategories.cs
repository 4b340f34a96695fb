using System.Collections.Generic;
using System.Linq;
using MlAsCode.Features;

namespace MlAsCode.Serving;

// Categories a request carries that the served model's training data never had: found with the control arm's fitted
// pipeline (the one the registry serves), counted, and handled by each feature's declared policy.
public sealed partial class ModelService<TRow>
{
    /// <summary>Each row's unknown categories under the served pipeline; an empty array (no row has any) while no model
    /// is loaded (the fallback answers then anyway) or when the pipeline has no categorical feature.</summary>
    public IReadOnlyList<UnknownLevel>[] FindUnknownLevels(IReadOnlyList<TRow> rows)
    {
        var levels = _routing?.Control.Pipeline.UnknownLevels;
        if (levels is null || levels.Fields.IsEmpty)
        {
            return [];
        }

        var found = new IReadOnlyList<UnknownLevel>[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            found[i] = levels.Find(rows[i]);
            foreach (var level in found[i])
            {
                Metrics.UnknownCategory(Name, level.Field);
            }
        }

        return found;
    }

    /// <summary>The fallback's answer for a row whose unknown category the feature sends to the fallback; null when the
    /// service declares no fallback.</summary>
    internal Prediction? FallbackForUnknown(TRow row, IReadOnlyList<UnknownLevel> unknown, string? arm)
    {
        if (_fallback is null)
        {
            return null;
        }

        Metrics.Fallback(Name, "unknown_category");
        return new Prediction(_fallback(row), "fallback", "unknown_category", arm, "fallback") { Unknown = unknown };
    }
}
