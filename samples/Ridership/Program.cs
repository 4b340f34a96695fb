using System;
using System.IO;
using System.Linq;
using MlAsCode.Experiments;
using Ridership;

// Time-series regression end to end: the brief, the features (lags and a rolling window computed from the past only),
// a temporal split, expanding-window cross-validation, one evaluation on the last 20% of days, against the baseline.
var output = args is ["--out", var o] ? o : Path.Combine("out", "ridership");
Directory.CreateDirectory(output);
var brief = RidershipProblem.Brief;
Console.WriteLine($"{brief.Name}: {brief.PredictionTarget}; primary metric {brief.PrimaryMetric}; baseline {brief.Baseline}");

var report = await RidershipExperiment.RunAsync(new ExperimentRunOptions
{
    OutputDirectory = Path.Combine(output, "experiment"),
    Progress = ConsoleRunProgress.ForConsole("  "),
});
Console.WriteLine(report.ToRow());
Console.WriteLine(report.Notes);
Console.WriteLine($"evaluation report: {Path.GetFullPath(Path.Combine(output, "experiment", "evaluation_report.html"))}");
Console.WriteLine($"model card: {Path.GetFullPath(Path.Combine(output, "experiment", "model_card.md"))}");
return report.Verdict == "promoted" ? 0 : 1;
