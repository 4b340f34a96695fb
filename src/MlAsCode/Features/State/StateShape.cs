using System;
using System.Linq;

namespace MlAsCode.Features.State;

/// <summary>Checks that a column state (typically loaded from JSON) is internally consistent before it is used.</summary>
internal static class StateShape
{
    /// <summary>What is wrong with the state, or <c>null</c>.</summary>
    public static string? Problem(ColumnState state) => state switch
    {
        _ when state.Names.IsDefaultOrEmpty => "has no output names",
        NumericColumnState s when s.Names.Length != 1 => "must have one output name",
        NumericColumnState s when !double.IsFinite(s.Scale) || s.Scale == 0 => $"has scale {s.Scale}",
        NumericColumnState s when !s.Edges.IsDefault && s.Edges.Zip(s.Edges.Skip(1)).Any(p => !(p.First < p.Second)) => "has quantile edges that are not strictly ascending",
        BinColumnState s when s.Edges.IsDefault || s.Names.Length != s.Edges.Length + 1 || s.Edges.Zip(s.Edges.Skip(1)).Any(p => !(p.First < p.Second)) =>
            "must have one output name per bin and strictly ascending edges",
        OneHotColumnState s when s.Levels.IsDefault || s.Levels.Length != s.Names.Length || !Distinct(s.Levels) =>
            "must have one distinct level per output name",
        TargetEncodingColumnState s when s.Names.Length != 1 || s.Levels.IsDefault || !Distinct(s.Levels.Select(l => l?.Level)) =>
            "must have one output name and one encoding per distinct level",
        HashColumnState s when s.Buckets < 1 || s.Buckets != s.Names.Length => "must have one output name per bucket (at least one)",
        CyclicalColumnState s when s.Names.Length != 2 => "must have a sine and a cosine output",
        InteractionColumnState s when s.Names.Length != 1 => "must have one output name",
        TimeSinceColumnState s when s.Names.Length != 1 => "must have one output name",
        TfIdfColumnState s when s.Terms.IsDefault || s.Idf.IsDefault || s.Terms.Length != s.Names.Length || s.Idf.Length != s.Names.Length
            || !Distinct(s.Terms) =>
            "must have one distinct term and one IDF value per output name",
        TemporalColumnState s when s.Fills.IsDefault || s.Fills.Length != s.Names.Length => "must have one fill per output name",
        TemporalColumnState s when s.Transform == Transform.Lag && (s.Lags.IsDefault || s.Lags.Length != s.Names.Length || s.Lags.Any(l => l < 1)) =>
            "must have one lag of at least 1 per output name",
        TemporalColumnState s when s.Transform == Transform.Rolling
            && Enum.GetValues<Aggregation>().Count(a => a != Aggregation.None && s.Aggregations.HasFlag(a)) != s.Names.Length =>
            "must have one output name per aggregation",
        _ => null,
    };

    private static bool Distinct(System.Collections.Generic.IEnumerable<string?> values)
    {
        var seen = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        return values.All(v => v is not null && seen.Add(v));
    }
}
