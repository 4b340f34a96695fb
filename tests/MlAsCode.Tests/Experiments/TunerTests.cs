using System;
using System.Collections.Generic;
using System.Linq;
using MlAsCode.Experiments.Tuning;
using Xunit.Abstractions;

namespace MlAsCode.Tests.Experiments;

public class TunerTests(ITestOutputHelper output)
{
    private static readonly SearchParameter[] Space =
    [
        SearchParameter.Real("learning_rate", 0.01, 0.3, log: true),
        SearchParameter.Integer("num_leaves", 15, 255),
        SearchParameter.Choice("booster", "gbdt", "dart", "goss"),
    ];

    // A smooth objective with its optimum at learning_rate 0.05, 60 leaves, "dart" (maximum 1).
    private static double Objective(ParameterSet p) =>
        1 - Math.Pow(Math.Log10(p.GetDouble("learning_rate") / 0.05), 2) - Math.Pow((p.GetInt32("num_leaves") - 60) / 120.0, 2)
        - (p.GetString("booster") == "dart" ? 0 : 0.05);

    [Fact]
    public void A_search_is_reproducible_from_its_seed()
    {
        foreach (var strategy in new[] { TuningStrategy.Random, TuningStrategy.Bayesian, TuningStrategy.Grid })
        {
            var first = new Tuner(Space, strategy, 30, seed: 4).Optimize(Objective);
            var again = new Tuner(Space, strategy, 30, seed: 4).Optimize(Objective);
            Assert.Equal(first.Trials.Select(t => t.Parameters.ToString()), again.Trials.Select(t => t.Parameters.ToString()));
            Assert.Equal(first.Best.Score, again.Best.Score);
            var other = new Tuner(Space, strategy, 30, seed: 5).Optimize(Objective);
            Assert.NotEqual(first.Trials.Select(t => t.Parameters.ToString()), other.Trials.Select(t => t.Parameters.ToString()));
        }
    }

    [Fact]
    public void Random_sampling_respects_bounds_types_and_the_log_scale()
    {
        var trials = new Tuner(Space, TuningStrategy.Random, 2000, seed: 1).Optimize(Objective).Trials;
        Assert.All(trials, t =>
        {
            Assert.InRange(t.Parameters.GetDouble("learning_rate"), 0.01, 0.3);
            Assert.IsType<int>(t.Parameters.Get("num_leaves"));
            Assert.InRange(t.Parameters.GetInt32("num_leaves"), 15, 255);
            Assert.Contains(t.Parameters.GetString("booster"), new[] { "gbdt", "dart", "goss" });
        });
        // Log-uniform: half the draws fall below the geometric mean of the range.
        var belowGeometricMean = trials.Count(t => t.Parameters.GetDouble("learning_rate") < Math.Sqrt(0.01 * 0.3)) / (double)trials.Length;
        Assert.InRange(belowGeometricMean, 0.47, 0.53);
        Assert.Equal(15, trials.Min(t => t.Parameters.GetInt32("num_leaves")));
        Assert.Equal(255, trials.Max(t => t.Parameters.GetInt32("num_leaves")));
    }

    [Fact]
    public void A_grid_visits_every_combination_once_including_the_ends()
    {
        var result = new Tuner(Space, TuningStrategy.Grid, 1000, seed: 1, gridPoints: 4).Optimize(Objective);
        Assert.Equal(4 * 4 * 3, result.Trials.Length);
        Assert.Equal(result.Trials.Length, result.Trials.Select(t => t.Parameters.ToString()).Distinct().Count());
        Assert.Contains(result.Trials, t => Math.Abs(t.Parameters.GetDouble("learning_rate") - 0.01) < 1e-12 && t.Parameters.GetInt32("num_leaves") == 255);
        Assert.Contains(result.Trials, t => Math.Abs(t.Parameters.GetDouble("learning_rate") - 0.3) < 1e-12 && t.Parameters.GetInt32("num_leaves") == 15);
        // A budget smaller than the grid samples it in a seeded order.
        Assert.Equal(10, new Tuner(Space, TuningStrategy.Grid, 10, seed: 1, gridPoints: 4).Optimize(Objective).Trials.Length);
    }

    [Fact]
    public void Manual_tuning_runs_the_fixed_values_once_and_minimizing_picks_the_lowest()
    {
        var fixedValues = ParameterSet.Of([new("learning_rate", 0.1), new("num_leaves", 31), new("booster", "gbdt")]);
        var manual = new Tuner(Space, TuningStrategy.Manual, 50, seed: 1, manual: fixedValues).Optimize(Objective);
        Assert.Single(manual.Trials);
        Assert.Equal(31, manual.Best.Parameters.GetInt32("num_leaves"));

        var minimized = new Tuner(Space, TuningStrategy.Random, 40, seed: 2, maximize: false).Optimize(Objective);
        Assert.Equal(minimized.Trials.Min(t => t.Score), minimized.Best.Score);
        Assert.Throws<ArgumentException>(() => SearchParameter.Real("lr", 0, 0.3, log: true));
    }

    private static readonly SearchParameter[] NumericSpace =
    [
        SearchParameter.Real("learning_rate", 0.01, 0.3, log: true),
        SearchParameter.Integer("num_leaves", 15, 255),
        SearchParameter.Real("feature_fraction", 0.5, 1.0),
    ];

    // Optimum at learning_rate 0.05, 60 leaves, feature_fraction 0.8 (maximum 1).
    private static double NumericObjective(ParameterSet p) =>
        1 - Math.Pow(Math.Log10(p.GetDouble("learning_rate") / 0.05), 2) - Math.Pow((p.GetInt32("num_leaves") - 60) / 120.0, 2)
        - Math.Pow((p.GetDouble("feature_fraction") - 0.8) / 0.5, 2);

    [Fact]
    public void Tpe_reaches_random_searchs_best_in_fewer_trials_on_most_seeds()
    {
        // For each seed: the best score random search finds in 100 trials, and how many trials TPE needs to match it.
        var needed = new List<int>();
        for (var seed = 0; seed < 10; seed++)
        {
            var target = new Tuner(NumericSpace, TuningStrategy.Random, 100, seed).Optimize(NumericObjective).Best.Score;
            var tpe = new Tuner(NumericSpace, TuningStrategy.Bayesian, 100, seed + 1000).Optimize(NumericObjective);
            var reached = tpe.Trials.FirstOrDefault(t => t.Score >= target);
            needed.Add(reached is null ? 101 : reached.Number + 1);
        }

        needed.Sort();
        var median = (needed[4] + needed[5]) / 2.0;
        output.WriteLine($"TPE trials to reach random search's best of 100, per seed: {string.Join(", ", needed)}; median {median}");
        Assert.True(median <= 60, $"median {median}");
    }
}

public class ConsoleRunProgressTests
{
    private static readonly MlAsCode.Experiments.RunProgress[] Reports =
    [
        new(MlAsCode.Experiments.RunStage.Split, 1, 1, "split done"),
        new(MlAsCode.Experiments.RunStage.Tuning, 1, 4, "trial 1/4"),
        new(MlAsCode.Experiments.RunStage.Tuning, 2, 4, "trial 2/4"),
        new(MlAsCode.Experiments.RunStage.Tuning, 4, 4, "trial 4/4"),
        new(MlAsCode.Experiments.RunStage.Evaluation, 1, 1, "promoted"),
    ];

    [Fact]
    public void Redirected_output_gets_plain_lines_and_a_terminal_gets_a_bar()
    {
        var plain = new System.IO.StringWriter();
        var lines = new MlAsCode.Experiments.ConsoleRunProgress(plain, interactive: false, prefix: "> ");
        foreach (var report in Reports)
        {
            lines.Report(report);
        }

        Assert.Equal(["> split done", "> trial 1/4", "> trial 2/4", "> trial 4/4", "> promoted"], plain.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));

        var terminal = new System.IO.StringWriter();
        var bar = new MlAsCode.Experiments.ConsoleRunProgress(terminal, interactive: true);
        foreach (var report in Reports)
        {
            bar.Report(report);
        }

        var text = terminal.ToString();
        Assert.Contains("\rtuning [############------------] 2/4", text);
        Assert.Contains("\rtuning [########################] 4/4" + Environment.NewLine + "promoted", text);
        Assert.DoesNotContain("trial 2/4", text);
    }
}
