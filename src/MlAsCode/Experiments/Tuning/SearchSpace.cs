using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;

namespace MlAsCode.Experiments.Tuning;

/// <summary>One hyperparameter's range: a real number, a whole number (both optionally on a log scale), or a choice.</summary>
public abstract record SearchParameter(string Name)
{
    /// <summary>A real number in [low, high].</summary>
    public static SearchParameter Real(string name, double low, double high, bool log = false) => new RealParameter(name, low, high, log);

    /// <summary>A whole number in [low, high].</summary>
    public static SearchParameter Integer(string name, int low, int high, bool log = false) => new IntegerParameter(name, low, high, log);

    /// <summary>One of the given values.</summary>
    public static SearchParameter Choice(string name, params string[] choices) => new ChoiceParameter(name, [.. choices]);
}

/// <summary>A real number in [Low, High].</summary>
public sealed record RealParameter : SearchParameter
{
    /// <summary>Creates the parameter.</summary>
    public RealParameter(string name, double low, double high, bool log)
        : base(name)
    {
        Check(name, low, high, log);
        (Low, High, Log) = (low, high, log);
    }

    /// <summary>Smallest value.</summary>
    public double Low { get; }

    /// <summary>Largest value.</summary>
    public double High { get; }

    /// <summary>Whether values are searched on a log scale (learning rates).</summary>
    public bool Log { get; }

    internal static void Check(string name, double low, double high, bool log)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!(low < high) || !double.IsFinite(low) || !double.IsFinite(high))
        {
            throw new ArgumentException($"Search parameter {name}: the range [{low}, {high}] must be finite with low < high.");
        }

        if (log && low <= 0)
        {
            throw new ArgumentException($"Search parameter {name}: a log scale needs a positive low end (got {low}).");
        }
    }
}

/// <summary>A whole number in [Low, High].</summary>
public sealed record IntegerParameter : SearchParameter
{
    /// <summary>Creates the parameter.</summary>
    public IntegerParameter(string name, int low, int high, bool log)
        : base(name)
    {
        RealParameter.Check(name, low, high, log);
        (Low, High, Log) = (low, high, log);
    }

    /// <summary>Smallest value.</summary>
    public int Low { get; }

    /// <summary>Largest value.</summary>
    public int High { get; }

    /// <summary>Whether values are searched on a log scale.</summary>
    public bool Log { get; }
}

/// <summary>One of a set of values.</summary>
public sealed record ChoiceParameter : SearchParameter
{
    /// <summary>Creates the parameter.</summary>
    public ChoiceParameter(string name, ImmutableArray<string> choices)
        : base(name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (choices.IsDefaultOrEmpty || choices.Distinct(StringComparer.Ordinal).Count() != choices.Length)
        {
            throw new ArgumentException($"Search parameter {name}: give at least one choice, each once.");
        }

        Choices = choices;
    }

    /// <summary>The values.</summary>
    public ImmutableArray<string> Choices { get; }
}

/// <summary>The values chosen for one trial, by parameter name.</summary>
public sealed class ParameterSet
{
    private readonly ImmutableSortedDictionary<string, object> _values;

    internal ParameterSet(ImmutableSortedDictionary<string, object> values) => _values = values;

    /// <summary>Creates a set of fixed values (manual tuning).</summary>
    public static ParameterSet Of(IEnumerable<KeyValuePair<string, object>> values) =>
        new(values.ToImmutableSortedDictionary(StringComparer.Ordinal));

    /// <summary>Parameter names, sorted.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <summary>A real value.</summary>
    public double GetDouble(string name) => Convert.ToDouble(Get(name), CultureInfo.InvariantCulture);

    /// <summary>A whole value.</summary>
    public int GetInt32(string name) => Convert.ToInt32(Get(name), CultureInfo.InvariantCulture);

    /// <summary>A choice.</summary>
    public string GetString(string name) => Convert.ToString(Get(name), CultureInfo.InvariantCulture)!;

    /// <summary>The raw value.</summary>
    public object Get(string name) => _values.TryGetValue(name, out var value)
        ? value
        : throw new KeyNotFoundException($"No hyperparameter '{name}' in this trial; it has {string.Join(", ", _values.Keys)}.");

    /// <summary>
    /// These values as a trainer's defaults, overridden by <paramref name="given"/>: the set a trainer fits with. A
    /// name the trainer does not read is refused, so a typo in a declaration cannot be silently ignored.
    /// </summary>
    /// <param name="given">The experiment's values (fixed and tuned), or null for all defaults.</param>
    /// <param name="owner">Who reads them, for the message (a model family).</param>
    /// <exception cref="ArgumentException">A name not among these defaults.</exception>
    public ParameterSet OverriddenBy(ParameterSet? given, string owner)
    {
        if (given is null)
        {
            return this;
        }

        var unknown = given.Names.Except(Names, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"{owner} does not read {string.Join(", ", unknown)}; its hyperparameters are {string.Join(", ", Names)}.", nameof(given));
        }

        return Of(Names.Select(n => new KeyValuePair<string, object>(n, given._values.TryGetValue(n, out var value) ? value : _values[n])));
    }

    /// <summary>Values as invariant text, for tracking.</summary>
    public ImmutableSortedDictionary<string, string> ToText() =>
        _values.ToImmutableSortedDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture)!, StringComparer.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", ToText().Select(p => $"{p.Key}={p.Value}"));
}
