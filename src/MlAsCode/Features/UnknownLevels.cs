using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MlAsCode.Features.State;

namespace MlAsCode.Features;

/// <summary>A category a row carries that the training data never had.</summary>
/// <param name="Field">The feature's field name (as in requests and the prediction log).</param>
/// <param name="Value">The value.</param>
/// <param name="Policy">What the feature declares for it.</param>
/// <param name="Known">How many levels training had.</param>
public sealed record UnknownLevel(string Field, string Value, UnknownCategory Policy, int Known);

/// <summary>
/// Finds, for a fitted pipeline, the categorical values (one-hot and target-encoded features) that the training data
/// never had: the pipeline itself scores them silently (one-hot sets no level, target encoding gives the prior), so
/// serving counts them and applies the feature's declared <see cref="UnknownCategory"/> policy. A missing value is not
/// unknown: it is imputed as declared.
/// </summary>
public sealed class UnknownLevels<TRow>
{
    private readonly (string Field, Definition.RowAccessor<TRow, string?> Read, HashSet<string> Known, UnknownCategory Policy)[] _features;

    internal UnknownLevels(FeatureSetDefinition<TRow> definition, FeaturePipelineState state)
    {
        var features = new List<(string, Definition.RowAccessor<TRow, string?>, HashSet<string>, UnknownCategory)>();
        for (var i = 0; i < state.Columns.Length; i++)
        {
            var feature = definition.Features[i];
            IEnumerable<string>? levels = state.Columns[i] switch
            {
                OneHotColumnState s => s.Levels,
                TargetEncodingColumnState s => s.Levels.Select(l => l.Level),
                _ => null,
            };
            if (levels is not null && feature.Level is { } read && !features.Any(f => f.Item1 == feature.SourceColumn))
            {
                features.Add((feature.SourceColumn, read, new HashSet<string>(levels, StringComparer.Ordinal), feature.Options.Unknown));
            }
        }

        _features = [.. features];
        Fields = [.. _features.Select(f => f.Field)];
    }

    /// <summary>The field names checked (one-hot and target-encoded features).</summary>
    public ImmutableArray<string> Fields { get; }

    /// <summary>The row's unknown categories; empty when it has none.</summary>
    public IReadOnlyList<UnknownLevel> Find(in TRow row)
    {
        List<UnknownLevel>? found = null;
        foreach (var (field, read, known, policy) in _features)
        {
            var value = read(row);
            if (!string.IsNullOrEmpty(value) && !known.Contains(value))
            {
                (found ??= []).Add(new UnknownLevel(field, value, policy, known.Count));
            }
        }

        return found ?? (IReadOnlyList<UnknownLevel>)[];
    }
}
