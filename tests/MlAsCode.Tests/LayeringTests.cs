using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace MlAsCode.Tests;

/// <summary>
/// The runtime's namespaces (one folder each under src/MlAsCode) form layers: no namespace depends on one that depends
/// on it. Read from the sources — a <c>using MlAsCode.X</c>, a qualified <c>MlAsCode.X.</c> or <c>X.Type</c> — so a new
/// cycle fails here before it spreads.
/// </summary>
public class LayeringTests
{
    // Edges allowed to close a cycle while it is being broken: none.
    private static readonly HashSet<(string, string)> Known = [];

    private static string Root()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "MlAsCode.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("MlAsCode.sln not found above " + AppContext.BaseDirectory);
    }

    private static Dictionary<string, HashSet<string>> Graph()
    {
        var source = Path.Combine(Root(), "src", "MlAsCode");
        var areas = Directory.GetDirectories(source).Select(Path.GetFileName).Where(a => a is not ("bin" or "obj")).Select(a => a!).ToHashSet(StringComparer.Ordinal);
        var reference = new Regex($@"using MlAsCode\.(?<a>\w+)|\bMlAsCode\.(?<a>\w+)\.|\b(?<a>{string.Join('|', areas)})\.[A-Z]", RegexOptions.Compiled);
        return areas.ToDictionary(a => a, a => Directory.GetFiles(Path.Combine(source, a), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => reference.Matches(File.ReadAllText(f)).Select(m => m.Groups["a"].Value))
            .Where(b => b != a && areas.Contains(b)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
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
