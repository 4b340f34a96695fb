using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlAsCode.Generators.Tests;

/// <summary>
/// The C# blocks of the pages a newcomer reads first compile, with the generators running, as a user's project would:
/// each block together with the declarations of the blocks before it on the page (a later block that declares the same
/// type replaces the earlier one, as the walk-through refines its brief).
/// </summary>
public class DocumentationSnippetTests
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "MlAsCode.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("MlAsCode.sln not found above " + AppContext.BaseDirectory);
    });

    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var aspNet = Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!;
        var runtime = new[]
        {
            typeof(MlProblemAttribute), typeof(Framing.ProblemBrief), typeof(global::MlAsCode.Experiments.RunDocuments), typeof(Data.Parquet.ParquetLoader), typeof(global::MlAsCode.Serving.ServingExtensions), typeof(global::MlAsCode.Rag.Pipeline.RagEngine), typeof(global::MlAsCode.Rag.Serving.RagServiceExtensions),
            typeof(global::MlAsCode.Training.Trainers.MlNetTrainer), typeof(Microsoft.ML.MLContext), typeof(Microsoft.ML.IDataView), typeof(Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer),
            typeof(Microsoft.ML.Tokenizers.BertTokenizer), typeof(Microsoft.Extensions.AI.ChatClientBuilder), typeof(Microsoft.Extensions.AI.IChatClient), typeof(Microsoft.Extensions.VectorData.VectorStoreCollection<,>),
        };
        return [.. Net100.References.All.Cast<MetadataReference>()
            .Concat(Directory.GetFiles(aspNet, "Microsoft.*.dll").Select(f => MetadataReference.CreateFromFile(f)))
            .Concat(runtime.Select(t => MetadataReference.CreateFromFile(t.Assembly.Location)))
            // ML.NET is several assemblies (Core, Data, StandardTrainers, ...): all that ship beside the tests.
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.ML*.dll").Select(f => MetadataReference.CreateFromFile(f)))
            .GroupBy(r => Path.GetFileName(r.Display)).Select(g => g.First())];
    });

    // What `<ImplicitUsings>enable</ImplicitUsings>` gives a console project (the .NET templates' default).
    private static readonly SyntaxTree ImplicitUsings = CSharpSyntaxTree.ParseText("""
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """, GeneratorHarness.ParseOptions.WithKind(SourceCodeKind.Regular), path: "ImplicitUsings.g.cs");

    // Reference pages show fragments of the churn sample: its declarations are in scope there (global using Churn).
    private static readonly Lazy<SyntaxTree[]> ChurnSample = new(() =>
    [
        .. new[] { "ChurnProblem.cs", "Customer.cs", "ChurnService.cs", "Experiments.cs" }.Select(f =>
            CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(Root.Value, "samples", "Churn", f)), GeneratorHarness.ParseOptions.WithKind(SourceCodeKind.Regular), path: "samples/Churn/" + f)),
    ]);

    private static readonly SyntaxTree ChurnUsing = CSharpSyntaxTree.ParseText("global using Churn;", GeneratorHarness.ParseOptions.WithKind(SourceCodeKind.Regular), path: "ChurnUsing.g.cs");

    // The walk-throughs declare their own types; the reference pages build on the churn sample.
    private static readonly string[] WalkThroughs = ["README.md", "docs/getting-started.md"];

    // Every page of the README, the docs and the samples' READMEs (MLAC_DOC_PAGES narrows it while editing).
    public static TheoryData<string> Pages()
    {
        if (Environment.GetEnvironmentVariable("MLAC_DOC_PAGES") is { Length: > 0 } chosen)
        {
            return [.. chosen.Split(';')];
        }

        var root = Root.Value;
        return [.. new[] { "README.md" }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(Path.Combine(root, "samples"), "README.md", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(root, Path.Combine(root, f)).Replace('\\', '/'))
            .Where(f => Blocks(File.ReadAllText(Path.Combine(root, f))).Count > 0)
            .Order(StringComparer.Ordinal)];
    }

    private static List<string> Blocks(string markdown) =>
        [.. Regex.Matches(markdown, "^```csharp\\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline).Select(m => m.Groups[1].Value)];

    [Theory]
    [MemberData(nameof(Pages))]
    public async System.Threading.Tasks.Task Every_csharp_block_compiles_with_the_blocks_before_it(string page)
    {
        var blocks = Blocks(File.ReadAllText(Path.Combine(Root.Value, page)));
        Assert.NotEmpty(blocks);
        var trees = blocks.Select((b, i) => CSharpSyntaxTree.ParseText(b, GeneratorHarness.ParseOptions.WithKind(SourceCodeKind.Regular), path: $"{page} block {i + 1}")).ToList();
        var problems = new List<string>();
        for (var i = 0; i < trees.Count; i++)
        {
            // The declarations before this block that it does not redeclare (and no earlier top-level statements).
            var declared = Declared(trees[i]);
            var context = new List<SyntaxTree>();
            for (var j = 0; j < i; j++)
            {
                var earlier = Declared(trees[j]);
                if (!HasStatements(trees[j]) && !earlier.Overlaps(declared) && !Enumerable.Range(j + 1, i - j - 1).Any(k => Declared(trees[k]).Overlaps(earlier)))
                {
                    context.Add(trees[j]);
                }
            }

            // A block that declares a sample type (its own Customer) replaces the sample's file for it, and the sample
            // files that use that type go too.
            var own = context.Append(trees[i]).SelectMany(Declared).ToHashSet();
            SyntaxTree[] sample = WalkThroughs.Contains(page) ? [] : [.. ChurnSample.Value.Where(t => !Declared(t).Overlaps(own) && !Uses(t).Overlaps(own))];
            sample = sample.Length == 0 ? [] : [.. sample, ChurnUsing];
            var compilation = CSharpCompilation.Create("DocsApp", [ImplicitUsings, .. sample, .. context, trees[i]], References.Value,
                new CSharpCompilationOptions(HasStatements(trees[i]) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: NullableContextOptions.Enable));
            CSharpGeneratorDriver.Create(
                [new ProblemFraming.ProblemBriefGenerator().AsSourceGenerator(), new Features.FeatureSetGenerator().AsSourceGenerator(),
                 new Experiments.ExperimentGenerator().AsSourceGenerator(), new Serving.ServeGenerator().AsSourceGenerator(), new Rag.RagPipelineGenerator().AsSourceGenerator()],
                parseOptions: GeneratorHarness.ParseOptions).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
            problems.AddRange(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
            // A rule page's block that says "// ML0xxx" on a line of code claims the rule fires there: it must.
            if (RuleOf(page) is { } rule && problems.Count == 0 && Claims(blocks[i], rule))
            {
                var fired = (await output.WithAnalyzers(Analyzers.Value).GetAnalyzerDiagnosticsAsync())
                    .Any(d => d.Id == rule && d.Location.SourceTree == trees[i]);
                if (!fired)
                {
                    problems.Add($"{page} block {i + 1} says {rule} but the analyzers do not report it there");
                }
            }
        }

        Assert.True(problems.Count == 0, $"{page}: code blocks that do not compile:\n" + string.Join("\n", problems.Distinct()));
    }

    private static HashSet<string> Declared(SyntaxTree tree) =>
        [.. tree.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Select(t => t.Identifier.Text)];

    private static readonly Lazy<System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>> Analyzers = new(() =>
        [.. typeof(MlAsCode.Analyzers.Serving.ServeAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(t => (Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer)Activator.CreateInstance(t)!)]);

    private static bool Claims(string block, string rule) =>
        block.Split('\n').Any(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal) && Regex.IsMatch(l, $@"//\s*{rule}\b"));

    // docs/rules/ML0204.md → ML0204.
    private static string? RuleOf(string page) =>
        page.StartsWith("docs/rules/ML", StringComparison.Ordinal) ? Path.GetFileNameWithoutExtension(page) : null;

    private static HashSet<string> Uses(SyntaxTree tree) =>
        [.. tree.GetRoot().DescendantNodes().OfType<IdentifierNameSyntax>().Select(n => n.Identifier.Text)];

    private static bool HasStatements(SyntaxTree tree) => tree.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any();
}
