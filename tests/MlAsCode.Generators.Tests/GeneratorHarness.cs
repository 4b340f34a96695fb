using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlAsCode.Generators.ProblemFraming;
using MlAsCode.Generators.Features;

namespace MlAsCode.Generators.Tests;

/// <summary>Compiles test sources against .NET 10 reference assemblies and runs the generators on them.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly MetadataReference Abstractions = MetadataReference.CreateFromFile(typeof(MlProblemAttribute).Assembly.Location);
    private static readonly MetadataReference Runtime = MetadataReference.CreateFromFile(typeof(Framing.ProblemBrief).Assembly.Location);

    /// <summary>MlAsCode.Parquet: with it, every feature set gets <c>ReadParquet</c>.</summary>
    public static readonly MetadataReference Parquet = MetadataReference.CreateFromFile(typeof(Data.Parquet.ParquetLoader).Assembly.Location);

    /// <summary>MlAsCode.Operations: with it, the generated <c>RunAsync</c> writes the standard run documents.</summary>
    public static readonly MetadataReference Operations = MetadataReference.CreateFromFile(typeof(global::MlAsCode.Experiments.RunDocuments).Assembly.Location);

    /// <summary>A user project; <paramref name="withRuntime"/> references the runtime core and MlAsCode.Parquet, or the
    /// packages in <paramref name="packages"/> instead when given.</summary>
    public static CSharpCompilation Compilation(bool withRuntime, params string[] sources) => Compilation(withRuntime ? [Runtime, Parquet] : [], sources);

    public static CSharpCompilation Compilation(MetadataReference[] packages, params string[] sources) =>
        CSharpCompilation.Create(
            "UserProject",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            [.. Net100.References.All, Abstractions, .. packages],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The runtime core alone.</summary>
    public static MetadataReference RuntimeCore => Runtime;

    /// <summary>The brief, feature set and experiment generators; with <paramref name="trackSteps"/> (the caching
    /// tests) the serve and RAG generators too.</summary>
    public static GeneratorDriver Driver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            trackSteps
                ? [new ProblemBriefGenerator().AsSourceGenerator(), new FeatureSetGenerator().AsSourceGenerator(), new Experiments.ExperimentGenerator().AsSourceGenerator(),
                   new Serving.ServeGenerator().AsSourceGenerator(), new Rag.RagPipelineGenerator().AsSourceGenerator()]
                : [new ProblemBriefGenerator().AsSourceGenerator(), new FeatureSetGenerator().AsSourceGenerator(), new Experiments.ExperimentGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generators and fails the test if the generated output does not compile cleanly.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(string source, bool withRuntime = true)
    {
        var compilation = Compilation(withRuntime, source);
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "Generated code does not compile cleanly:\n" + string.Join("\n", problems));
        return (driver.GetRunResult(), output);
    }

    public static string SingleGeneratedSource(string source)
    {
        var result = Run(source).Result;
        return WithoutVersion(Assert.Single(result.GeneratedTrees).GetText().ToString());
    }

    /// <summary>Every generated file, ordered by name, each under a header naming it.</summary>
    public static string AllGeneratedSources(string source) =>
        string.Join("\n", Run(source).Result.Results.SelectMany(r => r.GeneratedSources)
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .Select(s => $"// ---- {s.HintName} ----\n{WithoutVersion(s.SourceText.ToString())}"));

    /// <summary>Snapshots must not change with every version bump: the generator version becomes a placeholder.</summary>
    private static string WithoutVersion(string text) =>
        text.Replace($"\"MlAsCode.Generators\", \"{typeof(ProblemBriefGenerator).Assembly.GetName().Version}\"", "\"MlAsCode.Generators\", \"{version}\"");

    /// <summary>Emits the compilation, loads it in a collectible context and reads a static property.</summary>
    public static object? ReadStatic(Compilation output, string typeName, string property)
    {
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("generated", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var type = assembly.GetType(typeName, throwOnError: true)!;
            return type.GetProperty(property, BindingFlags.Public | BindingFlags.Static)!.GetValue(null);
        }
        finally
        {
            context.Unload();
        }
    }
}
