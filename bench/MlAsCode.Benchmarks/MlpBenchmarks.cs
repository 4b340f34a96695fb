using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MlAsCode.Evaluation;
using MlAsCode.Experiments;
using MlAsCode.Experiments.Tuning;
using MlAsCode.Features;
using MlAsCode.Framing;
using MlAsCode.Training.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace MlAsCode.Benchmarks;

/// <summary>
/// The MLP through the experiment runner (stratified split, 5-fold stratified CV with fixed settings, final fit,
/// holdout evaluation with bootstrap intervals, baseline and verdict) against the same work written directly with the
/// same trainer: split, per-fold pipelines and fits, final fit, one holdout score.
/// </summary>
[MemoryDiagnoser]
public class MlpRunnerBenchmarks
{
    private BenchCustomer[] _rows = [];
    private ProblemBrief _problem = null!;

    private static readonly ImmutableSortedDictionary<string, object> Fixed = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
        new KeyValuePair<string, object>[] { new("max_epochs", 20), new("patience", 0), new("batch_size", 64), new("hidden_layers", "64,32") });

    private static ExperimentSettings Settings => new()
    {
        Id = "EXP-2026-11-26-003",
        Split = SplitStrategy.Stratified,
        CrossValidation = CrossValidationStrategy.StratifiedKFold,
        Folds = 5,
        Seed = 42,
        Tuning = TuningStrategy.Manual,
        Fixed = Fixed,
    };

    [GlobalSetup]
    public void Setup()
    {
        _rows = [.. BenchCustomer.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv"))];
        _problem = new ProblemBrief { Name = "churn", Task = MlTask.BinaryClassification, PrimaryMetric = Metric.PrAuc, Baseline = new BaselineSpec(BaselineKind.MajorityClass) };
    }

    [Benchmark(Description = "ExperimentRunner.RunAsync (MLP)")]
    public Task<ExperimentReport> Runner() =>
        new ExperimentRunner<BenchCustomer>(Settings, _problem, BenchCustomer.Features, new MlpTrainer(MlTask.BinaryClassification, 42)).RunAsync(_rows);

    [Benchmark(Baseline = true, Description = "the same MLP work written directly")]
    public double Direct()
    {
        var s = Settings;
        var trainer = new MlpTrainer(MlTask.BinaryClassification, s.Seed);
        var parameters = ParameterSet.Of(Fixed);
        var features = BenchCustomer.Features;
        Labels LabelsOf(IEnumerable<BenchCustomer> rows) => Labels.Binary(rows.Select(r => r.Churn == "Yes"));
        var split = features.Split(_rows, s.Split, s.TestFraction, s.Seed);
        var cv = features.Folds(split.Train, s.CrossValidation, s.Folds, s.Seed).Average(f =>
        {
            var fit = features.FitTransform(f.Train);
            var scores = trainer.Fit(fit.TrainingMatrix, LabelsOf(f.Train), parameters).Predict(fit.Pipeline.TransformBatch(f.Validation));
            return Metrics.AveragePrecision([.. f.Validation.Select(r => r.Churn == "Yes")], [.. scores.Select(x => (double)x)]);
        });
        var final = features.FitTransform(split.Train);
        var holdout = trainer.Fit(final.TrainingMatrix, LabelsOf(split.Train), parameters).Predict(final.Pipeline.TransformBatch(split.Test));
        return cv + Metrics.AveragePrecision([.. split.Test.Select(r => r.Churn == "Yes")], [.. holdout.Select(x => (double)x)]);
    }
}

/// <summary>
/// <see cref="MlpTrainer.Fit"/> against a plain TorchSharp loop with the same network, optimizer, batches, epochs and
/// seed on the same standardized matrix (no early stopping): what the trainer adds over calling TorchSharp yourself.
/// </summary>
[MemoryDiagnoser]
public class MlpTrainerBenchmarks
{
    private const int Epochs = 20;
    private const int BatchSize = 64;
    private FeatureMatrix _matrix = null!;
    private Labels _labels = null!;

    [GlobalSetup]
    public void Setup()
    {
        BenchCustomer[] rows = [.. BenchCustomer.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv"))];
        _matrix = BenchCustomer.Features.FitTransform(rows).TrainingMatrix;
        _labels = Labels.Binary(rows.Select(r => r.Churn == "Yes"));
    }

    [Benchmark(Description = "MlpTrainer.Fit")]
    public MlpModel Trainer() => new MlpTrainer(MlTask.BinaryClassification, 42).Fit(_matrix, _labels, ParameterSet.Of(
        [new("max_epochs", Epochs), new("patience", 0), new("batch_size", BatchSize), new("hidden_layers", "64,32"), new("dropout", 0.1)]));

    [Benchmark(Baseline = true, Description = "TorchSharp loop written directly")]
    public float Direct()
    {
        var (n, width) = (_matrix.Rows, _matrix.Columns);
        var values = (float[])_matrix.Values.Clone();
        for (var c = 0; c < width; c++)
        {
            var column = Enumerable.Range(0, n).Select(r => (double)values[(r * width) + c]).ToArray();
            var mean = column.Average();
            var std = Math.Sqrt(column.Average(v => (v - mean) * (v - mean)));
            for (var r = 0; r < n; r++)
            {
                values[(r * width) + c] = (float)((values[(r * width) + c] - mean) / (std > 1e-12 ? std : 1));
            }
        }

        using var scope = NewDisposeScope();
        torch.random.manual_seed(42);
        var x = tensor(values, [n, width]).clone();
        var y = tensor(_labels.BinaryValues!.Select(b => b ? 1f : 0f).ToArray(), [n, 1]).clone();
        var network = nn.Sequential(nn.Linear(width, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 32), nn.ReLU(), nn.Dropout(0.1), nn.Linear(32, 1));
        var optimizer = optim.Adam(network.parameters(), 0.001);
        var random = new Random(42);
        var order = Enumerable.Range(0, n).ToArray();
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle(order);
            for (var start = 0; start < n; start += BatchSize)
            {
                using var batchScope = NewDisposeScope();
                var index = tensor(order.AsSpan(start, Math.Min(BatchSize, n - start)).ToArray().Select(i => (long)i).ToArray());
                var loss = nn.functional.binary_cross_entropy_with_logits(network.forward(x.index_select(0, index)), y.index_select(0, index));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
        }

        return network.parameters().First().data<float>()[0];
    }
}
