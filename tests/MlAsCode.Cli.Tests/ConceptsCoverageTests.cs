using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;

namespace MlAsCode.Cli.Tests;

/// <summary>
/// The concepts pages' coverage statements are data (docs/concepts/coverage.json), checked here against the public
/// API: a covered or partly covered item names types, members, mlac options or rules that exist; a not-covered one
/// names none; each page row says what its status says; and every row that says "not covered" has an entry, so a page
/// cannot call something missing that the code has (or the reverse) without this test noticing.
/// </summary>
public sealed class ConceptsCoverageTests
{
    private static readonly string Root = FindRoot();

    private static readonly Assembly[] Product =
    [
        typeof(MlProblemAttribute).Assembly,                  // MlAsCode.Abstractions
        typeof(Framing.ProblemBrief).Assembly,                // MlAsCode (runtime)
        typeof(Registry.ModelRegistry).Assembly,              // MlAsCode.Operations
        typeof(Data.Parquet.ParquetLoader).Assembly,          // MlAsCode.Parquet
        typeof(Rag.Store.RagStore).Assembly,                  // MlAsCode.Rag
        typeof(MlacApp).Assembly,                             // mlac
    ];

    private static string FindRoot()
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

    private sealed record Entry(string Page, string Item, string Status, string[] Evidence);

    private static List<Entry> Entries()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "docs", "concepts", "coverage.json")));
        return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(e => new Entry(
            e.GetProperty("page").GetString()!, e.GetProperty("item").GetString()!, e.GetProperty("status").GetString()!,
            e.TryGetProperty("evidence", out var evidence) ? [.. evidence.EnumerateArray().Select(v => v.GetString()!)] : []))];
    }

    // Each table row of a page: its first cell and the whole line.
    private static List<(string Item, string Line)> Rows(string page) =>
        [.. File.ReadLines(Path.Combine(Root, "docs", "concepts", page))
            .Where(l => l.StartsWith('|') && !l.StartsWith("| ---", StringComparison.Ordinal))
            .Select(l => (l.Trim().Trim('|').Split('|')[0].Trim(), l))];

    [Fact]
    public void Every_entry_matches_its_page_row_and_names_what_exists()
    {
        var problems = new List<string>();
        foreach (var entry in Entries())
        {
            var row = Rows(entry.Page).FirstOrDefault(r => r.Item == entry.Item);
            if (row.Line is null)
            {
                problems.Add($"{entry.Page}: no row '{entry.Item}'");
                continue;
            }

            var saysNotCovered = row.Line.Contains("not covered", StringComparison.OrdinalIgnoreCase);
            var cells = row.Line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            switch (entry.Status)
            {
                case "not_covered" when !cells.Skip(1).Any(c => c.StartsWith("not covered", StringComparison.OrdinalIgnoreCase)):
                    problems.Add($"{entry.Page} '{entry.Item}': not_covered, but the row does not say so");
                    break;
                case "partial" when !saysNotCovered && !row.Line.Contains("partly", StringComparison.OrdinalIgnoreCase):
                    problems.Add($"{entry.Page} '{entry.Item}': partial, but the row says neither 'partly' nor what is not covered");
                    break;
                case "covered" when saysNotCovered:
                    problems.Add($"{entry.Page} '{entry.Item}': covered, but the row says 'not covered'");
                    break;
                case not ("covered" or "partial" or "not_covered"):
                    problems.Add($"{entry.Page} '{entry.Item}': unknown status '{entry.Status}'");
                    break;
            }

            if ((entry.Status == "not_covered") != (entry.Evidence.Length == 0))
            {
                problems.Add($"{entry.Page} '{entry.Item}': {entry.Status} with {entry.Evidence.Length} evidence reference(s)");
            }

            problems.AddRange(entry.Evidence.Where(e => !Exists(e)).Select(e => $"{entry.Page} '{entry.Item}': {e} does not exist"));
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Every_row_that_says_not_covered_has_an_entry()
    {
        var entries = Entries().Select(e => (e.Page, e.Item)).ToHashSet();
        var missing = Directory.GetFiles(Path.Combine(Root, "docs", "concepts"), "*.md")
            .SelectMany(f => Rows(Path.GetFileName(f)).Select(r => (Page: Path.GetFileName(f), r.Item, r.Line)))
            .Where(r => r.Line.Contains("not covered", StringComparison.OrdinalIgnoreCase) && !entries.Contains((r.Page, r.Item)))
            .Select(r => $"{r.Page}: '{r.Item}'")
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void A_reference_to_something_missing_is_caught()
    {
        Assert.True(Exists("member:MlAsCode.Framing.MlVsRules.Decide"));
        Assert.False(Exists("member:MlAsCode.Framing.MlVsRules.DecideForMe"));
        Assert.False(Exists("type:MlAsCode.Data.WarehouseLoader"));
        Assert.True(Exists("cli:frame --must-be-auditable"));
        Assert.False(Exists("cli:frame --must-be-explainable-to-a-judge"));
        Assert.False(Exists("rule:ML0999"));
    }

    private static bool Exists(string reference)
    {
        var (kind, name) = (reference[..reference.IndexOf(':', StringComparison.Ordinal)], reference[(reference.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        switch (kind)
        {
            case "type":
                return Type(name) is not null;
            case "member":
                var dot = name.LastIndexOf('.');
                return Type(name[..dot]) is { } type && type.GetMember(name[(dot + 1)..], BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance).Length > 0;
            case "rule":
                return File.Exists(Path.Combine(Root, "docs", "rules", name + ".md"));
            case "cli":
                // "frame --must-adapt": the command's help lists the option.
                var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var (code, output, _) = Mlac.Run([.. words.TakeWhile(w => !w.StartsWith('-')), "--help"]);
                return code == 0 && words.Where(w => w.StartsWith('-')).All(o => output.Contains(o, StringComparison.Ordinal));
            default:
                return false;
        }
    }

    private static Type? Type(string name) => Product.Select(a => a.GetType(name)).FirstOrDefault(t => t is { IsPublic: true } || t is { IsNestedPublic: true });
}
