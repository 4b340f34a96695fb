using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace MlAsCode.Analyzers.Tests.Leakage;

/// <summary>The leakage analyzers against a corpus of realistic leaky and clean training code.</summary>
public class LeakageCorpusTests(ITestOutputHelper output)
{
    private static readonly string[] Rules = ["ML0201", "ML0202", "ML0203", "ML0204"];

    public static TheoryData<string> Files() => [.. LeakageHarness.CorpusFiles().Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Each_snippet_compiles_and_gets_exactly_its_marked_diagnostics(string file)
    {
        var source = File.ReadAllText(Path.Combine(LeakageHarness.CorpusFolder, file));
        Assert.Matches("^(ML020[1-4]|clean)$", LeakageHarness.Kind(source));
        var compilation = LeakageHarness.Compile(source, file);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "does not compile:\n" + string.Join("\n", errors));

        var diagnostics = await LeakageHarness.AnalyzeAsync(compilation);
        foreach (var diagnostic in diagnostics)
        {
            output.WriteLine(diagnostic.ToString());
        }

        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        var expected = LeakageHarness.Expected(source);
        var actual = LeakageHarness.Actual(diagnostics);
        Assert.True(expected.SetEquals(actual),
            $"expected {string.Join(", ", expected.OrderBy(x => x.Line))}\nactual   {string.Join(", ", actual.OrderBy(x => x.Line))}");
        if (LeakageHarness.Kind(source) == "clean")
        {
            Assert.Empty(expected);
        }
        else
        {
            Assert.Contains(expected, e => e.Id == LeakageHarness.Kind(source));
        }
    }

    [Fact]
    public async Task Precision_and_recall_are_one_for_every_rule()
    {
        var rows = Rules.ToDictionary(r => r, _ => new Row());
        foreach (var file in LeakageHarness.CorpusFiles())
        {
            var source = File.ReadAllText(file);
            var kind = LeakageHarness.Kind(source);
            var expected = LeakageHarness.Expected(source);
            var actual = LeakageHarness.Actual(await LeakageHarness.AnalyzeAsync(LeakageHarness.Compile(source, Path.GetFileName(file))));
            foreach (var rule in Rules)
            {
                var row = rows[rule];
                row.Leaky += kind == rule ? 1 : 0;
                row.Clean += kind == "clean" ? 1 : 0;
                row.TruePositives += expected.Count(e => e.Id == rule && actual.Contains(e));
                row.FalsePositives += actual.Count(a => a.Id == rule && !expected.Contains(a));
                row.FalseNegatives += expected.Count(e => e.Id == rule && !actual.Contains(e));
            }
        }

        var table = new StringBuilder()
            .AppendLine("| rule | leaky snippets | clean snippets | TP | FP | FN | precision | recall |")
            .AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var rule in Rules)
        {
            var r = rows[rule];
            table.AppendLine($"| {rule} | {r.Leaky} | {r.Clean} | {r.TruePositives} | {r.FalsePositives} | {r.FalseNegatives} | {r.Precision:0.00} | {r.Recall:0.00} |");
        }

        output.WriteLine(table.ToString());
        AssertDocumented(table.ToString());
        foreach (var rule in Rules)
        {
            Assert.True(rows[rule].Leaky >= 6, $"{rule}: fewer than 6 leaky snippets");
            Assert.Equal(1.0, rows[rule].Precision);
            Assert.Equal(1.0, rows[rule].Recall);
        }

        Assert.True(rows[Rules[0]].Clean >= 30, "fewer than 30 clean snippets");
    }

    /// <summary>docs/benchmarks.md must show the table this corpus gives (tests never write to the repository).</summary>
    private static void AssertDocumented(string table)
    {
        var path = Path.Combine(RuleDocumentationTests.RepositoryRoot(), "docs", "benchmarks.md");
        var documented = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(documented.Contains(table.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal),
            $"docs/benchmarks.md is out of date: put this table under \"Leakage analyzers: precision and recall on the corpus\":\n{table}");
    }

    private sealed class Row
    {
        public int Leaky { get; set; }

        public int Clean { get; set; }

        public int TruePositives { get; set; }

        public int FalsePositives { get; set; }

        public int FalseNegatives { get; set; }

        public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

        public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    }
}
