using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using MlAsCode.Data;
using MlAsCode.Evaluation;
using MlAsCode.Evaluation.Reporting;

namespace MlAsCode.Cli.Commands;

/// <summary><c>mlac evaluate PREDICTIONS.csv --task … --label COL (--score COL | --predicted COL)</c>: every metric of
/// the task (the methodology's Phase 4 table), overall and per group.</summary>
internal static class EvaluateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("predictions") { Description = "A CSV with one row per example: the label, a score or predicted value, and optionally a group." };
        var task = new Option<string>("--task") { Description = "binary, multiclass or regression.", Required = true };
        task.AcceptOnlyFromAmong("binary", "multiclass", "regression");
        var label = new Option<string>("--label") { Description = "The true label column.", Required = true };
        var score = new Option<string?>("--score") { Description = "The score column: the positive class's probability (binary) or the predicted value (regression)." };
        var predicted = new Option<string?>("--predicted") { Description = "The predicted class (binary, multiclass) or value (regression) column." };
        var group = new Option<string?>("--group") { Description = "Break every metric down by this column (e.g. a protected attribute or a segment)." };
        var threshold = new Option<double>("--threshold") { Description = "Binary: a score at or above this is a positive prediction.", DefaultValueFactory = _ => 0.5 };
        var positive = new Option<string?>("--positive") { Description = "Binary: the positive label when the labels are not 0/1, false/true or no/yes." };
        var json = new Option<bool>("--json") { Description = "Print JSON: snake_case metric keys (roc_auc, pr_auc, f1, …) and per group under 'groups'." };
        var protectedColumns = new Option<string[]>("--protected")
        {
            Description = "A protected attribute column (repeatable): fairness checks in the --report (binary scores).",
            AllowMultipleArgumentsPerToken = false,
        };
        var report = new Option<FileInfo?>("--report")
        {
            Description = "Also write the full evaluation as a self-contained HTML report (plots, intervals, calibration, fairness, worst rows) to this file, with its numbers as JSON beside it (.json).",
        };

        var features = FeatureSetOption.Create();
        var command = new Command("evaluate",
            "Compute every metric for the task from a predictions file (exit 2 on malformed input).\n"
            + "Example: mlac evaluate out/churn/experiments/lightgbm/predictions.csv --task binary --label churn --score probability --group senior_citizen --protected female --report out/churn/holdout_report.html")
        {
            file, task, label, score, predicted, group, threshold, positive, json, protectedColumns, report, features,
        };

        command.SetAction(parse =>
        {
            try
            {
                var evaluation = PredictionFile.EvaluateCsv(parse.GetValue(file)!.FullName, parse.GetValue(task) switch
                {
                    "binary" => MlTask.BinaryClassification,
                    "multiclass" => MlTask.MulticlassClassification,
                    _ => MlTask.Regression,
                }, new PredictionColumns
                {
                    Label = parse.GetValue(label)!,
                    Score = parse.GetValue(score),
                    Predicted = parse.GetValue(predicted),
                    Group = parse.GetValue(group),
                    Names = FeatureSetOption.Read(parse.GetValue(features)),
                    Threshold = parse.GetValue(threshold),
                    Positive = parse.GetValue(positive),
                    Protected = [.. parse.GetValue(protectedColumns) ?? []],
                });
                if (parse.GetValue(json))
                {
                    output.WriteLine(evaluation.ToJson());
                }
                else if (Terminal.IsInteractive(output))
                {
                    // One column for all rows, then one per group.
                    var groups = evaluation.Groups.IsDefault ? [] : evaluation.Groups;
                    Terminal.Table(output, $"{evaluation.Source}: {evaluation.Rows} rows, {parse.GetValue(task)}",
                        ["metric", $"all ({evaluation.Rows})", .. groups.Select(g => $"{g.Group} ({g.Rows})")],
                        evaluation.Metrics.Select(m => (IReadOnlyList<string>)[m.Key, Cell(m.Value),
                            .. groups.Select(g => Cell(g.Metrics.FirstOrDefault(x => x.Key == m.Key).Value))]),
                        numeric: i => i > 0);
                }
                else
                {
                    output.Write(evaluation.ToText());
                }

                if (parse.GetValue(report) is { } html)
                {
                    var full = Evaluator.Evaluate(evaluation.Input!);
                    Directory.CreateDirectory(html.DirectoryName ?? ".");
                    File.WriteAllText(html.FullName, HtmlReport.Write(full));
                    var numbers = Path.ChangeExtension(html.FullName, ".json");
                    File.WriteAllText(numbers, EvaluationJson.Write(full));
                    // The summary goes to stderr when stdout carries JSON, so the JSON stays parseable.
                    var summary = parse.GetValue(json) ? error : output;
                    summary.WriteLine(full.ToSummary());
                    summary.WriteLine($"report: {html.FullName}");
                    summary.WriteLine($"numbers: {numbers}");
                }

                return MlacApp.Ok;
            }
            catch (Exception e) when (e is FileNotFoundException or DataFormatException or ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                error.WriteLine($"mlac evaluate: {e.Message}");
                return MlacApp.UsageError;
            }
        });
        return command;
    }

    private static string Cell(double? value) => value is { } v ? v.ToString("0.000000", CultureInfo.InvariantCulture) : "n/a";
}
