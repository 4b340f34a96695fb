using System;
using System.CommandLine;
using Spectre.Console;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlAsCode.Experiments;

namespace MlAsCode.Cli.Commands;

/// <summary><c>mlac select-model</c>: the methodology's Phase 3 model selection guide, with reasons from the data's size.</summary>
internal static class SelectModelCommand
{
    private static readonly (string Name, MlTask Task)[] Tasks =
    [
        ("binary-classification", MlTask.BinaryClassification), ("multiclass-classification", MlTask.MulticlassClassification),
        ("classification", MlTask.BinaryClassification), ("regression", MlTask.Regression), ("forecasting", MlTask.Regression),
        ("ranking", MlTask.Ranking), ("search", MlTask.Ranking), ("generation", MlTask.Generation), ("clustering", MlTask.Clustering),
        ("anomaly-detection", MlTask.AnomalyDetection), ("recommendation", MlTask.Recommendation),
    ];

    private static readonly (string Name, DataModality Modality)[] Modalities =
        [("tabular", DataModality.Tabular), ("image", DataModality.Image), ("text", DataModality.Text), ("time-series", DataModality.TimeSeries)];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var task = new Option<string>("--task") { Description = "The task: " + string.Join(", ", Tasks.Select(t => t.Name)) + ".", Required = true };
        var rows = new Option<long>("--rows") { Description = "Labeled examples (rows, images, documents, time steps).", Required = true };
        var data = new Option<string>("--data") { Description = "What the data is: tabular, image, text or time-series (forecasting implies time-series).", DefaultValueFactory = _ => "tabular" };
        var users = new Option<long?>("--users") { Description = "Recommendation: distinct users." };
        var labeled = new Option<bool>("--labeled-anomalies") { Description = "Anomaly detection: anomalies are labeled." };
        var json = new Option<bool>("--json") { Description = "Print JSON: row, start_with, scale_to, avoid, family, in_mlascode, reasons, warnings." };
        var command = new Command("select-model",
            "The methodology's model selection guide: what to start with, what to scale to, what to avoid, and why. Exit code 1 when the data's size argues against the plan (the warnings).\n"
            + "Example: mlac select-model --task binary-classification --rows 7043")
        {
            task, rows, data, users, labeled, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                var taskName = parse.GetValue(task)!.Trim().ToLowerInvariant();
                var chosen = Tasks.FirstOrDefault(t => t.Name == taskName);
                if (chosen.Name is null)
                {
                    throw new ArgumentException($"Unknown --task '{taskName}'; expected one of {string.Join(", ", Tasks.Select(t => t.Name))}.");
                }

                var dataName = parse.GetValue(data)!.Trim().ToLowerInvariant();
                var modality = Modalities.FirstOrDefault(m => m.Name == dataName);
                if (modality.Name is null)
                {
                    throw new ArgumentException($"Unknown --data '{dataName}'; expected tabular, image, text or time-series.");
                }

                if (parse.GetValue(rows) < 0)
                {
                    throw new ArgumentException("--rows must not be negative.");
                }

                var kind = taskName == "forecasting" ? DataModality.TimeSeries : modality.Modality;
                var advice = ModelSelectionGuide.Recommend(chosen.Task, parse.GetValue(rows), kind, parse.GetValue(users), parse.GetValue(labeled));
                if (parse.GetValue(json))
                {
                    output.WriteLine(new JsonObject
                    {
                        ["row"] = advice.Row,
                        ["start_with"] = advice.StartWith,
                        ["scale_to"] = advice.ScaleTo,
                        ["avoid"] = advice.Avoid,
                        ["family"] = advice.Family?.ToString(),
                        ["in_mlascode"] = advice.InMlAsCode,
                        ["reasons"] = new JsonArray([.. advice.Reasons.Select(r => (JsonNode?)r)]),
                        ["warnings"] = new JsonArray([.. advice.Warnings.Select(w => (JsonNode?)w)]),
                    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                }
                else if (Terminal.IsInteractive(output))
                {
                    var table = new Spectre.Console.Table().Title(Spectre.Console.Markup.Escape(advice.Row)).HideHeaders().AddColumn("").AddColumn("");
                    table.AddRow("start with", Spectre.Console.Markup.Escape(advice.StartWith));
                    table.AddRow("scale to", Spectre.Console.Markup.Escape(advice.ScaleTo));
                    table.AddRow("avoid", Spectre.Console.Markup.Escape(advice.Avoid));
                    table.AddRow("in MlAsCode", Spectre.Console.Markup.Escape(advice.InMlAsCode));
                    table.AddRow("why", Spectre.Console.Markup.Escape(string.Join("\n", advice.Reasons)));
                    if (!advice.Warnings.IsEmpty)
                    {
                        table.AddRow("[yellow]warnings[/]", Spectre.Console.Markup.Escape(string.Join("\n", advice.Warnings)));
                    }

                    Terminal.Rich(output).Write(table);
                }
                else
                {
                    output.WriteLine($"{advice.Row}");
                    output.WriteLine($"  start with : {advice.StartWith}");
                    output.WriteLine($"  scale to   : {advice.ScaleTo}");
                    output.WriteLine($"  avoid      : {advice.Avoid}");
                    output.WriteLine($"  in MlAsCode: {advice.InMlAsCode}");
                    foreach (var reason in advice.Reasons)
                    {
                        output.WriteLine($"  - {reason}");
                    }

                    foreach (var warning in advice.Warnings)
                    {
                        output.WriteLine($"  ! {warning}");
                    }
                }

                return advice.Warnings.IsEmpty ? MlacApp.Ok : MlacApp.Findings;
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"mlac select-model: {e.Message}");
                return MlacApp.UsageError;
            }
        });
        return command;
    }
}
