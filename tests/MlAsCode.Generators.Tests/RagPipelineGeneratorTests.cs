using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlAsCode.Generators.Common;
using MlAsCode.Generators.Model;
using MlAsCode.Generators.Rag;
using MlAsCode.Rag.Chunking;
using MlAsCode.Rag.Pipeline;
using MlAsCode.Rag.Store;
using Snapshooter.Xunit;

namespace MlAsCode.Generators.Tests;

public class RagPipelineGeneratorTests
{
    private const string Source = """
        using MlAsCode;

        namespace Docs;

        [RagPipeline("python-docs", Chunking = RagChunking.Semantic, ChunkTokens = 256, ChunkOverlap = 32, TopK = 8, RerankTopN = 4,
            RefusalThreshold = 0.5, StorePath = "stores/python")]
        [Serve(Route = "/docs/")]
        public static partial class DocsAssistant;

        public static class Startup
        {
            public static void Configure(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) => builder.AddDocsAssistant();

            public static void Map(Microsoft.AspNetCore.Builder.WebApplication app) => app.MapDocsAssistant();
        }
        """;

    private const string Unrelated = """
        namespace Docs;
        public static class Helpers { public static int Twice(int x) => x * 2; }
        """;

    private static readonly string[] TrackedSteps = [TrackingNames.RagPipelines, TrackingNames.RagRuntime, TrackingNames.RagPipelinesWithRuntime];

    // The .NET 10 reference assemblies, the MlAsCode assemblies, and (for a web app) ASP.NET Core's shared framework
    // and, unless told otherwise, MlAsCode.Rag.Serving.
    private static CSharpCompilation Compile(bool web, bool rag, params string[] sources) => Compile(web, rag, ragServing: web, sources);

    private static CSharpCompilation Compile(bool web, bool rag, bool ragServing, params string[] sources)
    {
        var references = Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(MlProblemAttribute).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Framing.ProblemBrief).Assembly.Location));
        if (rag)
        {
            references = references.Concat(new[] { typeof(RagEngine), typeof(Microsoft.Extensions.AI.IChatClient), typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection) }
                .Select(t => MetadataReference.CreateFromFile(t.Assembly.Location)));
        }

        if (web)
        {
            var aspNet = Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!;
            references = references.Concat(Directory.GetFiles(aspNet, "Microsoft.*.dll").Select(f => MetadataReference.CreateFromFile(f)));
        }

        if (ragServing)
        {
            references = references.Concat(new[] { typeof(global::MlAsCode.Rag.Serving.RagServiceExtensions), typeof(global::MlAsCode.Serving.ServingExtensions) }
                .Select(t => MetadataReference.CreateFromFile(t.Assembly.Location)));
        }

        return CSharpCompilation.Create("UserProject", sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, GeneratorHarness.ParseOptions, path: $"Source{i}.cs")),
            references.GroupBy(r => Path.GetFileName(r.Display)).Select(g => g.First()),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static GeneratorDriver Driver() =>
        CSharpGeneratorDriver.Create([new RagPipelineGenerator().AsSourceGenerator()], parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static (GeneratorDriver Driver, Compilation Output) Run(Compilation compilation)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "Generated code does not compile cleanly:\n" + string.Join("\n", problems));
        return (driver, output);
    }

    private static string Generated(GeneratorDriver driver) =>
        Assert.Single(driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources)).SourceText.ToString()
            .Replace($"\"MlAsCode.Generators\", \"{typeof(RagPipelineGenerator).Assembly.GetName().Version}\"", "\"MlAsCode.Generators\", \"{version}\"", StringComparison.Ordinal);

    [Fact]
    public void A_served_pipeline_gets_its_options_open_and_an_ask_endpoint()
    {
        Snapshot.Match(Generated(Run(Compile(web: true, rag: true, Source)).Driver));
    }

    [Fact]
    public void The_generated_options_hold_the_declared_settings_and_the_methodologys_defaults_for_the_rest()
    {
        var output = Run(Compile(web: true, rag: true, Source)).Output;
        var options = (RagPipelineOptions)GeneratorHarness.ReadStatic(output, "Docs.DocsAssistant", "Options")!;
        Assert.Equal("python-docs", options.Name);
        Assert.Equal(new ChunkingOptions { Strategy = ChunkingStrategy.Semantic, MaxTokens = 256, OverlapTokens = 32 }, options.Chunking);
        Assert.Equal((SearchMode.Hybrid, 8, true, 4, 0.5, 0.1f), (options.Retrieval, options.TopK, options.Rerank, options.RerankTopN, options.RefusalThreshold, options.Temperature));

        // Nothing declared: the methodology's 512/50 recursive chunks, top 10 reranked to 3, temperature 0.1, the calibrated threshold.
        var bare = Run(Compile(web: false, rag: true, "[MlAsCode.RagPipeline(\"kb\")] public static partial class Kb;")).Output;
        var defaults = (RagPipelineOptions)GeneratorHarness.ReadStatic(bare, "Kb", "Options")!;
        Assert.Equal(new RagPipelineOptions { Name = "kb" }, defaults with { Chunking = new ChunkingOptions() });
        Assert.Equal(new ChunkingOptions(), defaults.Chunking);
        Assert.Equal((512, 50, 10, 3), (defaults.Chunking.MaxTokens, defaults.Chunking.OverlapTokens, defaults.TopK, defaults.RerankTopN));
    }

    [Fact]
    public void Without_serve_or_aspnet_only_the_pipeline_is_generated_and_without_the_rag_runtime_nothing()
    {
        var unserved = Source.Replace("[Serve(Route = \"/docs/\")]", "", StringComparison.Ordinal)
            .Replace("builder.AddDocsAssistant()", "builder.ToString()", StringComparison.Ordinal)
            .Replace("app.MapDocsAssistant()", "app.ToString()", StringComparison.Ordinal);
        var text = Generated(Run(Compile(web: true, rag: true, unserved)).Driver);
        Assert.Contains("public static global::MlAsCode.Rag.Pipeline.RagEngine Open(", text, StringComparison.Ordinal);
        Assert.DoesNotContain("MapDocsAssistant", text, StringComparison.Ordinal);

        var console = Source[..Source.IndexOf("public static class Startup", StringComparison.Ordinal)];
        var noWeb = Generated(Run(Compile(web: false, rag: true, console)).Driver);
        Assert.DoesNotContain("AspNetCore", noWeb, StringComparison.Ordinal);

        // An ASP.NET Core app without MlAsCode.Rag.Serving: the pipeline, no endpoint (the endpoint is that package's).
        var webOnly = Generated(Run(Compile(web: true, rag: true, ragServing: false, console)).Driver);
        Assert.Contains("public static global::MlAsCode.Rag.Pipeline.RagEngine Open(", webOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("MapDocsAssistant", webOnly, StringComparison.Ordinal);

        var (driver, _) = Run(Compile(web: false, rag: false, console));
        Assert.Empty(driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources));
    }

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached_and_editing_the_declaration_regenerates_it()
    {
        var compilation = Compile(web: true, rag: true, Source, Unrelated);
        var driver = Driver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.ElementAt(1);
        var rerun = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(Unrelated.Replace("x * 2", "x + x", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: tree.FilePath)));
        var steps = Steps(rerun);
        foreach (var name in TrackedSteps)
        {
            Assert.All(steps[name].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} was {o.Reason}"));
        }

        var declaration = compilation.SyntaxTrees.First();
        var edited = rerun.RunGenerators(compilation.ReplaceSyntaxTree(declaration,
            CSharpSyntaxTree.ParseText(Source.Replace("TopK = 8", "TopK = 12", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: declaration.FilePath)));
        Assert.Contains(Steps(edited)[TrackingNames.RagPipelines].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("TopK = 12,", Generated(edited), StringComparison.Ordinal);

        foreach (var value in steps[TrackingNames.RagPipelines].SelectMany(s => s.Outputs).Select(o => o.Value))
        {
            var model = Assert.IsType<RagPipelineModel>(value);
            // Value equality: a copy of the settings is the same model (the step is cached across compilations).
            Assert.Equal(model, model with { Settings = model.Settings with { } });
            Assert.NotEqual(model, model with { Settings = model.Settings with { TopK = model.Settings.TopK + 1 } });
        }
    }

    private static Dictionary<string, IncrementalGeneratorRunStep[]> Steps(GeneratorDriver driver) =>
        driver.GetRunResult().Results.SelectMany(r => r.TrackedSteps)
            .GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.SelectMany(s => s.Value).ToArray());
}
