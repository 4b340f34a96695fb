using System;
using System.CommandLine;
using System.IO;
using MlAsCode.Data;
using MlAsCode.Monitoring;

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
        var command = new Command("drift",
            "Compare every column two CSV files share: PSI, Kolmogorov-Smirnov, Jensen-Shannon, chi-square; severity by the drift playbook (PSI > 0.1 warning, > 0.25 critical). Exit 1 on a warning or worse.\n"
            + "Example: mlac drift samples/Churn/data/telco_churn.csv out/churn/predictions.jsonl --json")
        {
            reference, current, json, correct,
        };
        command.SetAction(parse =>
        {
            try
            {
                var report = DriftFile.CompareCsv(parse.GetValue(reference)!.FullName, parse.GetValue(current)!.FullName, parse.GetValue(correct));
                output.Write(parse.GetValue(json) ? report.ToJson() + Environment.NewLine : report.ToText());
                return report.HasFindings ? MlacApp.Findings : MlacApp.Ok;
            }
            catch (Exception e) when (e is FileNotFoundException or DataFormatException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"mlac drift: {e.Message}");
                return MlacApp.UsageError;
            }
        });
        return command;
    }
}
