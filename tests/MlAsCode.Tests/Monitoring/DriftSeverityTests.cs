using System;
using System.IO;
using System.Linq;
using System.Text;
using MlAsCode.Monitoring;

namespace MlAsCode.Tests.Monitoring;

/// <summary><c>mlac drift</c>'s severity combines the statistics (generated tables, none of the samples' data).</summary>
public sealed class DriftSeverityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlac-severity-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // A one-column CSV with the given counts of each level, in a seeded order.
    private string Table(string name, params (string Level, int Count)[] counts)
    {
        var random = new Random(name.Length);
        var rows = counts.SelectMany(c => Enumerable.Repeat(c.Level, c.Count)).OrderBy(_ => random.Next()).ToArray();
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, "plan\n" + string.Join("\n", rows) + "\n", Encoding.UTF8);
        return path;
    }

    [Fact]
    public void A_rare_level_that_vanished_does_not_carry_the_psi_through_the_floor()
    {
        // 24 of 7,000 training rows had "legacy"; the current month has none, and the other shares are unchanged.
        var report = DriftFile.CompareCsv(Table("train.csv", ("basic", 3500), ("pro", 2100), ("team", 1376), ("legacy", 24)),
            Table("current.csv", ("basic", 1500), ("pro", 900), ("team", 600)));
        var plan = Assert.Single(report.Columns);
        Assert.True(plan.Psi > plan.SeverityPsi, $"{plan.Psi} vs {plan.SeverityPsi}");
        Assert.True(plan.SeverityPsi < 1e-3, $"{plan.SeverityPsi}");
        Assert.Equal(DriftSeverity.None, plan.Severity);
        Assert.Null(plan.SeverityDriver);
    }

    [Fact]
    public void A_significant_shift_under_the_psi_bands_is_a_warning_driven_by_the_test()
    {
        // 50/50 → 60/40 on 2,000 rows each: PSI 0.04 (no band), chi-square p far below 0.001, JS distance 0.085.
        var report = DriftFile.CompareCsv(Table("before.csv", ("monthly", 1000), ("annual", 1000)), Table("after.csv", ("monthly", 1200), ("annual", 800)));
        var plan = Assert.Single(report.Columns);
        Assert.InRange(plan.Psi, 0.03, 0.05);
        Assert.True(plan.Chi2PValue < 1e-6, $"{plan.Chi2PValue}");
        Assert.Equal((DriftSeverity.Warning, "chi2"), (plan.Severity, plan.SeverityDriver));
        Assert.Equal("chi2", System.Text.Json.JsonDocument.Parse(report.ToJson()).RootElement.GetProperty("columns").GetProperty("plan").GetProperty("severity_driver").GetString());
        Assert.Matches(@"plan\s+categorical.*chi2\s+warning", report.ToText());

        // A tiny shift on the same rows is significant only with a huge sample: no effect, no finding.
        var tiny = DriftFile.CompareCsv(Table("big-before.csv", ("monthly", 100_000), ("annual", 100_000)), Table("big-after.csv", ("monthly", 101_500), ("annual", 98_500)));
        Assert.True(tiny.Columns[0].Chi2PValue < 0.001);
        Assert.Equal(DriftSeverity.None, tiny.Columns[0].Severity);

        // And the training file against itself: nothing.
        var same = Table("same.csv", ("monthly", 1000), ("annual", 1000));
        Assert.False(DriftFile.CompareCsv(same, same).HasFindings);
    }
}
