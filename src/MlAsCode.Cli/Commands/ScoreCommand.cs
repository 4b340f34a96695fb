using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlAsCode.Cli.Scoring;
using MlAsCode.Rubric;
using Spectre.Console;

namespace MlAsCode.Cli.Commands;

/// <summary><c>mlac score</c>: the methodology's Phase 11 rubric for a project, from its declarations, stores and documents.</summary>
internal static class ScoreCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var project = new Argument<string>("PROJECT_OR_ASSEMBLY") { Description = "The project's folder or .csproj (its C# files are read; no build needed), or a built assembly (.dll; its attributes are read as metadata, nothing runs)." };
        var tracking = new Option<string?>("--tracking") { Description = "The tracking store (default: PROJECT/.mlac/tracking.db when it exists)." };
        var registry = new Option<string?>("--registry") { Description = "The model registry (default: PROJECT/.mlac/registry.db when it exists)." };
        var model = new Option<string?>("--model") { Description = "The model's name in the registry (default: the [MlProblem] name)." };
        var minimum = new Option<double>("--minimum") { Description = "Exit code 1 below this total (the methodology: 80 is production-grade).", DefaultValueFactory = _ => 60 };
        var json = new Option<bool>("--json") { Description = "Print JSON: total, band, sources, dimensions (dimension, weight, points, reasons, to_raise)." };
        var command = new Command("score",
            "Scores a project on the methodology's Phase 11 rubric (0-100): every dimension's points, the evidence, and what would raise it — from its declarations, "
            + "its tracking store's runs, its registry and its documents (model card, runbook, decision log). Exit code 1 below --minimum.\n"
            + "Example: mlac score samples/Churn --tracking out/churn/.mlac/tracking.db --registry out/churn/.mlac/registry.db")
        {
            project, tracking, registry, model, minimum, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                var (evidence, sources) = EvidenceCollector.CollectAsync(parse.GetValue(project)!, parse.GetValue(tracking), parse.GetValue(registry), parse.GetValue(model)).GetAwaiter().GetResult();
                var report = SystemScorer.Score(evidence);
                if (parse.GetValue(json))
                {
                    output.WriteLine(new JsonObject
                    {
                        ["total"] = Math.Round(report.Total, 2),
                        ["band"] = report.Band.ToString(),
                        ["sources"] = new JsonArray([.. sources.Select(s => (JsonNode?)s)]),
                        ["dimensions"] = new JsonArray([.. report.Dimensions.Select(d => (JsonNode?)new JsonObject
                        {
                            ["dimension"] = d.Definition.Dimension.ToString(),
                            ["weight"] = d.Definition.WeightPercent,
                            ["points"] = d.Score?.Points,
                            ["reasons"] = new JsonArray([.. (d.Score?.Reasons ?? []).Select(r => (JsonNode?)r)]),
                            ["to_raise"] = new JsonArray([.. (d.Score?.ToRaise ?? []).Select(r => (JsonNode?)r)]),
                        })]),
                    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                }
                else if (Terminal.IsInteractive(output))
                {
                    var console = Terminal.Rich(output);
                    foreach (var source in sources)
                    {
                        console.MarkupLine("[grey]" + Markup.Escape(source) + "[/]");
                    }

                    var table = new Table().Title(Markup.Escape(FormattableString.Invariant($"ML system quality: {report.Total:0.#}/100 ({QualityRubric.Describe(report.Band)})")))
                        .AddColumn("dimension").AddColumn(new TableColumn("weight").RightAligned()).AddColumn(new TableColumn("points").RightAligned())
                        .AddColumn("evidence").AddColumn("to raise it");
                    foreach (var d in report.Dimensions)
                    {
                        table.AddRow(Markup.Escape(d.Definition.Title), $"{d.Definition.WeightPercent}%", d.Score is { } s ? $"{s.Points}/5" : "-",
                            Markup.Escape(string.Join("\n", d.Score?.Reasons ?? [])), Markup.Escape(string.Join("\n", d.Score?.ToRaise ?? [])));
                    }

                    console.Write(table);
                }
                else
                {
                    foreach (var source in sources)
                    {
                        output.WriteLine("# " + source);
                    }

                    output.Write(report.ToString());
                }

                return report.Total < parse.GetValue(minimum) ? MlacApp.Findings : MlacApp.Ok;
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException or InvalidOperationException or System.Data.Common.DbException)
            {
                error.WriteLine($"mlac score: {e.Message}");
                return MlacApp.UsageError;
            }
        });
        return command;
    }
}
