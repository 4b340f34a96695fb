using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using AnomalyShuttle;
using MlAsCode.Evaluation;
using MlAsCode.Training.Trainers;

// Anomaly detection end to end: read the readings, hold out 30% (seeded), fit an isolation forest on the training
// readings without their labels, score the holdout, and compare Precision@K with the robust-distance baseline.
var output = args is ["--out", var o] ? o : Path.Combine("out", "shuttle");
Directory.CreateDirectory(output);
var path = Path.Combine(AppContext.BaseDirectory, "data", "statlog_shuttle.csv");
ShuttleReading[] rows = [.. ShuttleReading.ReadCsv(path)];
Console.WriteLine($"{ShuttleProblem.Brief.Name}: {rows.Length:N0} readings, {rows.Count(r => r.IsAnomaly) * 100.0 / rows.Length:0.0}% abnormal (labels used only to evaluate)");

// A seeded 70/30 split; the forest never sees a label.
var random = new Random(42);
var order = Enumerable.Range(0, rows.Length).OrderBy(_ => random.Next()).ToArray();
var cut = (int)(rows.Length * 0.7);
ShuttleReading[] train = [.. order[..cut].Select(i => rows[i])];
ShuttleReading[] holdout = [.. order[cut..].Select(i => rows[i])];

var pipeline = ShuttleReading.Features.Fit(train);
var forest = new IsolationForest(trees: 100, sampleSize: 256, seed: 42).Fit(pipeline.TransformBatch(train));
double[] model = [.. forest.Score(pipeline.TransformBatch(holdout)).Select(s => (double)s)];
double[] baseline = ShuttleProblem.RobustDistance(train, holdout);
bool[] labels = [.. holdout.Select(r => r.IsAnomaly)];

var report = new StringBuilder();
report.AppendLine("# Shuttle anomalies: isolation forest vs robust distance").AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"{holdout.Length:N0} holdout readings, {labels.Count(l => l) * 100.0 / labels.Length:0.0}% abnormal; 95% bootstrap intervals (1,000 resamples, seed 42).").AppendLine();
report.AppendLine("| metric | isolation forest | baseline |").AppendLine("| --- | --- | --- |");
foreach (var k in new[] { 100, 500, 1000, 5000 })
{
    report.AppendLine(CultureInfo.InvariantCulture, $"| Precision@{k} | {Show(Interval(labels, model, k))} | {Show(Interval(labels, baseline, k))} |");
}

report.AppendLine(CultureInfo.InvariantCulture, $"| ROC-AUC | {Metrics.RocAuc(labels, model):0.000} | {Metrics.RocAuc(labels, baseline):0.000} |");
var modelAt1000 = Metrics.PrecisionAtK(labels, model, 1000);
var baselineAt1000 = Metrics.PrecisionAtK(labels, baseline, 1000);
// The brief's kill criteria, checked on the holdout as an experiment run checks them: a random ranking's
// Precision@1000 is the holdout's share of abnormal readings.
var kills = MlAsCode.Experiments.KillCriteriaCheck.Evaluate(ShuttleProblem.Brief.KillConditions,
    new MlAsCode.Experiments.RunEvidence(ShuttleProblem.Brief.PrimaryMetric, modelAt1000, baselineAt1000, labels.Count(l => l) / (double)labels.Length, null, null, null, ShuttleProblem.Brief.Latency));
report.AppendLine();
foreach (var kill in kills)
{
    report.AppendLine(CultureInfo.InvariantCulture, $"- Kill criterion '{kill.Criterion.Text}': {kill.Status.Replace('_', ' ')} — {kill.Evidence}");
}

const double Success = 0.9;   // the brief's success metric: 90% of the first 1,000 flagged readings are abnormal
var fired = kills.Where(k => k.Fired == true).ToList();
var verdict = modelAt1000 >= Success && fired.Count == 0
    ? "meets the success metric and beats the baseline, and no kill criterion fired"
    : fired.Count > 0 ? $"a kill criterion fired ({string.Join("; ", fired.Select(k => k.Criterion.Text))}): keep the heuristic"
    : "misses the success metric (Precision@1000 below 0.9)";
report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Verdict: Precision@1000 {modelAt1000:0.000} against {baselineAt1000:0.000}: {verdict}.");
var reportPath = Path.Combine(output, "report.md");
File.WriteAllText(reportPath, report.ToString());
Console.Write(report);
Console.WriteLine($"report: {Path.GetFullPath(reportPath)}");
return 0;

static MlAsCode.Evaluation.Interval Interval(bool[] labels, double[] scores, int k) =>
    Bootstrap.Estimate(labels.Length, rows => Metrics.PrecisionAtK([.. rows.Select(i => labels[i])], [.. rows.Select(i => scores[i])], k), resamples: 1000, seed: 42);

static string Show(MlAsCode.Evaluation.Interval i) => string.Create(CultureInfo.InvariantCulture, $"{i.Value:0.000} [{i.Lower:0.000}, {i.Upper:0.000}]");
