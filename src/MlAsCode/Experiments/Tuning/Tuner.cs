using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace MlAsCode.Experiments.Tuning;

/// <summary>One evaluated set of hyperparameters.</summary>
/// <param name="Number">0-based trial number.</param>
/// <param name="Parameters">The values tried.</param>
/// <param name="Score">The objective (e.g. mean cross-validated PR-AUC).</param>
public sealed record Trial(int Number, ParameterSet Parameters, double Score);

/// <summary>All trials of a search and the best one.</summary>
public sealed record TuningResult(ImmutableArray<Trial> Trials, Trial Best, TuningStrategy Strategy, int Seed);

/// <summary>
/// Searches a hyperparameter space: manual (fixed values), grid, random, or Bayesian optimization with a TPE sampler
/// (Optuna-style: random start-up trials, then the candidate with the best ratio of the "good" to the "bad" Parzen
/// density). Every random choice comes from the seed, so a search is reproducible. Use <see cref="Optimize"/>, or
/// <see cref="Suggest"/> and your own loop (ask/tell).
/// </summary>
public sealed class Tuner
{
    private readonly ImmutableArray<SearchParameter> _space;
    private readonly Random _random;
    private readonly ParameterSet? _manual;
    private readonly List<ParameterSet>? _grid;

    /// <summary>Creates a tuner.</summary>
    /// <param name="space">The parameters to search.</param>
    /// <param name="strategy">How to search.</param>
    /// <param name="trials">Maximum trials (a grid smaller than this runs once per point).</param>
    /// <param name="seed">Seed of every random choice.</param>
    /// <param name="maximize">Whether a higher score is better (metrics such as PR-AUC) or lower (losses).</param>
    /// <param name="manual">The fixed values for <see cref="TuningStrategy.Manual"/>.</param>
    /// <param name="gridPoints">Points per real or wide integer parameter in a grid.</param>
    /// <param name="startupTrials">Random trials before TPE starts modelling.</param>
    public Tuner(IEnumerable<SearchParameter> space, TuningStrategy strategy, int trials, int seed, bool maximize = true,
        ParameterSet? manual = null, int gridPoints = 5, int startupTrials = 10)
    {
        ArgumentNullException.ThrowIfNull(space);
        _space = [.. space];
        if (_space.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != _space.Length)
        {
            throw new ArgumentException("Each search parameter must have its own name.", nameof(space));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gridPoints, 2);
        Strategy = strategy;
        Trials = strategy == TuningStrategy.Manual ? 1 : trials;
        Seed = seed;
        Maximize = maximize;
        StartupTrials = Math.Max(1, startupTrials);
        _random = new Random(seed);
        if (strategy == TuningStrategy.Manual)
        {
            _manual = manual ?? throw new ArgumentException("Manual tuning needs the fixed values.", nameof(manual));
        }
        else if (strategy == TuningStrategy.Grid)
        {
            _grid = Grid(gridPoints);
            // A grid larger than the budget is visited in a seeded random order, so the trials spread over it.
            if (_grid.Count > trials)
            {
                Shuffle(_grid, _random);
            }

            Trials = Math.Min(trials, _grid.Count);
        }
    }

    /// <summary>The strategy.</summary>
    public TuningStrategy Strategy { get; }

    /// <summary>The number of trials <see cref="Optimize"/> runs.</summary>
    public int Trials { get; }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>Whether higher scores are better.</summary>
    public bool Maximize { get; }

    /// <summary>Random trials before TPE models the history.</summary>
    public int StartupTrials { get; }

    /// <summary>Runs the search: one objective call per trial, in order.</summary>
    /// <param name="objective">Scores one parameter set (NaN or infinity counts as the worst score).</param>
    /// <param name="onTrial">Called after each trial (progress reporting).</param>
    public TuningResult Optimize(Func<ParameterSet, double> objective, Action<Trial>? onTrial = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        var history = new List<Trial>();
        for (var i = 0; i < Trials; i++)
        {
            var parameters = Suggest(history);
            var trial = new Trial(i, parameters, objective(parameters));
            history.Add(trial);
            onTrial?.Invoke(trial);
        }

        var best = history.OrderByDescending(t => Oriented(t.Score)).ThenBy(t => t.Number).First();
        return new TuningResult([.. history], best, Strategy, Seed);
    }

    /// <summary>The next parameters to try, given the trials so far.</summary>
    public ParameterSet Suggest(IReadOnlyList<Trial> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Strategy switch
        {
            TuningStrategy.Manual => _manual!,
            TuningStrategy.Grid => _grid![history.Count % _grid.Count],
            TuningStrategy.Bayesian when history.Count >= StartupTrials => Tpe.Suggest(_space, history, Oriented, _random),
            _ => new ParameterSet(_space.ToImmutableSortedDictionary(p => p.Name, p => SampleUniform(p, _random), StringComparer.Ordinal)),
        };
    }

    // Higher is better after orientation; failed trials are the worst.
    internal double Oriented(double score) => double.IsFinite(score) ? (Maximize ? score : -score) : double.NegativeInfinity;

    internal static object SampleUniform(SearchParameter parameter, Random random) => parameter switch
    {
        RealParameter r => Space.FromUnit(r, random.NextDouble()),
        IntegerParameter i => Space.FromUnit(i, random.NextDouble()),
        ChoiceParameter c => c.Choices[random.Next(c.Choices.Length)],
        _ => throw new NotSupportedException(parameter.GetType().Name),
    };

    private List<ParameterSet> Grid(int points)
    {
        IEnumerable<ImmutableSortedDictionary<string, object>> combos = [ImmutableSortedDictionary.Create<string, object>(StringComparer.Ordinal)];
        foreach (var parameter in _space)
        {
            var values = GridValues(parameter, points);
            combos = combos.SelectMany(c => values.Select(v => c.Add(parameter.Name, v))).ToList();
        }

        return [.. combos.Select(c => new ParameterSet(c))];
    }

    private static List<object> GridValues(SearchParameter parameter, int points) => parameter switch
    {
        ChoiceParameter c => [.. c.Choices],
        IntegerParameter i when i.High - i.Low + 1 <= points => [.. Enumerable.Range(i.Low, i.High - i.Low + 1).Cast<object>()],
        IntegerParameter i => [.. Enumerable.Range(0, points).Select(k => Space.FromUnit(i, (double)k / (points - 1))).Distinct()],
        RealParameter r => [.. Enumerable.Range(0, points).Select(k => Space.FromUnit(r, (double)k / (points - 1)))],
        _ => throw new NotSupportedException(parameter.GetType().Name),
    };

    private static void Shuffle<T>(IList<T> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>Maps parameter values to and from the internal search axis (log for log scales).</summary>
internal static class Space
{
    public static (double Low, double High) Bounds(SearchParameter p) => p switch
    {
        RealParameter { Log: true } r => (Math.Log(r.Low), Math.Log(r.High)),
        RealParameter r => (r.Low, r.High),
        // Whole numbers are searched on a continuous axis widened by half a step, then rounded.
        IntegerParameter { Log: true } i => (Math.Log(i.Low - 0.5 > 0 ? i.Low - 0.5 : i.Low), Math.Log(i.High + 0.5)),
        IntegerParameter i => (i.Low - 0.5, i.High + 0.5),
        _ => (0, 1),
    };

    public static double ToAxis(SearchParameter p, object value) => p switch
    {
        RealParameter { Log: true } or IntegerParameter { Log: true } => Math.Log(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
        _ => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    public static object FromAxis(SearchParameter p, double x)
    {
        var (low, high) = Bounds(p);
        x = Math.Clamp(x, low, high);
        return p switch
        {
            RealParameter { Log: true } r => (object)Math.Clamp(Math.Exp(x), r.Low, r.High),
            RealParameter r => Math.Clamp(x, r.Low, r.High),
            IntegerParameter { Log: true } i => (object)Math.Clamp((int)Math.Round(Math.Exp(x)), i.Low, i.High),
            IntegerParameter i => (object)Math.Clamp((int)Math.Round(x), i.Low, i.High),
            _ => throw new NotSupportedException(p.GetType().Name),
        };
    }

    public static object FromUnit(SearchParameter p, double u)
    {
        var (low, high) = Bounds(p);
        return FromAxis(p, low + (u * (high - low)));
    }
}
