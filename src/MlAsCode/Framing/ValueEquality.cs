using System;
using System.Collections.Immutable;
using System.Linq;

namespace MlAsCode.Framing;

/// <summary>
/// <see cref="ImmutableArray{T}"/> compares by reference; the records of this library compare their arrays by
/// elements with these helpers so two equal briefs or reports are <c>Equal</c>.
/// </summary>
internal static class ValueEquality
{
    public static bool Same<T>(ImmutableArray<T> left, ImmutableArray<T> right) =>
        left.IsDefaultOrEmpty ? right.IsDefaultOrEmpty : !right.IsDefault && left.SequenceEqual(right);

    public static int Hash<T>(ImmutableArray<T> items)
    {
        var hash = new HashCode();
        foreach (var item in items.IsDefault ? [] : items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }
}
