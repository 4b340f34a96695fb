using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlAsCode.Data;
using MlAsCode.Data.Csv;

namespace MlAsCode.Evaluation;

/// <summary>Which columns of a predictions file hold what.</summary>
public sealed record PredictionColumns
{
    /// <summary>The true label (class or value).</summary>
    public required string Label { get; init; }

    /// <summary>A predicted probability of the positive class (binary) or a predicted value (regression).</summary>
    public string? Score { get; init; }

    /// <summary>A predicted class (binary, multiclass) or value (regression).</summary>
    public string? Predicted { get; init; }

    /// <summary>A column to break the metrics down by.</summary>
    public string? Group { get; init; }

    /// <summary>Binary: the score at or above which a row is predicted positive.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Binary: the positive label, when the labels are not 0/1, false/true or no/yes.</summary>
    public string? Positive { get; init; }

    /// <summary>Protected attribute columns: fairness checks in the HTML report (binary scores).</summary>
    public ImmutableArray<string> Protected { get; init; } = [];

    /// <summary>The feature set's naming contract: a column given as a property or field name finds the header that
    /// names the same field (<c>--group Neighborhood</c> finds <c>neighborhood</c>).</summary>
    public Data.ColumnNames? Names { get; init; }
}

/// <summary>The metrics of one predictions file, overall and per group.</summary>
/// <param name="Task">The task.</param>
/// <param name="Source">The file name.</param>
/// <param name="Rows">Rows evaluated.</param>
/// <param name="Metrics">Metric name (snake_case, as in scikit-learn's reference fixture) → value; null where a metric is
/// undefined for these rows (e.g. ROC-AUC of a group with one class).</param>
/// <param name="Groups">Per group value, its row count and metrics.</param>
public sealed record PredictionEvaluation(
    MlTask Task,
    string Source,
    int Rows,
    ImmutableArray<KeyValuePair<string, double?>> Metrics,
    ImmutableArray<(string Group, int Rows, ImmutableArray<KeyValuePair<string, double?>> Metrics)> Groups)
{
    /// <summary>The file's rows as an evaluation input (the group column as a segment, the protected columns as
    /// fairness slices), for the full report: <c>Reporting.Evaluator.Evaluate(evaluation.Input)</c>.</summary>
    public Reporting.EvaluationInput? Input { get; init; }

    /// <summary>The evaluation as JSON: <c>task</c>, <c>source</c>, <c>rows</c>, every metric at the top level, and
    /// <c>groups</c> (group value → <c>rows</c> and metrics) when a group column was given.</summary>
    public string ToJson()
    {
        var root = new JsonObject
        {
            ["task"] = TaskName(Task),
            ["source"] = Source,
            ["rows"] = Rows,
        };
        foreach (var (name, value) in Metrics)
        {
            root[name] = value;
        }

        if (!Groups.IsDefaultOrEmpty)
        {
            var groups = new JsonObject();
            foreach (var (group, rows, metrics) in Groups)
            {
                var entry = new JsonObject { ["rows"] = rows };
                foreach (var (name, value) in metrics)
                {
                    entry[name] = value;
                }

                groups[group] = entry;
            }

            root["groups"] = groups;
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A plain-text table: one metric per line, then one block per group.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Source}: {Rows} rows, {TaskName(Task)}");
        Write(text, Metrics, "  ");
        foreach (var (group, rows, metrics) in Groups.IsDefault ? [] : Groups)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"group {group} ({rows} rows)");
            Write(text, metrics, "  ");
        }

        return text.ToString();
    }

    internal static string TaskName(MlTask task) => task switch
    {
        MlTask.BinaryClassification => "binary",
        MlTask.MulticlassClassification => "multiclass",
        _ => "regression",
    };

    private static void Write(StringBuilder text, ImmutableArray<KeyValuePair<string, double?>> metrics, string indent)
    {
        foreach (var (name, value) in metrics)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{indent}{name,-18} {(value is { } v ? v.ToString("0.000000", CultureInfo.InvariantCulture) : "n/a (undefined for these rows)")}");
        }
    }
}

/// <summary>
/// Evaluates a CSV of predictions (one row per example: label, score or predicted value, optional group) with the
/// metrics of its task — the numbers <c>mlac evaluate</c> prints. Malformed input is refused with the file, row and
/// column, never turned into a number.
/// </summary>
public static class PredictionFile
{
    private static readonly (string Negative, string Positive)[] KnownBinary = [("0", "1"), ("false", "true"), ("no", "yes")];

    /// <summary>Reads and evaluates the file.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="ArgumentException">Empty file, a missing column, a value that does not fit the task, or one
    /// class only.</exception>
    public static PredictionEvaluation EvaluateCsv(string path, MlTask task, PredictionColumns columns)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(columns);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No predictions file at {path}.", path);
        }

        var name = Path.GetFileName(path);
        using var reader = new StreamReader(path);
        var csv = new CsvReader(reader, name);
        var header = csv.Read() ?? throw new ArgumentException($"{name} is empty: expected a header row naming the label and prediction columns.");
        var rows = new List<CsvRecord>();
        while (csv.Read() is { } record)
        {
            rows.Add(record);
        }

        if (rows.Count == 0)
        {
            throw new ArgumentException($"{name} has a header but no rows to evaluate.");
        }

        return Evaluate(name, header.Fields, rows, task, columns);
    }

    private static PredictionEvaluation Evaluate(string name, IReadOnlyList<string> header, List<CsvRecord> rows, MlTask task, PredictionColumns columns)
    {
        if (task is not (MlTask.BinaryClassification or MlTask.MulticlassClassification or MlTask.Regression))
        {
            throw new ArgumentException($"Predictions can be evaluated for binary, multiclass or regression tasks, not {task}.");
        }

        if ((columns.Score is null) == (columns.Predicted is null))
        {
            throw new ArgumentException("Give exactly one of a score column (probabilities or values) and a predicted column (classes or values).");
        }

        if (task == MlTask.MulticlassClassification && columns.Score is not null)
        {
            throw new ArgumentException("A multiclass evaluation reads predicted classes: use a predicted column, not a score column.");
        }

        int Index(string column, string role)
        {
            var index = header.ToList().FindIndex(h => string.Equals(h.Trim(), column, StringComparison.OrdinalIgnoreCase));
            if (index < 0 && columns.Names is { } names)
            {
                index = header.ToList().FindIndex(h => string.Equals(names.Map(h.Trim()), names.Map(column), StringComparison.Ordinal));
            }

            return index >= 0 ? index : throw new ArgumentException($"{name} has no {role} column '{column}'; its columns are {string.Join(", ", header)}.");
        }

        var labelIndex = Index(columns.Label, "label");
        var predictionName = columns.Score ?? columns.Predicted!;
        var predictionIndex = Index(predictionName, columns.Score is null ? "predicted" : "score");
        var groupIndex = columns.Group is { } g ? Index(g, "group") : -1;

        string Cell(CsvRecord row, int index, string column)
        {
            var value = index < row.Fields.Count ? row.Fields[index].Trim() : "";
            return value.Length > 0 ? value : throw new ArgumentException($"{name}, line {row.Line}, column {column}: the value is missing.");
        }

        var labels = rows.Select(r => Cell(r, labelIndex, header[labelIndex])).ToArray();
        var predictions = rows.Select(r => Cell(r, predictionIndex, header[predictionIndex])).ToArray();
        var groups = groupIndex >= 0 ? rows.Select(r => Cell(r, groupIndex, header[groupIndex])).ToArray() : null;
        var slices = columns.Protected.Select(c => Index(c, "protected")).ToDictionary(
            i => header[i].Trim(), i => (IReadOnlyList<string>)[.. rows.Select(r => Cell(r, i, header[i]))], StringComparer.Ordinal);

        var input = new Reporting.EvaluationInput
        {
            Title = $"{name}: {header[predictionIndex]} against {header[labelIndex]}",
            Task = task,
            PrimaryMetric = task switch
            {
                MlTask.BinaryClassification => columns.Score is null ? Metric.F1 : Metric.PrAuc,
                MlTask.MulticlassClassification => Metric.MacroF1,
                _ => Metric.Mae,
            },
            Threshold = columns.Threshold,
            Segments = groups is null ? ImmutableDictionary<string, IReadOnlyList<string>>.Empty
                : new Dictionary<string, IReadOnlyList<string>> { [header[groupIndex].Trim()] = groups },
            Protected = slices,
            // Classes given as 0/1 are not probabilities: nothing to calibrate.
            CheckCalibration = columns.Score is not null,
        };
        Func<int[], ImmutableArray<KeyValuePair<string, double?>>> score;
        switch (task)
        {
            case MlTask.BinaryClassification:
                score = BinaryScorer(name, rows, header[labelIndex], header[predictionIndex], labels, predictions, columns, out var truth, out var scored);
                input = input with { Labels = truth, Scores = scored };
                break;
            case MlTask.MulticlassClassification:
                score = MulticlassScorer(labels, predictions);
                input = input with { ActualClasses = labels, PredictedClasses = predictions };
                break;
            default:
                score = RegressionScorer(name, rows, header[labelIndex], header[predictionIndex], labels, predictions, out var actual, out var values);
                input = input with { Actual = actual, Scores = values };
                break;
        }

        var all = Enumerable.Range(0, rows.Count).ToArray();
        var overall = score(all);
        ImmutableArray<(string, int, ImmutableArray<KeyValuePair<string, double?>>)> byGroup = groups is null ? [] :
        [
            .. all.GroupBy(i => groups[i], StringComparer.Ordinal).OrderBy(x => x.Key, StringComparer.Ordinal)
                .Select(x => (x.Key, x.Count(), score([.. x]))),
        ];
        return new PredictionEvaluation(task, name, rows.Count, overall, byGroup) { Input = input };
    }

    private static Func<int[], ImmutableArray<KeyValuePair<string, double?>>> BinaryScorer(
        string name, List<CsvRecord> rows, string labelColumn, string predictionColumn, string[] labels, string[] predictions, PredictionColumns columns,
        out bool[] labelled, out double[] scored)
    {
        var distinct = labels.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (distinct.Count > 2)
        {
            throw new ArgumentException($"{name}, column {labelColumn}: a binary label has two values, but there are {distinct.Count} ({string.Join(", ", distinct.Take(5))}{(distinct.Count > 5 ? ", …" : "")}); use --task multiclass.");
        }

        var positive = columns.Positive
            ?? KnownBinary.Where(k => distinct.All(d => d.Equals(k.Negative, StringComparison.OrdinalIgnoreCase) || d.Equals(k.Positive, StringComparison.OrdinalIgnoreCase)))
                .Select(k => k.Positive).FirstOrDefault()
            ?? throw new ArgumentException($"{name}, column {labelColumn}: cannot tell the positive class of {string.Join(" / ", distinct)}; name it with --positive.");
        if (distinct.Count < 2)
        {
            throw new ArgumentException($"{name}, column {labelColumn}: every label is '{distinct[0]}'; binary metrics need both classes.");
        }

        if (!distinct.Any(d => d.Equals(positive, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"{name}, column {labelColumn}: the positive class '{positive}' does not occur; the labels are {string.Join(" / ", distinct)}.");
        }

        var truth = labels.Select(l => l.Equals(positive, StringComparison.OrdinalIgnoreCase)).ToArray();
        labelled = truth;
        if (columns.Predicted is not null)
        {
            var unknown = Array.FindIndex(predictions, p => !distinct.Any(d => d.Equals(p, StringComparison.OrdinalIgnoreCase)) && !p.Equals(positive, StringComparison.OrdinalIgnoreCase));
            if (unknown >= 0)
            {
                throw new ArgumentException($"{name}, line {rows[unknown].Line}, column {predictionColumn}: '{predictions[unknown]}' is not one of the labels ({string.Join(" / ", distinct)}).");
            }

            var predicted = predictions.Select(p => p.Equals(positive, StringComparison.OrdinalIgnoreCase) ? 1.0 : 0.0).ToArray();
            scored = predicted;
            return rows => ThresholdMetrics(Metrics.Confusion(Pick(truth, rows), Pick(predicted, rows), 0.5));
        }

        var scores = Numbers(name, rows, predictionColumn, predictions);
        scored = scores;
        var outside = Array.FindIndex(scores, s => s is < 0 or > 1);
        if (outside >= 0)
        {
            throw new ArgumentException($"{name}, line {rows[outside].Line}, column {predictionColumn}: {predictions[outside]} is not a probability; a binary score column holds the positive class's probability in [0, 1].");
        }

        return rows =>
        {
            var y = Pick(truth, rows);
            var s = Pick(scores, rows);
            var bothClasses = y.Contains(true) && y.Contains(false);
            return
            [
                new("roc_auc", bothClasses ? Metrics.RocAuc(y, s) : null),
                new("pr_auc", y.Contains(true) ? Metrics.AveragePrecision(y, s) : null),
                .. ThresholdMetrics(Metrics.Confusion(y, s, columns.Threshold)),
                new("brier", Metrics.Brier(y, s)),
                new("log_loss", Metrics.LogLoss(y, s)),
            ];
        };
    }

    private static ImmutableArray<KeyValuePair<string, double?>> ThresholdMetrics(BinaryCounts c) =>
    [
        new("f1", c.F1), new("precision", c.Precision), new("recall", c.Recall), new("accuracy", c.Accuracy),
        new("balanced_accuracy", c.BalancedAccuracy), new("mcc", c.Mcc),
    ];

    private static Func<int[], ImmutableArray<KeyValuePair<string, double?>>> MulticlassScorer(string[] labels, string[] predictions)
    {
        if (labels.Distinct(StringComparer.Ordinal).Count() < 2)
        {
            throw new ArgumentException($"Every label is '{labels[0]}'; multiclass metrics need at least two classes.");
        }

        return rows =>
        {
            var m = Metrics.Multiclass(Pick(labels, rows), Pick(predictions, rows));
            return [new("macro_f1", m.MacroF1), new("micro_f1", m.MicroF1), new("weighted_f1", m.WeightedF1), new("accuracy", m.Accuracy), new("cohen_kappa", m.CohenKappa)];
        };
    }

    private static Func<int[], ImmutableArray<KeyValuePair<string, double?>>> RegressionScorer(
        string name, List<CsvRecord> rows, string labelColumn, string predictionColumn, string[] labels, string[] predictions,
        out double[] actualValues, out double[] predictedValues)
    {
        var actual = actualValues = Numbers(name, rows, labelColumn, labels);
        var predicted = predictedValues = Numbers(name, rows, predictionColumn, predictions);
        return rows =>
        {
            var r = Metrics.Regression(Pick(actual, rows), Pick(predicted, rows));
            return [new("mae", r.Mae), new("rmse", r.Rmse), new("r2", r.R2), new("mape", r.Mape), new("median_ae", r.MedianAbsoluteError)];
        };
    }

    private static double[] Numbers(string name, List<CsvRecord> rows, string column, string[] cells)
    {
        var values = new double[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            if (!double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}, line {rows[i].Line}, column {column}: '{cells[i]}' is not a finite number.");
            }
        }

        return values;
    }

    private static T[] Pick<T>(T[] values, int[] rows) => rows.Length == values.Length ? values : [.. rows.Select(i => values[i])];
}
