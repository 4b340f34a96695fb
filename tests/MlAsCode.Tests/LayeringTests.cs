using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace MlAsCode.Tests;

/// <summary>
/// The layering of the libraries, read from the sources so that a new arrow fails here before it spreads. Namespaces are
/// folders (src/MlAsCode, and the same folder names in MlAsCode.Operations and MlAsCode.Parquet): no namespace depends
/// on one that depends on it — a <c>using MlAsCode.X</c>, a qualified <c>MlAsCode.X.</c> or <c>X.Type</c> counts. Packages
/// are projects under src/: each references only what the drawing in docs/contributing.md allows, and the runtime core
/// references no namespace that lives only in the operations or Parquet packages.
/// </summary>
public class LayeringTests
{
    // Edges allowed to close a cycle while it is being broken: none.
    private static readonly HashSet<(string, string)> Known = [];

    // The package arrows (docs/contributing.md, "Packages"): project → the src projects it may reference.
    private static readonly Dictionary<string, string[]> Packages = new(StringComparer.Ordinal)
    {
        ["MlAsCode.Abstractions"] = [],
        ["MlAsCode"] = ["MlAsCode.Abstractions"],
        ["MlAsCode.Parquet"] = ["MlAsCode"],
        ["MlAsCode.Operations"] = ["MlAsCode"],
        ["MlAsCode.Training"] = ["MlAsCode"],
        ["MlAsCode.Training.Torch"] = ["MlAsCode"],
        ["MlAsCode.Serving"] = ["MlAsCode", "MlAsCode.Operations"],
        ["MlAsCode.Rag"] = ["MlAsCode.Abstractions"],
        ["MlAsCode.Rag.Serving"] = ["MlAsCode.Rag", "MlAsCode.Serving"],
        ["MlAsCode.Cli"] = ["MlAsCode", "MlAsCode.Operations", "MlAsCode.Parquet", "MlAsCode.Rag"],
    };

    private static readonly string[] Libraries = ["MlAsCode", "MlAsCode.Operations", "MlAsCode.Parquet"];

    private static string Root()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "MlAsCode.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("MlAsCode.sln not found above " + AppContext.BaseDirectory);
    }

    // Each library's namespace folders (the top level under its project folder).
    private static Dictionary<string, HashSet<string>> Areas() => Libraries.ToDictionary(l => l, l =>
        Directory.GetDirectories(Path.Combine(Root(), "src", l)).Select(Path.GetFileName).Where(a => a is not ("bin" or "obj")).Select(a => a!).ToHashSet(StringComparer.Ordinal),
        StringComparer.Ordinal);

    // The namespaces each file set refers to, by the folder names in any library.
    private static Dictionary<string, HashSet<string>> References(string library)
    {
        var areas = Areas().Values.SelectMany(a => a).ToHashSet(StringComparer.Ordinal);
        var reference = new Regex($@"using MlAsCode\.(?<a>\w+)|\bMlAsCode\.(?<a>\w+)\.|\b(?<a>{string.Join('|', areas)})\.[A-Z]", RegexOptions.Compiled);
        var source = Path.Combine(Root(), "src", library);
        return Areas()[library].ToDictionary(a => a, a => Directory.GetFiles(Path.Combine(source, a), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => reference.Matches(File.ReadAllText(f)).Select(m => m.Groups["a"].Value))
            .Where(b => b != a && areas.Contains(b)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    // One namespace graph over the three libraries (a folder name is one namespace wherever it appears).
    private static Dictionary<string, HashSet<string>> Graph()
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (area, targets) in Libraries.SelectMany(l => References(l)))
        {
            if (!graph.TryGetValue(area, out var edges))
            {
                graph[area] = edges = new HashSet<string>(StringComparer.Ordinal);
            }

            edges.UnionWith(targets);
        }

        foreach (var target in graph.Values.SelectMany(v => v).ToList())
        {
            graph.TryAdd(target, new HashSet<string>(StringComparer.Ordinal));
        }

        return graph;
    }

    [Fact]
    public void The_runtime_core_refers_to_nothing_that_lives_only_in_the_operations_or_parquet_packages()
    {
        var areas = Areas();
        var elsewhere = areas["MlAsCode.Operations"].Concat(areas["MlAsCode.Parquet"]).Except(areas["MlAsCode"]).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("Registry", elsewhere);
        Assert.Contains("Tracking", elsewhere);
        var offending = References("MlAsCode").SelectMany(p => p.Value.Where(elsewhere.Contains).Select(t => $"{p.Key} → {t}")).ToList();
        Assert.True(offending.Count == 0, "The runtime core refers to namespaces of MlAsCode.Operations/MlAsCode.Parquet: " + string.Join(", ", offending));
        var parquet = Directory.GetFiles(Path.Combine(Root(), "src", "MlAsCode"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && File.ReadAllText(f).Contains("Data.Parquet", StringComparison.Ordinal));
        Assert.Empty(parquet);
    }

    [Fact]
    public void Each_package_references_only_the_packages_the_drawing_allows()
    {
        foreach (var project in Directory.GetFiles(Path.Combine(Root(), "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var name = Path.GetFileNameWithoutExtension(project);
            Assert.True(Packages.ContainsKey(name), $"{name} is not in the package drawing (LayeringTests.Packages, docs/contributing.md)");
            var references = System.Xml.Linq.XDocument.Load(project).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!.Value.Replace('\\', '/')))
                .Where(r => Packages.ContainsKey(r)).Order(StringComparer.Ordinal).ToArray();
            Assert.True(references.All(Packages[name].Contains), $"{name} references {string.Join(", ", references.Except(Packages[name]))}, which the drawing does not allow");
        }

        // The heavy libraries stay out of the runtime core (the packed nuspec is checked too, in the integration tests).
        var core = File.ReadAllText(Path.Combine(Root(), "src", "MlAsCode", "MlAsCode.csproj"));
        foreach (var heavy in new[] { "Sqlite", "Npgsql", "Parquet", "YamlDotNet" })
        {
            Assert.DoesNotContain($"Include=\"{heavy}", core.Replace("Microsoft.Data.", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_runtime_namespaces_have_no_cycle()
    {
        var graph = Graph();
        Assert.DoesNotContain("Features", graph["Splitting"]);
        Assert.DoesNotContain("Experiments", graph["Evaluation"]);
        Assert.DoesNotContain("Experiments", graph["ModelCards"]);
        // The runner records through IRunRecorder: the stores and the registry build on the experiments, not the reverse.
        Assert.DoesNotContain("Tracking", graph["Experiments"]);
        Assert.DoesNotContain("Registry", graph["Experiments"]);
        Assert.Contains("Splitting", graph["Features"]);

        // Depth-first search for a cycle among the edges that are not known.
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph[node].Where(n => !Known.Contains((node, n))).Order(StringComparer.Ordinal))
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path.SkipWhile(p => p != next), next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            state[node] = 2;
            path.RemoveAt(path.Count - 1);
            return null;
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
            {
                Assert.Fail("Namespaces of src/MlAsCode depend on each other: " + string.Join(" → ", cycle));
            }
        }
    }
}
