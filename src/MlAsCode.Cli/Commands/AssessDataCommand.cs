using System;
using System.CommandLine;
using Spectre.Console;
using System.Globalization;
using System.IO;
using System.Linq;
using MlAsCode.Data;
using MlAsCode.Quality;

namespace MlAsCode.Cli.Commands;

/// <summary><c>mlac assess-data FILE.csv --target COL</c>: the methodology's Phase 2 data quality scoring.</summary>
internal static class AssessDataCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV file to assess (header row, RFC 4180)." };
        var target = new Option<string>("--target") { Description = "The target column.", Required = true };
        var time = new Option<string?>("--time-column") { Description = "The event-time column (ISO 8601 dates), for timeliness." };
        var exclude = new Option<string[]>("--exclude")
        {
            Description = "Columns left out of relevance (identifiers, protected attributes); repeatable.",
            AllowMultipleArgumentsPerToken = true,
        };
        var rules = new Option<string[]>("--rule")
        {
            Description = "A validation rule, COL:MIN..MAX or COL=a|b|c; repeatable. Accuracy is their pass share.",
        };
        var gate = new Option<int>("--gate") { Description = "Minimum score out of 30 (scaled over the measured dimensions) to proceed.", DefaultValueFactory = _ => 18 };
        gate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 30)
            {
                result.AddError("--gate must be between 0 and 30 (the total of six 0-5 scores).");
            }
        });
        var asOf = new Option<DateTimeOffset?>("--as-of") { Description = "Measure timeliness as of this date (default: now, UTC)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };

        var command = new Command("assess-data",
            "Score a data source 0-5 on completeness, accuracy, consistency, timeliness, relevance and volume (total out of 30; exit 1 below the gate).\n"
            + "Example: mlac assess-data samples/Churn/data/telco_churn.csv --target churn --exclude female --json")
        {
            file, target, time, exclude, rules, gate, asOf, json,
        };

        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            try
            {
                var options = new DataQualityOptions
                {
                    Target = parse.GetValue(target)!,
                    TimeColumn = parse.GetValue(time),
                    Exclude = [.. parse.GetValue(exclude) ?? []],
                    Rules = [.. (parse.GetValue(rules) ?? []).Select(ValidationRule.Parse)],
                    Gate = parse.GetValue(gate),
                    Clock = parse.GetValue(asOf) is { } date ? new FixedClock(date) : TimeProvider.System,
                };
                var report = DataQuality.AssessCsv(path.FullName, options);
                if (parse.GetValue(json))
                {
                    output.Write(report.ToJson() + Environment.NewLine);
                }
                else if (Terminal.IsInteractive(output))
                {
                    var table = new Spectre.Console.Table()
                        .Title(Spectre.Console.Markup.Escape(FormattableString.Invariant($"{Path.GetFileName(report.Source)}: {report.Scaled:0.#}/30 over {report.MeasuredDimensions} measured dimensions (gate {report.Gate}) {(report.Passes ? "passes" : "below the gate")}")))
                        .AddColumn("dimension").AddColumn(new Spectre.Console.TableColumn("score").RightAligned()).AddColumn("evidence").AddColumn("fix");
                    foreach (var d in report.Dimensions)
                    {
                        table.AddRow(d.Dimension.ToString(), d.Measured ? $"{d.Score}/5" : "not measured", Spectre.Console.Markup.Escape(d.Evidence), Spectre.Console.Markup.Escape(d.Fix));
                    }

                    Terminal.Rich(output).Write(table);
                }
                else
                {
                    output.Write(report.ToText());
                }
                return report.Passes ? MlacApp.Ok : MlacApp.Findings;
            }
            catch (Exception e) when (e is FileNotFoundException or DataFormatException or ArgumentException or FormatException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"mlac assess-data: {e.Message}");
                return MlacApp.UsageError;
            }
        });
        return command;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
