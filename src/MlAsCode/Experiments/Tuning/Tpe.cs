using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace MlAsCode.Experiments.Tuning;

/// <summary>
/// The tree-structured Parzen estimator (Bergstra et al. 2011), univariate as Optuna's default: the trials are split
/// into the best γ(n) = min(⌈0.1 n⌉, 25) ("good") and the rest ("bad"); each parameter gets a Parzen density from each
/// group (truncated Gaussians at the observed values plus a wide prior, bandwidths from the neighbour gaps, clipped as
/// Optuna's "magic clip"); 24 candidates are drawn from the good density and the one with the highest
/// log l(x) − log g(x) (the expected-improvement criterion) is suggested. Choices use smoothed category counts.
/// Written here because no package on this machine offers a TPE sampler for .NET; its behaviour is tested against
/// random search on the same seeds.
/// </summary>
internal static class Tpe
{
    private const int Candidates = 24;

    public static ParameterSet Suggest(ImmutableArray<SearchParameter> space, IReadOnlyList<Trial> history, Func<double, double> oriented, Random random)
    {
        var ordered = history.OrderByDescending(t => oriented(t.Score)).ThenBy(t => t.Number).ToList();
        var goodCount = Math.Min((int)Math.Ceiling(0.1 * ordered.Count), 25);
        var good = ordered.Take(goodCount).Select(t => t.Parameters).ToList();
        var bad = ordered.Skip(goodCount).Select(t => t.Parameters).ToList();
        var values = ImmutableSortedDictionary.CreateBuilder<string, object>(StringComparer.Ordinal);
        foreach (var parameter in space)
        {
            values[parameter.Name] = parameter is ChoiceParameter choice
                ? SuggestChoice(choice, good, bad, random)
                : SuggestNumber(parameter, good, bad, random);
        }

        return new ParameterSet(values.ToImmutable());
    }

    private static object SuggestNumber(SearchParameter parameter, List<ParameterSet> good, List<ParameterSet> bad, Random random)
    {
        var (low, high) = Space.Bounds(parameter);
        var l = new Parzen(good.Select(p => Space.ToAxis(parameter, p.Get(parameter.Name))), low, high);
        var g = new Parzen(bad.Select(p => Space.ToAxis(parameter, p.Get(parameter.Name))), low, high);
        var best = double.NaN;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < Candidates; i++)
        {
            var x = l.Sample(random);
            var score = l.LogDensity(x) - g.LogDensity(x);
            if (score > bestScore)
            {
                (best, bestScore) = (x, score);
            }
        }

        return Space.FromAxis(parameter, best);
    }

    private static string SuggestChoice(ChoiceParameter parameter, List<ParameterSet> good, List<ParameterSet> bad, Random random)
    {
        double[] Weights(List<ParameterSet> group)
        {
            // One prior observation spread over the choices, then the counts.
            var weights = Enumerable.Repeat(1.0 / parameter.Choices.Length, parameter.Choices.Length).ToArray();
            foreach (var p in group)
            {
                weights[parameter.Choices.IndexOf(p.GetString(parameter.Name))] += 1;
            }

            var total = weights.Sum();
            return [.. weights.Select(w => w / total)];
        }

        var l = Weights(good);
        var g = Weights(bad);
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < Candidates; i++)
        {
            var k = Pick(l, random);
            var score = Math.Log(l[k]) - Math.Log(g[k]);
            if (score > bestScore)
            {
                (best, bestScore) = (k, score);
            }
        }

        return parameter.Choices[best];
    }

    private static int Pick(double[] weights, Random random)
    {
        var u = random.NextDouble();
        for (var k = 0; k < weights.Length; k++)
        {
            u -= weights[k];
            if (u <= 0)
            {
                return k;
            }
        }

        return weights.Length - 1;
    }

    /// <summary>A mixture of Gaussians truncated to [low, high]: one per observation plus a prior over the range.</summary>
    private sealed class Parzen
    {
        private readonly double[] _mu;
        private readonly double[] _sigma;
        private readonly double _low;
        private readonly double _high;

        public Parzen(IEnumerable<double> observations, double low, double high)
        {
            (_low, _high) = (low, high);
            var width = high - low;
            var components = observations.Select(x => (Mu: x, Prior: false)).Append(((low + high) / 2, true))
                .OrderBy(c => c.Item1).ToArray();
            var mus = components.Select(c => c.Item1).ToArray();
            var sigmas = new double[mus.Length];
            var minSigma = width / Math.Min(100.0, 1.0 + mus.Length);
            for (var i = 0; i < mus.Length; i++)
            {
                // The outermost kernels use only their inner gap (Optuna's consider_endpoints=False).
                var left = i == 0 ? (mus.Length > 1 ? mus[1] - mus[0] : mus[0] - low) : mus[i] - mus[i - 1];
                var right = i == mus.Length - 1 ? (mus.Length > 1 ? mus[i] - mus[i - 1] : high - mus[i]) : mus[i + 1] - mus[i];
                // The prior spans the range; observations take their wider neighbour gap, clipped (Optuna's magic clip).
                sigmas[i] = components[i].Item2 ? width : Math.Clamp(Math.Max(left, right), minSigma, width);
            }

            (_mu, _sigma) = (mus, sigmas);
        }

        public double Sample(Random random)
        {
            var k = random.Next(_mu.Length);
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var x = _mu[k] + (_sigma[k] * Gaussian(random));
                if (x >= _low && x <= _high)
                {
                    return x;
                }
            }

            return Math.Clamp(_mu[k], _low, _high);
        }

        public double LogDensity(double x)
        {
            var sum = 0.0;
            for (var i = 0; i < _mu.Length; i++)
            {
                var mass = NormalCdf((_high - _mu[i]) / _sigma[i]) - NormalCdf((_low - _mu[i]) / _sigma[i]);
                var z = (x - _mu[i]) / _sigma[i];
                sum += Math.Exp(-0.5 * z * z) / (_sigma[i] * Math.Sqrt(2 * Math.PI) * Math.Max(mass, 1e-12));
            }

            return Math.Log(Math.Max(sum / _mu.Length, 1e-300));
        }

        private static double Gaussian(Random random)
        {
            // Box–Muller from two uniforms in (0, 1].
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        // Φ(z) through the complementary error function (Numerical Recipes' erfc, relative error < 1.2e-7).
        private static double NormalCdf(double z)
        {
            ReadOnlySpan<double> c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
            var x = -z / Math.Sqrt(2);
            var t = 1 / (1 + (0.5 * Math.Abs(x)));
            var poly = 0.0;
            for (var i = c.Length - 1; i >= 0; i--)
            {
                poly = c[i] + (t * poly);
            }

            var erfc = t * Math.Exp((-x * x) + poly);
            return 0.5 * (x >= 0 ? erfc : 2 - erfc);
        }
    }
}
