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
    private static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "MlAsCode.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("MlAsCode.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task The_shuttle_sample_finds_anomalies_with_the_isolation_forest_and_beats_its_baseline()
    {
        var sample = Path.Combine(Root(), "samples", "AnomalyShuttle", "bin", "Release", "net10.0", "AnomalyShuttle.dll");
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
        Assert.Contains("meets the success metric and beats the baseline", report, StringComparison.Ordinal);
    }
}
