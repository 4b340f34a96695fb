using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace MlAsCode.IntegrationTests;

/// <summary>The samples as a user runs them: the built sample (CI builds the solution in Release first).</summary>
public class SampleTests
{
    [Fact]
    public async Task The_shuttle_sample_finds_anomalies_with_the_isolation_forest_and_beats_its_baseline()
    {
        var sample = Path.Combine(Repository.Root, "samples", "AnomalyShuttle", "bin", "Release", "net10.0", "AnomalyShuttle.dll");
        Assert.True(File.Exists(sample), $"{sample} is not built: build the solution in Release first");
        var output = Path.Combine(Path.GetTempPath(), $"mlac-shuttle-{Guid.NewGuid():N}");
        var result = await DotNetCli.RunAsync(Path.GetDirectoryName(sample)!, Repository.GlobalPackagesFolder, sample, "--out", output);
        Assert.True(result.ExitCode == 0, result.Output);

        var report = File.ReadAllText(Path.Combine(output, "report.md"));
        double Cell(string metric, int column) => double.Parse(
            Regex.Match(report, $@"^\| {Regex.Escape(metric)} \| ([0-9.]+)[^|]*\| ([0-9.]+)", RegexOptions.Multiline).Groups[column].Value, CultureInfo.InvariantCulture);
        Assert.True(Cell("Precision@1000", 1) >= 0.9, report);                           // the brief's success metric
        Assert.True(Cell("Precision@1000", 2) < 0.9 * Cell("Precision@1000", 1), report); // the kill criterion's margin
        Assert.True(Cell("ROC-AUC", 1) > Cell("ROC-AUC", 2), report);
        Assert.Contains("meets the success metric and beats the baseline, and no kill criterion fired", report, StringComparison.Ordinal);
        // The brief's two kill criteria are checked, not hard-coded: each line states its measurement and limit.
        Assert.Contains("- Kill criterion 'Baseline heuristic achieves >90% of ML performance': not fired — the baseline's precision_at_k", report, StringComparison.Ordinal);
        Assert.Contains("at most the limit 0.9", report, StringComparison.Ordinal);
        Assert.Contains("- Kill criterion 'Model can't beat random by >10% on holdout set': not fired", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ridership_sample_forecasts_on_a_temporal_split_and_beats_the_median()
    {
        var sample = Path.Combine(Repository.Root, "samples", "Ridership", "bin", "Release", "net10.0", "Ridership.dll");
        Assert.True(File.Exists(sample), $"{sample} is not built: build the solution in Release first");
        var output = Path.Combine(Path.GetTempPath(), $"mlac-ridership-{Guid.NewGuid():N}");
        var result = await DotNetCli.RunAsync(Path.GetDirectoryName(sample)!, Repository.GlobalPackagesFolder, sample, "--out", output);
        Assert.True(result.ExitCode == 0, result.Output);   // 0: promoted
        Assert.Contains("Temporal split (seed 42)", result.Output, StringComparison.Ordinal);
        using var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "experiment", "experiment_report.json")));
        Assert.Equal("promoted", report.RootElement.GetProperty("verdict").GetString());
        Assert.True(File.Exists(Path.Combine(output, "experiment", "evaluation_report.html")));
        Assert.True(File.Exists(Path.Combine(output, "experiment", "model_card.md")));
    }

    [Fact]
    public async Task The_pay_bands_sample_trains_on_the_log_serves_in_dollars_and_handles_roles_it_never_saw()
    {
        var sample = Path.Combine(Repository.Root, "samples", "PayBands", "bin", "Release", "net10.0", "PayBands.dll");
        Assert.True(File.Exists(sample), $"{sample} is not built: build the solution in Release first");
        var output = Path.Combine(Path.GetTempPath(), $"mlac-paybands-{Guid.NewGuid():N}");
        var result = await DotNetCli.RunAsync(Path.GetDirectoryName(sample)!, Repository.GlobalPackagesFolder, sample, "--out", output);
        Assert.True(result.ExitCode == 0, result.Output);   // 0: promoted against the median pay per role
        Assert.Contains("baseline median target per JobRole", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"90% split conformal interval from \d+ validation rows: Log scale ± [0-9.]+: covers", result.Output);
        Assert.Contains("\"unknown_categories\":{\"job_role\":\"Data_Scientist\"}", result.Output, StringComparison.Ordinal);
        Assert.Contains("a department never seen: 400", result.Output, StringComparison.Ordinal);
        Assert.Contains("unknown_categories {\"job_role\":17}", result.Output, StringComparison.Ordinal);
        Assert.Contains("warning unknown_categories job_role", result.Output, StringComparison.Ordinal);
        // The run wrote what the served monitor reads, in the naming contract's field names.
        using var profile = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "experiment", "reference_profile.json")));
        Assert.Contains(profile.RootElement.GetProperty("Columns").EnumerateArray(), c => c.GetProperty("Name").GetString() == "job_role");
    }
}
