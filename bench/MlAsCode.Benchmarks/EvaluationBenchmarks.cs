using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlAsCode.Evaluation;

namespace MlAsCode.Benchmarks;

/// <summary>
/// Every binary metric on 1,000,000 predictions: <c>Metrics.Binary</c> (one sort, one pass) against ML.NET's
/// <c>BinaryClassification.Evaluate</c> on the same labels and probabilities, loaded once as an IDataView.
/// </summary>
[MemoryDiagnoser]
public class BinaryMetricsBenchmarks
{
    private const int Rows = 1_000_000;
    private bool[] _labels = [];
    private double[] _scores = [];
    private MLContext _ml = new(seed: 1);
    private IDataView _view = null!;

    private sealed class Prediction
    {
        public bool Label { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    [GlobalSetup]
    public void Setup()
    {
        var (labels, scores) = Predictions(Rows, seed: 11);
        (_labels, _scores) = (labels, scores);
        _ml = new MLContext(seed: 1);
        // Scores kept as floats on both sides, so both compute on exactly the same values.
        _view = _ml.Data.LoadFromEnumerable(labels.Select((l, i) => new Prediction
        {
            Label = l,
            Probability = (float)scores[i],
            Score = (float)Math.Log(scores[i] / (1 - scores[i])),
            PredictedLabel = scores[i] >= 0.5,
        }).ToList());
        // Cache the view so the benchmark measures the evaluation, not the enumerable's cursor.
        _view = _ml.Data.Cache(_view);
        _ = _ml.BinaryClassification.Evaluate(_view);
    }

    /// <summary>Labels drawn from the score (calibrated), probabilities with three decimals (many ties, as real models give).</summary>
    public static (bool[] Labels, double[] Scores) Predictions(int rows, int seed)
    {
        var random = new Random(seed);
        var scores = Enumerable.Range(0, rows).Select(_ => (double)(float)Math.Round(0.001 + (random.NextDouble() * 0.998), 3)).ToArray();
        return ([.. scores.Select(p => random.NextDouble() < p)], scores);
    }

    [Benchmark(Baseline = true, Description = "ML.NET BinaryClassification.Evaluate")]
    public double MlNet()
    {
        var metrics = _ml.BinaryClassification.Evaluate(_view);
        return metrics.AreaUnderRocCurve + metrics.AreaUnderPrecisionRecallCurve + metrics.F1Score + metrics.LogLoss;
    }

    [Benchmark(Description = "MlAsCode Metrics.Binary")]
    public double MlAsCode()
    {
        var metrics = Metrics.Binary(_labels, _scores);
        return metrics.RocAuc + metrics.PrAuc + metrics.F1 + metrics.LogLoss;
    }
}

/// <summary>
/// Bootstrap intervals of every binary metric (200 resamples on 100,000 predictions) with the resamples spread over
/// all cores against one core: the same intervals either way (tested), only the wall time differs.
/// </summary>
public class BootstrapBenchmarks
{
    private const int Rows = 100_000;
    private const int Resamples = 200;
    private ScoredRows _rows = null!;
    private List<Func<int[], double>> _metrics = [];

    [GlobalSetup]
    public void Setup()
    {
        var (labels, scores) = BinaryMetricsBenchmarks.Predictions(Rows, seed: 12);
        _rows = ScoredRows.Binary(labels, scores);
        _metrics = [.. MetricScorer.Binary(Metric.PrAuc).Select(m => (Func<int[], double>)(c => _rows.Score(m, c)))];
    }

    [Benchmark(Baseline = true, Description = "one core")]
    public Interval[] OneCore() => Bootstrap.EstimateFromCounts(Rows, _metrics, Resamples, seed: 1, maxDegreeOfParallelism: 1);

    [Benchmark(Description = "all cores")]
    public Interval[] AllCores() => Bootstrap.EstimateFromCounts(Rows, _metrics, Resamples, seed: 1);
}
