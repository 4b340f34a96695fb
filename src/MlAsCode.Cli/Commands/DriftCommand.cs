using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using MlAsCode.Data;
using MlAsCode.Monitoring;

using static System.FormattableString;

namespace MlAsCode.Cli.Commands;

/// <summary><c>mlac drift REFERENCE.csv CURRENT.csv [--json] [--correct]</c>: drift of every shared column; exit 1 when
/// any column's PSI is past the playbook's warning level (0.1).</summary>
internal static class DriftCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var reference = new Argument<FileInfo>("reference") { Description = "The reference CSV (e.g. the training data)." };
        var current = new Argument<FileInfo>("current") { Description = "The current CSV (e.g. a window of served requests)." };
        var json = new Option<bool>("--json") { Description = "Print JSON: per column psi, ks_statistic, ks_p_value, js_distance, severity; chi2, chi2_p_value for categorical columns." };
        var correct = new Option<bool>("--correct") { Description = "Adjust the columns' p-values for testing them all at once (Benjamini-Hochberg): p_value_adjusted." };
        var features = FeatureSetOption.Create();
        var command = new Command("drift",
            "Compare every column two CSV files share: PSI, Kolmogorov-Smirnov, Jensen-Shannon, chi-square; severity by the drift playbook (PSI > 0.1 warning, > 0.25 critical). Exit 1 on a warning or worse.\n"
            + "Example: mlac drift samples/Churn/data/telco_churn.csv out/churn/predictions.jsonl --json")
        {
            reference, current, json, correct, features,
        };
        command.SetAction(parse =>
        {
            try
            {
                var report = DriftFile.CompareCsv(parse.GetValue(reference)!.FullName, parse.GetValue(current)!.FullName, parse.GetValue(correct),
                    FeatureSetOption.Read(parse.GetValue(features)));
                if (parse.GetValue(json))
                {
                    output.WriteLine(report.ToJson());
                }
                else if (Terminal.IsInteractive(output))
                {
                    Terminal.Table(output, $"{report.Current} against {report.Reference}: {report.Columns.Length} shared columns",
                        ["column", "kind", "psi", "js", "test", "p-value", "severity"],
                        report.Columns.Select(c =>
                        {
                            var (test, p) = c.Kind == "numeric" ? (c.KsStatistic, c.KsPValue) : (c.Chi2, c.Chi2PValue);
                            return (IReadOnlyList<string>)[c.Column, c.Kind, Invariant($"{c.Psi:0.0000}"), Invariant($"{c.JsDistance:0.0000}"),
                                (c.Kind == "numeric" ? "KS " : "chi2 ") + Invariant($"{test:0.0000}"), Invariant($"{p:0.0000}"), c.Severity.ToString().ToLowerInvariant()];
                        }),
                        Terminal.Severity, i => i is >= 2 and <= 5);
                }
                else
                {
                    output.Write(report.ToText());
                }

                return report.HasFindings ? MlacApp.Findings : MlacApp.Ok;
            }
            catch (Exception e) when (e is FileNotFoundException or DataFormatException or ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                error.WriteLine($"mlac drift: {e.Message}");
                return MlacApp.UsageError;
            }
        });
        return command;
    }
}
