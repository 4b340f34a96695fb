using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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
            typeof(MlProblemAttribute), typeof(Framing.ProblemBrief), typeof(global::MlAsCode.Serving.ServingExtensions), typeof(global::MlAsCode.Rag.Pipeline.RagEngine),
            typeof(global::MlAsCode.Training.Trainers.MlNetTrainer), typeof(Microsoft.Extensions.AI.IChatClient), typeof(Microsoft.Extensions.VectorData.VectorStoreCollection<,>),
        };
        return [.. Net100.References.All.Cast<MetadataReference>()
            .Concat(Directory.GetFiles(aspNet, "Microsoft.*.dll").Select(f => MetadataReference.CreateFromFile(f)))
            .Concat(runtime.Select(t => MetadataReference.CreateFromFile(t.Assembly.Location)))
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

    public static TheoryData<string> Pages() => [.. (Environment.GetEnvironmentVariable("MLAC_DOC_PAGES") ?? "README.md;docs/getting-started.md").Split(';')];

    private static List<string> Blocks(string markdown) =>
        [.. Regex.Matches(markdown, "^```csharp\\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline).Select(m => m.Groups[1].Value)];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_csharp_block_compiles_with_the_blocks_before_it(string page)
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

            var compilation = CSharpCompilation.Create("DocsApp", [ImplicitUsings, .. context, trees[i]], References.Value,
                new CSharpCompilationOptions(HasStatements(trees[i]) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: NullableContextOptions.Enable));
            CSharpGeneratorDriver.Create(
                [new ProblemFraming.ProblemBriefGenerator().AsSourceGenerator(), new Features.FeatureSetGenerator().AsSourceGenerator(),
                 new Experiments.ExperimentGenerator().AsSourceGenerator(), new Serving.ServeGenerator().AsSourceGenerator(), new Rag.RagPipelineGenerator().AsSourceGenerator()],
                parseOptions: GeneratorHarness.ParseOptions).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
            problems.AddRange(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        }

        Assert.True(problems.Count == 0, $"{page}: code blocks that do not compile:\n" + string.Join("\n", problems.Distinct()));
    }

    private static HashSet<string> Declared(SyntaxTree tree) =>
        [.. tree.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Select(t => t.Identifier.Text)];

    private static bool HasStatements(SyntaxTree tree) => tree.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any();
}
