using System;
using System.CommandLine;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlAsCode.ModelCards;

namespace MlAsCode.Cli.Commands;

/// <summary><c>mlac model-card</c>: completes an experiment's model card (the methodology's Phase 9 template) and checks it.</summary>
internal static class ModelCardCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var source = new Argument<string>("CARD") { Description = "An experiment's output folder or its model_card.yaml." };
        var folder = new Option<DirectoryInfo?>("--out") { Description = "Folder for the completed model_card.md and model_card.yaml (default: the current folder)." };
        var force = new Option<bool>("--force") { Description = "Overwrite the card it reads (its SHA-256 is recorded with the experiment's artifacts)." };
        var owner = new Option<string?>("--owner") { Description = "The owning team or person." };
        var contact = new Option<string?>("--contact") { Description = "Who to contact about the model." };
        var date = new Option<string?>("--date") { Description = "The card's date (yyyy-MM-dd)." };
        var version = new Option<string?>("--version") { Description = "The model version (default: the experiment id)." };
        var outOfScope = new Option<string[]>("--out-of-scope") { Description = "A use the model is not for (repeat)." };
        var dateRange = new Option<string?>("--training-date-range") { Description = "The period the training data covers." };
        var retraining = new Option<string?>("--retraining-schedule") { Description = "How often and on what trigger the model is retrained." };
        var monitoring = new Option<string?>("--monitoring") { Description = "What is monitored and where." };
        var json = new Option<bool>("--json") { Description = "Print JSON: model_name, version, missing, files." };
        var command = new Command("model-card",
            "Completes an experiment's model card with the parts a person knows (owner, contact, out-of-scope uses, maintenance) and writes it as Markdown and YAML. "
            + "Exit code 1 while template fields are still empty.\n"
            + "Example: mlac model-card out/churn/experiments/lightgbm --owner \"Retention team\" --contact retention@example.com --date 2026-11-26 "
            + "--out-of-scope \"Credit decisions\" --training-date-range \"2024-2025\" --retraining-schedule \"Monthly, or on PSI > 0.25\" --monitoring \"/monitoring, drift and latency\" --out out/churn/card")
        {
            source, folder, force, owner, contact, date, version, outOfScope, dateRange, retraining, monitoring, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                var given = parse.GetValue(source)!;
                var path = Directory.Exists(given) ? Path.Combine(given, "model_card.yaml") : given;
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException(Directory.Exists(given)
                        ? $"{Path.GetFullPath(given)} has no model_card.yaml: is it an experiment's output folder (RunOptions.OutputDirectory), run with the standard documents (the generated RunAsync with MlAsCode.Operations referenced, or Documents = RunDocuments.Standard())?"
                        : $"No model card at {Path.GetFullPath(given)}.");
                }

                if (parse.GetValue(date) is { } d && !DateOnly.TryParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
                {
                    throw new ArgumentException($"--date '{d}' is not a date in yyyy-MM-dd form.");
                }

                var card = ModelCardYaml.Read(File.ReadAllText(path), path);
                card = card with
                {
                    Owner = parse.GetValue(owner) ?? card.Owner,
                    Contact = parse.GetValue(contact) ?? card.Contact,
                    Date = parse.GetValue(date) ?? card.Date,
                    Version = parse.GetValue(version) ?? card.Version,
                    OutOfScopeUses = parse.GetValue(outOfScope) is { Length: > 0 } uses ? [.. uses] : card.OutOfScopeUses,
                    TrainingDateRange = parse.GetValue(dateRange) ?? card.TrainingDateRange,
                    RetrainingSchedule = parse.GetValue(retraining) ?? card.RetrainingSchedule,
                    Monitoring = parse.GetValue(monitoring) ?? card.Monitoring,
                };
                var target = parse.GetValue(folder)?.FullName ?? Directory.GetCurrentDirectory();
                var yamlPath = Path.Combine(target, "model_card.yaml");
                var markdownPath = Path.Combine(target, "model_card.md");
                if (string.Equals(Path.GetFullPath(yamlPath), Path.GetFullPath(path), OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase) && !parse.GetValue(force))
                {
                    throw new ArgumentException($"Writing to {target} would replace the card being read, whose SHA-256 the experiment recorded; give --out another folder or pass --force.");
                }

                Directory.CreateDirectory(target);
                File.WriteAllText(yamlPath, card.ToYaml());
                File.WriteAllText(markdownPath, card.ToMarkdown());
                var missing = ModelCardYaml.Missing(card);
                if (parse.GetValue(json))
                {
                    output.WriteLine(new JsonObject
                    {
                        ["model_name"] = card.ModelName,
                        ["version"] = card.Version,
                        ["missing"] = new JsonArray([.. missing.Select(m => (JsonNode?)m)]),
                        ["files"] = new JsonArray(markdownPath, yamlPath),
                    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                }
                else
                {
                    output.WriteLine($"{card.ModelName} {card.Version}: wrote {markdownPath} and {yamlPath}");
                    output.WriteLine(missing.IsEmpty ? "every template field is filled in" : "still empty: " + string.Join(", ", missing));
                }

                return missing.IsEmpty ? MlacApp.Ok : MlacApp.Findings;
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                error.WriteLine($"mlac model-card: {e.Message}");
                return MlacApp.UsageError;
            }
        });
        return command;
    }
}
