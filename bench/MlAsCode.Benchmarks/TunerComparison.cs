using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MlAsCode.Evaluation;
using MlAsCode.Experiments;
using MlAsCode.Experiments.Tuning;
using MlAsCode.Training.Trainers;

namespace MlAsCode.Benchmarks;

/// <summary>
/// TPE against random search on telco churn: for each of 10 seeds, the best validation PR-AUC random search reaches
/// in 100 trials of LightGBM, and how many TPE trials reach it. Not a timing, so not a BenchmarkDotNet class:
/// <c>dotnet run -c Release -- --tpe-vs-random</c>.
/// </summary>
public static class TunerComparison
{
    public static void Run(TextWriter output, int seeds = 10, int trials = 100)
    {
        BenchCustomer[] rows = [.. BenchCustomer.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv"))];
        var features = BenchCustomer.Features;
        // One fixed training/validation split inside the training part; the holdout is not touched.
        var split = features.Split(rows, SplitStrategy.Stratified, 0.2, seed: 1);
        var validation = features.Split(split.Train, SplitStrategy.Stratified, 0.25, seed: 2);
        var fit = features.FitTransform(validation.Train);
        var validationMatrix = fit.Pipeline.TransformBatch(validation.Test);
        var labels = Labels.Binary(validation.Train.Select(r => r.Churn == "Yes"));
        bool[] validationLabels = [.. validation.Test.Select(r => r.Churn == "Yes")];
        SearchParameter[] space =
        [
            SearchParameter.Real("learning_rate", 0.01, 0.3, log: true),
            SearchParameter.Integer("num_leaves", 15, 255),
            SearchParameter.Integer("min_data_in_leaf", 5, 100),
            SearchParameter.Integer("num_iterations", 50, 300),
        ];
        var trainer = new MlNetTrainer(ModelFamily.LightGbm, MlTask.BinaryClassification, seed: 7);
        double Objective(ParameterSet p) =>
            Metrics.AveragePrecision(validationLabels, [.. trainer.Fit(fit.TrainingMatrix, labels, p).Predict(validationMatrix).Select(s => (double)s)]);

        var needed = new List<int>();
        for (var seed = 0; seed < seeds; seed++)
        {
            var random = new Tuner(space, TuningStrategy.Random, trials, seed).Optimize(Objective);
            var target = random.Best.Score;
            var tpe = new Tuner(space, TuningStrategy.Bayesian, trials, seed).Optimize(Objective);
            var reached = tpe.Trials.FirstOrDefault(t => t.Score >= target);
            needed.Add(reached is null ? trials + 1 : reached.Number + 1);
            output.WriteLine($"seed {seed}: random best {target:0.0000}; TPE reaches it at trial {(reached is null ? $">{trials}" : needed[^1].ToString(System.Globalization.CultureInfo.InvariantCulture))} (TPE best {tpe.Best.Score:0.0000})");
        }

        needed.Sort();
        var median = seeds % 2 == 1 ? needed[seeds / 2] : (needed[(seeds / 2) - 1] + needed[seeds / 2]) / 2.0;
        output.WriteLine($"median trials for TPE to reach random search's best of {trials}: {median} ({median / trials:P0} of them)");
    }
}
