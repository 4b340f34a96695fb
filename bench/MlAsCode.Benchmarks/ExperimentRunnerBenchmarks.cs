using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MlAsCode.Evaluation;
using MlAsCode.Experiments;
using MlAsCode.Experiments.Tuning;
using MlAsCode.Framing;
using MlAsCode.Training.Trainers;

namespace MlAsCode.Benchmarks;

/// <summary>
/// What the experiment runner adds to the machine learning it drives: the runner with the Churn sample's settings
/// (stratified split, 5-fold CV, 8 TPE trials of LightGBM) against the same work written directly — the same split,
/// folds, per-fold pipelines, tuner, trainer and final fit, scored once on the holdout without intervals, baseline,
/// verdict or fingerprints.
/// </summary>
[MemoryDiagnoser]
public class ExperimentRunnerBenchmarks
{
    private BenchCustomer[] _rows = [];
    private ProblemBrief _problem = null!;

    private static ExperimentSettings Settings => new()
    {
        Id = "EXP-2026-11-26-001",
        Split = SplitStrategy.Stratified,
        CrossValidation = CrossValidationStrategy.StratifiedKFold,
        Folds = 5,
        Seed = 42,
        Tuning = TuningStrategy.Bayesian,
        Trials = 8,
        SearchSpace = [SearchParameter.Real("learning_rate", 0.01, 0.3, log: true), SearchParameter.Integer("num_leaves", 15, 63)],
    };

    [GlobalSetup]
    public void Setup()
    {
        _rows = [.. BenchCustomer.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv"))];
        _problem = new ProblemBrief
        {
            Name = "churn",
            Task = MlTask.BinaryClassification,
            PrimaryMetric = Metric.PrAuc,
            Baseline = new BaselineSpec(BaselineKind.MajorityClass),
        };
    }

    [Benchmark(Description = "ExperimentRunner.RunAsync")]
    public Task<ExperimentReport> Runner() =>
        new ExperimentRunner<BenchCustomer>(Settings, _problem, BenchCustomer.Features, new MlNetTrainer(ModelFamily.LightGbm, MlTask.BinaryClassification, 42))
            .RunAsync(_rows);

    [Benchmark(Baseline = true, Description = "the same ML work written directly")]
    public double Direct()
    {
        var s = Settings;
        var trainer = new MlNetTrainer(ModelFamily.LightGbm, MlTask.BinaryClassification, s.Seed);
        var features = BenchCustomer.Features;
        Labels LabelsOf(System.Collections.Generic.IEnumerable<BenchCustomer> rows) => Labels.Binary(rows.Select(r => r.Churn == "Yes"));
        var split = features.Split(_rows, s.Split, s.TestFraction, s.Seed);
        var folds = features.Folds(split.Train, s.CrossValidation, s.Folds, s.Seed)
            .Select(f => (Fit: features.FitTransform(f.Train), Train: f.Train, Validation: f.Validation)).ToList();
        var tuner = new Tuner(s.SearchSpace, s.Tuning, s.Trials, s.Seed);
        var best = tuner.Optimize(p => folds.Average(f =>
        {
            var model = trainer.Fit(f.Fit.TrainingMatrix, LabelsOf(f.Train), p);
            var scores = model.Predict(f.Fit.Pipeline.TransformBatch(f.Validation)).Select(x => (double)x).ToArray();
            return Metrics.AveragePrecision([.. f.Validation.Select(r => r.Churn == "Yes")], scores);
        })).Best.Parameters;
        var final = features.FitTransform(split.Train);
        var chosen = trainer.Fit(final.TrainingMatrix, LabelsOf(split.Train), best);
        var holdout = chosen.Predict(final.Pipeline.TransformBatch(split.Test)).Select(x => (double)x).ToArray();
        return Metrics.AveragePrecision([.. split.Test.Select(r => r.Churn == "Yes")], holdout);
    }
}
