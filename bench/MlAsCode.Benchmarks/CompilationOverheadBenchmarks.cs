using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Basic.Reference.Assemblies;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MlAsCode.Analyzers.ProblemFraming;
using MlAsCode.Generators.ProblemFraming;

namespace MlAsCode.Benchmarks;

/// <summary>
/// What MlAsCode's generators and analyzers add to compiling a project with 200 attributed problem classes,
/// against compiling the same sources without them. Both sides bind and emit the same pre-parsed trees.
/// </summary>
[MemoryDiagnoser]
public class CompilationOverheadBenchmarks
{
    public const int Classes = 200;

    private ImmutableArray<SyntaxTree> _trees;
    private ImmutableArray<MetadataReference> _references;
    private readonly CSharpParseOptions _parseOptions = new(LanguageVersion.Latest);

    [GlobalSetup]
    public void Setup()
    {
        _trees = [.. Enumerable.Range(0, Classes).Select(i => CSharpSyntaxTree.ParseText(Source(i), _parseOptions, path: $"Problem{i}.cs"))];
        _references =
        [
            .. Net100.References.All,
            MetadataReference.CreateFromFile(typeof(MlProblemAttribute).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(Framing.ProblemBrief).Assembly.Location),
        ];
    }

    /// <summary>A realistic brief: every field, a baseline, kill criteria, and some ordinary code beside it.</summary>
    public static string Source(int i) => $$"""
        using MlAsCode;

        namespace Bench.Problems{{i % 10}};

        [MlProblem("problem{{i}}",
            BusinessObjective = "Objective {{i}}", SuccessMetric = "Improve KPI {{i}} by 10%",
            Task = MlTask.BinaryClassification, PredictionTarget = "Outcome {{i}} within 30 days",
            Consumer = PredictionConsumer.Api, Latency = LatencyClass.RealTime,
            Metric = Metric.PrAuc, PositiveRate = 0.12,
            DataAvailable = "Table {{i}}", DataGaps = "None", EthicalConsiderations = "Reviewed",
            ProtectedAttributes = new[] { "gender" }, RoiEstimate = "${{i}}k/year")]
        [Baseline("Rule {{i}}", Metric = Metric.PrAuc, Value = 0.3)]
        [KillCriterion("Baseline heuristic achieves >90% of ML performance")]
        [KillCriterion("Model can't beat random by >10% on holdout set")]
        public partial class Problem{{i}}
        {
            public static int Score(int a, int b) => a * {{i}} + b;
            public static string Describe(int x) => x switch { 0 => "zero", < 0 => "negative", _ => $"positive {x}" };
        }
        """;

    private CSharpCompilation NewCompilation() =>
        CSharpCompilation.Create("Bench", _trees, _references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    // Each variant does what csc does for it: Emit binds every method and reports compiler errors; generators run
    // first and add their trees; analyzers run over the same compilation.

    [Benchmark(Baseline = true, Description = "compile without MlAsCode")]
    public int CompileWithoutMlAsCode() => Emit(NewCompilation());

    [Benchmark(Description = "compile with MlAsCode generators + analyzers")]
    public Task<int> CompileWithMlAsCode() => EmitAndAnalyzeAsync(RunGenerators(NewCompilation()));

    [Benchmark(Description = "compile with MlAsCode generators only")]
    public int CompileWithGeneratorsOnly() => Emit(RunGenerators(NewCompilation()));

    [Benchmark(Description = "compile with MlAsCode analyzers only")]
    public Task<int> CompileWithAnalyzersOnly() => EmitAndAnalyzeAsync(NewCompilation());

    [Benchmark(Description = "generator driver alone, no emit")]
    public int GeneratorDriverAlone() => RunGenerators(NewCompilation()).SyntaxTrees.Count();

    private Compilation RunGenerators(Compilation input)
    {
        var driver = CSharpGeneratorDriver.Create([new ProblemBriefGenerator().AsSourceGenerator()], parseOptions: _parseOptions);
        driver.RunGeneratorsAndUpdateCompilation(input, out var output, out _);
        return output;
    }

    // As in csc, analyzers listen to the events of the compilation that is emitted rather than binding a copy.
    private static async Task<int> EmitAndAnalyzeAsync(Compilation compilation)
    {
        var withAnalyzers = compilation.WithAnalyzers([new ProblemBriefAnalyzer()]);
        var size = Emit(withAnalyzers.Compilation);
        return size + (await withAnalyzers.GetAnalyzerDiagnosticsAsync()).Length;
    }

    private static int Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidDataException(string.Join("\n", result.Diagnostics.Take(5)));
        }

        return (int)stream.Length;
    }
}
