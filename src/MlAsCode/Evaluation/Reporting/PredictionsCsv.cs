using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace MlAsCode.Evaluation.Reporting;

/// <summary>
/// Writes an evaluation's rows as the predictions file <c>mlac evaluate</c> reads (<see cref="PredictionFile"/>): the
/// label column, then <c>probability</c> (binary), <c>predicted</c> (multiclass) or <c>prediction</c> (regression), then
/// every protected attribute and segment column (snake_case, as data columns are named), one row per holdout row in the holdout's order. An experiment writes
/// it as <c>predictions.csv</c> so its numbers can be recomputed, sliced by another column, or analysed elsewhere.
/// </summary>
public static class PredictionsCsv
{
    /// <summary>The CSV text.</summary>
    /// <param name="input">The evaluation's input (labels, scores or classes, slices).</param>
    /// <param name="labelColumn">The label column's name (the target's column, e.g. <c>churn</c>); binary labels are
    /// written 1/0.</param>
    /// <exception cref="ArgumentException">The input has no labels for its task, or a slice's length differs from the
    /// rows'.</exception>
    public static string Write(EvaluationInput input, string labelColumn)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(labelColumn);
        var columns = new List<(string Name, Func<int, string> Value)>();
        int rows;
        switch (input.Task)
        {
            case MlTask.BinaryClassification or MlTask.AnomalyDetection when input.Labels is { } labels && input.Scores is { } scores:
                rows = labels.Count;
                columns.Add((labelColumn, i => labels[i] ? "1" : "0"));
                columns.Add(("probability", i => Number(scores[i])));
                break;
            case MlTask.MulticlassClassification when input.ActualClasses is { } actual && input.PredictedClasses is { } predicted:
                rows = actual.Count;
                columns.Add((labelColumn, i => actual[i]));
                columns.Add(("predicted", i => predicted[i]));
                break;
            case MlTask.Regression when input.Actual is { } values && input.Scores is { } predictions:
                rows = values.Count;
                columns.Add((labelColumn, i => Number(values[i])));
                columns.Add(("prediction", i => Number(predictions[i])));
                break;
            default:
                throw new ArgumentException($"The evaluation of {input.Title} has no labels and predictions for its task {input.Task}.", nameof(input));
        }

        // Slices by their column names in the data (a segment declared by its property, Contract, is written contract).
        foreach (var (slice, values) in input.Protected.Concat(input.Segments))
        {
            var name = Common.SnakeCase.From(slice);
            if (columns.Any(c => c.Name == name))
            {
                continue;
            }

            if (values.Count != rows)
            {
                throw new ArgumentException($"Slice {name} has {values.Count} values for {rows} rows.", nameof(input));
            }

            columns.Add((name, i => values[i]));
        }

        var text = new StringBuilder();
        text.AppendJoin(',', columns.Select(c => Field(c.Name))).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            text.AppendJoin(',', columns.Select(c => Field(c.Value(i)))).Append('\n');
        }

        return text.ToString();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
