using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MlAsCode.Analyzers.Leakage;
using MlAsCode.Generators.Features;
using MlAsCode.Generators.ProblemFraming;

namespace MlAsCode.Analyzers.Tests.Leakage;

/// <summary>Compiles corpus snippets against .NET 10, ML.NET and MlAsCode, runs the generators, then the leakage analyzer.</summary>
internal static partial class LeakageHarness
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly string CorpusFolder = Path.Combine(AppContext.BaseDirectory, "Leakage", "Corpus");

    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. Net100.References.All,
        .. Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => Path.GetFileName(f) is var n && (n.StartsWith("Microsoft.ML", StringComparison.Ordinal)
                || n is "MlAsCode.dll" or "MlAsCode.Abstractions.dll" or "MlAsCode.Training.dll"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => MetadataReference.CreateFromFile(f)),
    ];

    public static IEnumerable<string> CorpusFiles() =>
        Directory.GetFiles(CorpusFolder, "*.cs").OrderBy(f => f, StringComparer.Ordinal);

    public static Compilation Compile(string source, string path = "Snippet.cs")
    {
        var compilation = CSharpCompilation.Create(
            "UserProject",
            [CSharpSyntaxTree.ParseText(source, ParseOptions, path: path)],
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        CSharpGeneratorDriver.Create([new ProblemBriefGenerator().AsSourceGenerator(), new FeatureSetGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return output;
    }

    /// <summary>The leakage diagnostics, and any analyzer failure (AD0001), of a compilation.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation)
    {
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        var diagnostics = await compilation.WithAnalyzers([new LeakageAnalyzer()], options).GetAnalyzerDiagnosticsAsync();
        return diagnostics;
    }

    /// <summary>Markers: a line ending with "// ML0201" (several ids separated by commas) expects those ids there.</summary>
    public static ImmutableHashSet<(string Id, int Line)> Expected(string source) =>
        [.. source.Split('\n').SelectMany((line, i) => Marker().Match(line) is { Success: true } m
            ? m.Groups[1].Value.Split(',').Select(id => (id.Trim(), i + 1))
            : [])];

    public static ImmutableHashSet<(string Id, int Line)> Actual(IEnumerable<Diagnostic> diagnostics) =>
        [.. diagnostics.Where(d => d.Id.StartsWith("ML02", StringComparison.Ordinal))
            .Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1))];

    /// <summary>"ML0201" for a leaky snippet, "clean" for a clean one, from its first line.</summary>
    public static string Kind(string source) => FirstLine().Match(source) is { Success: true } m ? m.Groups[1].Value : "";

    [GeneratedRegex(@"//\s*(ML02\d\d(?:\s*,\s*ML02\d\d)*)\s*$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"^//\s*(ML02\d\d|clean)\s*:")]
    private static partial Regex FirstLine();
}
