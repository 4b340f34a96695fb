using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace MlAsCode.Analyzers.Leakage;

/// <summary>How a row set was carved from its parent.</summary>
internal enum StepKind
{
    /// <summary>Training side of a split.</summary>
    Train,

    /// <summary>Test side of a split (validation side of a cross-validation fold).</summary>
    Test,

    /// <summary>Leading rows (<c>Take</c>, <c>TakeRows</c>, <c>SkipLast</c>).</summary>
    Head,

    /// <summary>Trailing rows (<c>Skip</c>, <c>SkipRows</c>, <c>TakeLast</c>).</summary>
    Tail,

    /// <summary>Rows kept by a predicate (<c>Where</c>, <c>FilterRowsBy…</c>).</summary>
    Filter,
}

/// <summary>Where data was first loaded or received: the rows every later step carves from.</summary>
/// <param name="Id">Unique within one analysis.</param>
/// <param name="Name">The variable, parameter or field that holds it, for messages.</param>
/// <param name="Line">1-based line of the load.</param>
/// <param name="What">"loaded", "a parameter", "read from a field".</param>
internal sealed record Root(int Id, string Name, int Line, string What)
{
    public string Describe() => What == "loaded" ? $"loaded at line {Line}" : What;
}

/// <summary>One carving step; two steps of the same split (or the same positional cut) are disjoint.</summary>
/// <param name="Kind">Which part.</param>
/// <param name="Group">The split (or call) that made it.</param>
/// <param name="IsCrossValidation">The split is a set of cross-validation folds, never a holdout.</param>
/// <param name="Line">1-based line of the call.</param>
/// <param name="Location">The call, where rules that blame the carving report.</param>
internal sealed record Step(StepKind Kind, int Group, bool IsCrossValidation, int Line, Location Location)
{
    public bool IsPositional => Kind is StepKind.Head or StepKind.Tail;

    public bool Equals(Step? other) => other is not null && Kind == other.Kind && Group == other.Group;

    public override int GetHashCode() => ((int)Kind * 397) ^ Group;
}

/// <summary>A row set as a root and the steps carving it.</summary>
internal sealed class RowPath : IEquatable<RowPath>
{
    public RowPath(Root root, ImmutableArray<Step> steps)
    {
        Root = root;
        Steps = steps;
    }

    public Root Root { get; }

    public ImmutableArray<Step> Steps { get; }

    public RowPath With(Step step) => new(Root, Steps.Add(step));

    /// <summary>The last test step of a (non cross-validation or cross-validation) split, if any.</summary>
    public Step? LastTest => Steps.LastOrDefault(s => s.Kind == StepKind.Test);

    /// <summary>A validation set: carved (by a split, a cut or a filter) from a training part, or a CV fold.</summary>
    public bool IsValidation
    {
        get
        {
            var sawTrain = false;
            foreach (var step in Steps)
            {
                if (step.Kind == StepKind.Test && step.IsCrossValidation)
                {
                    return true;
                }

                if (sawTrain && step.Kind != StepKind.Train)
                {
                    return true;
                }

                sawTrain |= step.Kind == StepKind.Train;
            }

            return false;
        }
    }

    /// <summary>Whether two row sets may share rows: they do unless they part at two sides of one split or cut
    /// (or at two filters, taken to be a manual split).</summary>
    public bool Overlaps(RowPath other)
    {
        if (Root.Id != other.Root.Id)
        {
            return false;
        }

        var n = Math.Min(Steps.Length, other.Steps.Length);
        for (var i = 0; i < n; i++)
        {
            var a = Steps[i];
            var b = other.Steps[i];
            if (a.Equals(b))
            {
                continue;
            }

            if (a.Kind is StepKind.Train or StepKind.Test && b.Kind is StepKind.Train or StepKind.Test)
            {
                return a.Group != b.Group;
            }

            if (a.IsPositional && b.IsPositional)
            {
                return a.Kind == b.Kind;
            }

            return !(a.Kind == StepKind.Filter && b.Kind == StepKind.Filter);
        }

        return true;
    }

    /// <summary>Whether this path is <paramref name="other"/> or an ancestor of it (holds all its rows).</summary>
    public bool Contains(RowPath other) =>
        Root.Id == other.Root.Id && Steps.Length <= other.Steps.Length
        && Steps.Select((s, i) => s.Equals(other.Steps[i])).All(x => x);

    public bool Equals(RowPath? other) => other is not null && Root.Id == other.Root.Id && Steps.SequenceEqual(other.Steps);

    public override bool Equals(object? obj) => Equals(obj as RowPath);

    public override int GetHashCode() => Steps.Aggregate(Root.Id, (h, s) => (h * 31) + s.GetHashCode());

    public override string ToString()
    {
        var text = new StringBuilder("r").Append(Root.Id);
        foreach (var step in Steps)
        {
            text.Append('/').Append(step.Kind).Append(step.Group);
        }

        return text.ToString();
    }
}

/// <summary>The abstract origin of a data value: the row sets it may hold, and whether rows are repeated.</summary>
internal sealed class Origin
{
    public static readonly Origin Empty = new([], null, timeOrdered: null);

    public Origin(ImmutableArray<RowPath> paths, Step? duplicatedAt, string? timeOrdered)
    {
        Paths = paths;
        DuplicatedAt = duplicatedAt;
        TimeOrdered = timeOrdered;
    }

    public ImmutableArray<RowPath> Paths { get; }

    /// <summary>Where rows were repeated (oversampling), if they were.</summary>
    public Step? DuplicatedAt { get; }

    /// <summary>"Type.Property" of the [EventTime] that orders these rows, if known.</summary>
    public string? TimeOrdered { get; }

    public bool IsEmpty => Paths.IsEmpty;

    public static Origin Of(Root root, string? timeOrdered) => new([new RowPath(root, [])], null, timeOrdered);

    public Origin Map(Func<RowPath, RowPath> step) => new([.. Paths.Select(step).Distinct()], DuplicatedAt, TimeOrdered);

    public Origin WithDuplicated(Step? at) => new(Paths, at, TimeOrdered);

    public Origin WithTimeOrdered(string? timeOrdered) => timeOrdered is null ? this : new(Paths, DuplicatedAt, timeOrdered);

    public bool Overlaps(Origin other) => Paths.Any(p => other.Paths.Any(p.Overlaps));

    /// <summary>The union (a join of branches, or a concatenation).</summary>
    public Origin Union(Origin other)
    {
        if (ReferenceEquals(this, other) || other.IsEmpty && other.DuplicatedAt is null)
        {
            return this;
        }

        if (IsEmpty && DuplicatedAt is null)
        {
            return other;
        }

        return new([.. Paths.Concat(other.Paths).Distinct()], DuplicatedAt ?? other.DuplicatedAt, TimeOrdered ?? other.TimeOrdered);
    }

    public bool SameAs(Origin other) =>
        Paths.Length == other.Paths.Length && Paths.All(other.Paths.Contains)
        && Equals(DuplicatedAt, other.DuplicatedAt) && TimeOrdered == other.TimeOrdered;

    /// <summary>A stable key for "the same test set".</summary>
    public string Key => string.Join("|", Paths.Select(p => p.ToString()).OrderBy(s => s, StringComparer.Ordinal));
}
