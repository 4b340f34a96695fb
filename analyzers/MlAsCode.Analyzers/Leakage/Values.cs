using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace MlAsCode.Analyzers.Leakage;

/// <summary>A transformer or model learned from data (an estimator's <c>Fit</c>, a feature set's <c>Fit</c>).</summary>
/// <param name="Id">The Fit call (its position), so a Fit visited twice in a loop is one fit.</param>
/// <param name="Name">The estimator or fitted variable, for messages.</param>
/// <param name="DataName">The data it was fitted on, for messages.</param>
/// <param name="Data">The rows it learned from.</param>
/// <param name="Line">1-based line of the Fit.</param>
/// <param name="Location">Where ML0201 reports.</param>
/// <param name="Original">The Fit call itself (inside a helper, when <paramref name="Location"/> is the helper call).</param>
/// <param name="PerIteration">Fitted inside a loop or a per-element lambda: one of several models.</param>
internal sealed record Fit(int Id, string Name, string DataName, Origin Data, int Line, Location Location, Location Original, bool PerIteration)
{
    public bool Equals(Fit? other) => other is not null && Id == other.Id;

    public override int GetHashCode() => Id;
}

/// <summary>A split result (<c>TrainTestData</c>, <c>TrainTestSplit&lt;T&gt;</c>, folds).</summary>
/// <param name="Group">Identity of the split.</param>
/// <param name="IsCrossValidation">Folds rather than a holdout split.</param>
/// <param name="Source">The value that was split.</param>
/// <param name="Line">1-based line of the split call.</param>
/// <param name="Location">The split call.</param>
internal sealed record SplitInfo(int Group, bool IsCrossValidation, Value Source, int Line, Location Location)
{
    public Value Part(StepKind kind)
    {
        var step = new Step(kind, Group, IsCrossValidation, Line, Location);
        return new Value(Source.Data.Map(p => p.With(step)).WithDuplicated(null), Source.Fits, [], null, Source.Metrics, Source.Name, null);
    }
}

/// <summary>
/// The abstract value of an expression or variable: the rows it holds (with the fitted transformers applied to them),
/// or the fitted transformer it is, or the split it is, and which evaluations its number came from.
/// </summary>
internal sealed class Value
{
    public static readonly Value None = new(Origin.Empty, [], [], null, [], null, null);

    public Value(Origin data, ImmutableArray<Fit> fits, ImmutableArray<Fit> models, SplitInfo? split, ImmutableHashSet<int> metrics, string? name,
        ImmutableArray<Value>? elements, int? strategy = null, bool isPipelineResult = false, ImmutableArray<Fit> scorers = default)
    {
        Data = data;
        Fits = fits.IsDefault ? [] : fits;
        Models = models.IsDefault ? [] : models;
        Scorers = scorers.IsDefault ? [] : scorers;
        Split = split;
        Metrics = metrics;
        Name = name;
        Elements = elements;
        Strategy = strategy;
        IsPipelineResult = isPipelineResult;
    }

    /// <summary>The rows (empty when the value is not data).</summary>
    public Origin Data { get; }

    /// <summary>Transformers applied to the rows, in order.</summary>
    public ImmutableArray<Fit> Fits { get; }

    /// <summary>The fitted transformers the value is (or holds): one model, a chain of fitted transformers
    /// (<c>Append</c>, <c>TransformerChain</c>), or the models of several branches.</summary>
    public ImmutableArray<Fit> Models { get; }

    /// <summary>The first of <see cref="Models"/>, if any.</summary>
    public Fit? Model => Models.IsEmpty ? null : Models[0];

    /// <summary>The models applied by the last <c>Transform</c> to these rows (the models being scored).</summary>
    public ImmutableArray<Fit> Scorers { get; }

    public SplitInfo? Split { get; }

    /// <summary>Ids of the evaluations this value was computed from.</summary>
    public ImmutableHashSet<int> Metrics { get; }

    /// <summary>The variable it was first stored in, for messages.</summary>
    public string? Name { get; }

    /// <summary>Tuple elements, when known.</summary>
    public ImmutableArray<Value>? Elements { get; }

    /// <summary>A SplitStrategy constant (a SplitOptions object or the enum value).</summary>
    public int? Strategy { get; }

    /// <summary>A feature set's FitResult (Pipeline and TrainingMatrix).</summary>
    public bool IsPipelineResult { get; }

    public Value WithData(Origin data) => new(data, Fits, Models, Split, Metrics, Name, Elements, Strategy, IsPipelineResult, Scorers);

    public Value WithFits(ImmutableArray<Fit> fits) => new(Data, fits, Models, Split, Metrics, Name, Elements, Strategy, IsPipelineResult, Scorers);

    /// <summary>The rows after <paramref name="models"/> are applied to them (a <c>Transform</c>).</summary>
    public Value Transformed(ImmutableArray<Fit> models) =>
        new(Data, Fits.AddRange(models), Models, Split, Metrics, Name, Elements, Strategy, IsPipelineResult, models);

    public Value WithMetrics(ImmutableHashSet<int> metrics) => new(Data, Fits, Models, Split, metrics, Name, Elements, Strategy, IsPipelineResult, Scorers);

    public Value Named(string name) => Name is null ? new(Data, Fits, Models, Split, Metrics, name, Elements, Strategy, IsPipelineResult, Scorers) : this;

    public Value AsModel(Fit model) => AsModels([model]);

    public Value AsModels(ImmutableArray<Fit> models) => new(Origin.Empty, [], models, null, Metrics, null, null);

    /// <summary>Whether the value carries something a variable can keep: rows, a model, a split, or such in a tuple.</summary>
    public bool IsSubstantial => !Data.IsEmpty || !Models.IsEmpty || Split is not null || Elements is { } e && e.Any(v => v.IsSubstantial);

    public static Value Rows(Origin data, string? name) => new(data, [], [], null, [], name, null);

    public static Value Tainted(ImmutableHashSet<int> metrics) => metrics.IsEmpty ? None : None.WithMetrics(metrics);

    public static Value Tuple(ImmutableArray<Value> elements) =>
        new(Origin.Empty, [], [], null, elements.Aggregate(ImmutableHashSet<int>.Empty, (s, v) => s.Union(v.Metrics)), null, elements);

    /// <summary>The join of two values (branches, loop iterations, collection elements).</summary>
    public Value Join(Value other)
    {
        if (ReferenceEquals(this, other) || ReferenceEquals(other, None))
        {
            return this;
        }

        if (ReferenceEquals(this, None))
        {
            return other;
        }

        return new Value(
            Data.Union(other.Data),
            [.. Fits.Concat(other.Fits).Distinct()],
            [.. Models.Concat(other.Models).Distinct()],
            Split ?? other.Split,
            Metrics.Union(other.Metrics),
            Name ?? other.Name,
            Elements is { } a && other.Elements is { } b && a.Length == b.Length ? [.. a.Select((v, i) => v.Join(b[i]))] : Elements ?? other.Elements,
            Strategy ?? other.Strategy,
            IsPipelineResult || other.IsPipelineResult,
            [.. Scorers.Concat(other.Scorers).Distinct()]);
    }

    public bool SameAs(Value other) =>
        ReferenceEquals(this, other)
        || Data.SameAs(other.Data) && Fits.SequenceEqual(other.Fits) && Models.SequenceEqual(other.Models) && Equals(Split, other.Split)
           && Metrics.SetEquals(other.Metrics);
}

/// <summary>One call that scores a model on data (<c>Evaluate</c>), or cross-validates it.</summary>
internal sealed class Evaluation
{
    public Evaluation(int id, Location location, Location original, int line, bool isCrossValidation)
    {
        Id = id;
        Location = location;
        Original = original;
        Line = line;
        IsCrossValidation = isCrossValidation;
    }

    public int Id { get; }

    public Location Location { get; }

    /// <summary>The call itself (inside a helper, when <see cref="Location"/> is the helper call).</summary>
    public Location Original { get; }

    public int Line { get; }

    public bool IsCrossValidation { get; }

    public Value Scored { get; set; } = Value.None;

    /// <summary>Inside a loop or a lambda run per element, scoring a model fitted per iteration (or of unknown
    /// origin): it scores several candidates.</summary>
    public bool Repeated { get; set; }

    /// <summary>Its result is compared, sorted or maximised.</summary>
    public bool Chosen { get; set; }

    public string? ScoredName { get; set; }
}
