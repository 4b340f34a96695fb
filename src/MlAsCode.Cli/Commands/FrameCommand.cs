using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlAsCode.Framing;

namespace MlAsCode.Cli.Commands;

/// <summary><c>mlac frame</c>: scaffolds a Phase 1 problem brief as a C# file, with the ML-vs-rules questions.</summary>
internal static class FrameCommand
{
    public static Command Create(TextWriter output, TextWriter error, TextReader input)
    {
        var name = new Argument<string>("NAME") { Description = "The problem's name, e.g. churn." };
        var file = new Option<FileInfo?>("--out") { Description = "The C# file to write (default: {Class}.cs in the current folder)." };
        var force = new Option<bool>("--force") { Description = "Overwrite the file when it exists." };
        var className = new Option<string?>("--class") { Description = "The C# class (default: the name in PascalCase + Problem)." };
        var ns = new Option<string?>("--namespace") { Description = "The C# namespace." };
        var objective = new Option<string?>("--objective") { Description = "Business objective: what business metric improves?" };
        var success = new Option<string?>("--success-metric") { Description = "Quantified target, e.g. \"Reduce churn 15% within two quarters\"." };
        var task = new Option<string?>("--task") { Description = "ML task: " + Names<MlTask>() + "." };
        var target = new Option<string?>("--target") { Description = "What exactly is predicted." };
        var consumer = new Option<string?>("--consumer") { Description = "Who uses the prediction: " + Names<PredictionConsumer>() + "." };
        var latency = new Option<string?>("--latency") { Description = "Latency class: " + Names<LatencyClass>() + "." };
        var metric = new Option<string?>("--metric") { Description = "Primary metric, e.g. pr-auc, f1, rmse, ndcg-at-k." };
        var baseline = new Option<string?>("--baseline") { Description = "Current performance without ML: the heuristic." };
        var baselineValue = new Option<double?>("--baseline-value") { Description = "The baseline's value on --metric." };
        var kill = new Option<string[]>("--kill") { Description = "A kill criterion (repeat; default: the methodology's three).", AllowMultipleArgumentsPerToken = false };
        var available = new Option<string?>("--data-available") { Description = "What data exists today." };
        var gaps = new Option<string?>("--data-gaps") { Description = "What is missing." };
        var ethics = new Option<string?>("--ethics") { Description = "Ethical considerations: bias risks, fairness, privacy." };
        var protectedColumns = new Option<string[]>("--protected") { Description = "A protected attribute column (repeat)." };
        var roi = new Option<string?>("--roi") { Description = "ROI estimate." };
        var explainable = new Option<bool?>("--explainable-in-rules") { Description = "ML vs rules: the logic is explainable in <10 rules (true/false)." };
        var complex = new Option<bool?>("--too-complex-for-humans") { Description = "ML vs rules: the pattern is too complex for humans." };
        var labeled = new Option<long?>("--labeled-examples") { Description = "ML vs rules: labeled examples available." };
        var adapt = new Option<bool?>("--must-adapt") { Description = "ML vs rules: it must adapt to new patterns." };
        var auditable = new Option<bool?>("--must-be-auditable") { Description = "ML vs rules: every decision must be 100% auditable/deterministic." };
        var faster = new Option<bool?>("--changes-faster-than-rules") { Description = "ML vs rules: the pattern changes faster than rules can be updated." };
        var json = new Option<bool>("--json") { Description = "Print JSON: file, class, missing, decision (recommendation, for_ml, for_rules, signals)." };
        var interactive = new Option<bool>("--interactive") { Description = "Ask on the terminal for every field and ML-vs-rules answer not given as a flag (an empty answer skips it)." };
        var command = new Command("frame",
            "Scaffolds a problem brief ([MlProblem], [Baseline], [KillCriterion]) as a C# file; answers the methodology's ML-vs-rules questions in a comment. "
            + "Exit code 1 when brief fields are still missing or the answers favour rules.\n"
            + "Example: mlac frame churn --objective \"Cut monthly churn\" --success-metric \"Reduce churn 15% in two quarters\" --task binary-classification "
            + "--target \"Cancels within 30 days\" --consumer api --latency real-time --metric pr-auc --baseline \"Month-to-month and tenure < 6\" "
            + "--baseline-value 0.41 --labeled-examples 7043 --must-adapt true --out ChurnProblem.cs")
        {
            name, file, force, className, ns, objective, success, task, target, consumer, latency, metric, baseline, baselineValue, kill,
            available, gaps, ethics, protectedColumns, roi, explainable, complex, labeled, adapt, auditable, faster, json, interactive,
        };
        command.SetAction(parse =>
        {
            try
            {
                var ask = parse.GetValue(interactive);
                string? Ask(string? given, string question)
                {
                    if (!string.IsNullOrWhiteSpace(given) || !ask)
                    {
                        return given;
                    }

                    output.Write(question + ": ");
                    output.Flush();
                    var answer = input.ReadLine()?.Trim();
                    return string.IsNullOrEmpty(answer) ? null : answer;
                }

                bool? AskYesNo(bool? given, string question)
                {
                    while (true)
                    {
                        var answer = Ask(given is null ? null : given.Value ? "y" : "n", question + " (y/n, empty to skip)")?.ToLowerInvariant();
                        switch (answer)
                        {
                            case null:
                                return null;
                            case "y" or "yes" or "true":
                                return true;
                            case "n" or "no" or "false":
                                return false;
                            default:
                                output.WriteLine("  answer y or n.");
                                break;
                        }
                    }
                }

                var metricValue = Metric.Unspecified;   // asked in the brief's order, used by the baseline below
                var draft = new ProblemBrief
                {
                    Name = parse.GetValue(name)!.Trim(),
                    BusinessObjective = Ask(parse.GetValue(objective), "Business objective (what business metric improves?)") ?? "",
                    SuccessMetric = Ask(parse.GetValue(success), "Success metric (quantified target, e.g. reduce churn 15%)") ?? "",
                    Task = Parse<MlTask>(Ask(parse.GetValue(task), $"ML task ({Names<MlTask>()})"), "--task"),
                    PredictionTarget = Ask(parse.GetValue(target), "Prediction target (what exactly is predicted?)") ?? "",
                    Consumer = Parse<PredictionConsumer>(Ask(parse.GetValue(consumer), $"Prediction consumer ({Names<PredictionConsumer>()})"), "--consumer"),
                    Latency = Parse<LatencyClass>(Ask(parse.GetValue(latency), $"Latency ({Names<LatencyClass>()})"), "--latency"),
                    PrimaryMetric = metricValue = Parse<Metric>(Ask(parse.GetValue(metric), "Primary metric (e.g. pr-auc, f1, rmse)"), "--metric"),
                    Baseline = Ask(parse.GetValue(baseline), "Baseline (current performance without ML: the heuristic)") is { } heuristic
                        ? BaselineSpec.FromDeclaration(BaselineKind.Unspecified, heuristic, metricValue, parse.GetValue(baselineValue), null)
                        : null,
                    KillCriteria = [.. (parse.GetValue(kill) ?? []).Where(k => !string.IsNullOrWhiteSpace(k))],
                    DataAvailable = Ask(parse.GetValue(available), "Data available (what exists today?)") ?? "",
                    DataGaps = Ask(parse.GetValue(gaps), "Data gaps (what is missing?)") ?? "",
                    EthicalConsiderations = Ask(parse.GetValue(ethics), "Ethical considerations (bias risks, fairness, privacy)") ?? "",
                    ProtectedAttributes = [.. (parse.GetValue(protectedColumns) ?? []).Where(p => !string.IsNullOrWhiteSpace(p))],
                    RoiEstimate = Ask(parse.GetValue(roi), "ROI estimate (what is it worth?)") ?? "",
                };
                var labeledAnswer = Ask(parse.GetValue(labeled)?.ToString(System.Globalization.CultureInfo.InvariantCulture), "ML vs rules: how many labeled examples exist?");
                long? labeledCount = labeledAnswer is null ? null
                    : long.TryParse(labeledAnswer.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture, out var count) && count >= 0 ? count
                    : throw new ArgumentException($"'{labeledAnswer}' is not a number of labeled examples.");
                var answers = new MlVsRulesAnswers(
                    AskYesNo(parse.GetValue(explainable), "ML vs rules: is the logic explainable in fewer than 10 rules?"),
                    AskYesNo(parse.GetValue(complex), "ML vs rules: is the pattern too complex for humans?"),
                    labeledCount,
                    AskYesNo(parse.GetValue(adapt), "ML vs rules: must it adapt to new patterns?"),
                    AskYesNo(parse.GetValue(auditable), "ML vs rules: must every decision be 100% auditable/deterministic?"),
                    AskYesNo(parse.GetValue(faster), "ML vs rules: does the pattern change faster than rules can be updated?"));
                var answered = answers != new MlVsRulesAnswers();
                var result = BriefScaffold.Write(draft, parse.GetValue(className), parse.GetValue(ns), answered ? answers : null);
                var path = parse.GetValue(file)?.FullName ?? Path.GetFullPath(result.ClassName + ".cs");
                if (File.Exists(path) && !parse.GetValue(force))
                {
                    throw new ArgumentException($"{path} exists; pass --force to overwrite it.");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, result.Source);
                var findings = result.Missing.Length > 0 || result.Decision?.Recommendation == "rules";
                if (parse.GetValue(json))
                {
                    output.WriteLine(new JsonObject
                    {
                        ["file"] = path,
                        ["class"] = result.ClassName,
                        ["missing"] = new JsonArray([.. result.Missing.Select(m => (JsonNode?)m)]),
                        ["decision"] = result.Decision is not { } d ? null : new JsonObject
                        {
                            ["recommendation"] = d.Recommendation, ["for_ml"] = d.ForMl, ["for_rules"] = d.ForRules,
                            ["signals"] = new JsonArray([.. d.Signals.Select(s => (JsonNode?)s)]),
                        },
                    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                }
                else
                {
                    output.WriteLine($"wrote {path} ({result.ClassName})");
                    if (result.Decision is { } decision)
                    {
                        output.WriteLine(decision.Recommendation == "ml"
                            ? $"ML vs rules: ML ({decision.ForMl} signals for ML, {decision.ForRules} for rules)"
                            : $"ML vs rules: start with rules ({decision.ForRules} signals for rules, {decision.ForMl} for ML) — declare the rules as the [Baseline] and let a model beat them");
                    }

                    if (result.Missing.Length > 0)
                    {
                        output.WriteLine("still to decide: " + string.Join(", ", result.Missing) + " (the build's ML0001-ML0005 diagnostics and `mlac score` will ask for them)");
                    }
                }

                return findings ? MlacApp.Findings : MlacApp.Ok;
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"mlac frame: {e.Message}");
                return MlacApp.UsageError;
            }
        });
        return command;
    }

    // Kebab-case names of an enum's members (Unspecified left out): binary-classification, real-time, pr-auc.
    private static string Names<T>()
        where T : struct, Enum =>
        string.Join(", ", Enum.GetValues<T>().Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0).Select(v => Kebab(v.ToString())));

    private static T Parse<T>(string? value, string option)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return default;
        }

        var wanted = value.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        foreach (var member in Enum.GetValues<T>())
        {
            if (string.Equals(member.ToString(), wanted, StringComparison.OrdinalIgnoreCase) && Convert.ToInt32(member, System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                return member;
            }
        }

        throw new ArgumentException($"Unknown {option} '{value}'; expected one of {Names<T>()}.");
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
