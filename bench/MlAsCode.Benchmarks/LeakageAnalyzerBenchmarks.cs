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
using MlAsCode.Analyzers.Leakage;

namespace MlAsCode.Benchmarks;

/// <summary>
/// The leakage analyzer alone on one generated ~2,000-line file of training code (ML.NET splits, fits, transforms,
/// loops that compare candidates, helpers). Goal: under 50 ms per file. The compilation is bound once in setup, so
/// the measurement is the analyzer's own work.
/// </summary>
[MemoryDiagnoser]
public class LeakageAnalyzerBenchmarks
{
    public const int Methods = 60;

    private Compilation _compilation = null!;
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers = [new LeakageAnalyzer()];

    [GlobalSetup]
    public void Setup()
    {
        var references = Net100.References.All
            .Concat(Directory.GetFiles(System.AppContext.BaseDirectory, "Microsoft.ML*.dll").Select(f => MetadataReference.CreateFromFile(f)))
            .Append(MetadataReference.CreateFromFile(typeof(MlProblemAttribute).Assembly.Location));
        _compilation = CSharpCompilation.Create("Bench",
            [CSharpSyntaxTree.ParseText(Source(), new CSharpParseOptions(LanguageVersion.Latest), path: "Training.cs")],
            references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _ = _compilation.GetDiagnostics();
    }

    // Both benchmarks pay for what any analyzer pays: the driver re-binds the file and builds each method's operation
    // tree. The baseline analyzer only receives those trees; the difference is the leakage analyzer's own work.
    [Benchmark(Baseline = true, Description = "analyzer that only receives each method's operations")]
    public Task<ImmutableArray<Diagnostic>> OperationsOnly() =>
        _compilation.WithAnalyzers([new OperationsOnlyAnalyzer()], new AnalyzerOptions([])).GetAnalyzerDiagnosticsAsync();

    [Benchmark(Description = "LeakageAnalyzer")]
    public Task<ImmutableArray<Diagnostic>> AnalyzeFile() =>
        _compilation.WithAnalyzers(_analyzers, new AnalyzerOptions([])).GetAnalyzerDiagnosticsAsync();

    /// <summary>
    /// The analyzer's own time as Roslyn's analyzer driver measures it (time inside its callbacks only), median of
    /// <paramref name="runs"/> runs after one warm-up: <c>dotnet run -c Release -- --leakage-telemetry</c>.
    /// </summary>
    public static async Task<(double MedianMs, double MinMs, double MaxMs)> MeasureOwnTimeAsync(int runs)
    {
        var bench = new LeakageAnalyzerBenchmarks();
        bench.Setup();
        var analyzer = new LeakageAnalyzer();
        var times = new System.Collections.Generic.List<double>();
        for (var i = 0; i <= runs; i++)
        {
            var withAnalyzers = bench._compilation.WithAnalyzers([analyzer],
                new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
            _ = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default);
            if (i > 0)
            {
                times.Add(telemetry.ExecutionTime.TotalMilliseconds);
            }
        }

        times.Sort();
        return (times[times.Count / 2], times[0], times[^1]);
    }

    /// <summary>Receives every method body's operation tree and does nothing with it.</summary>
    /// <remarks>A measuring stick inside the benchmark process, never loaded by a compiler: the packaging rules for
    /// shipped analyzers do not apply.</remarks>
#pragma warning disable RS1041, RS1036, RS2008
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class OperationsOnlyAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Unused = new("BENCH0001", "unused", "unused", "bench", DiagnosticSeverity.Hidden, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Unused];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(_ => { }, OperationKind.MethodBody, OperationKind.ConstructorBody);
        }
    }
#pragma warning restore RS1041, RS1036, RS2008

    /// <summary>The file: row types, a scaling helper, and <see cref="Methods"/> training methods built from corpus code.</summary>
    public static string Source()
    {
        var text = new StringBuilder("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using Microsoft.ML;
            using Microsoft.ML.Data;
            using MlAsCode;

            namespace Bench;

            public sealed class Row
            {
                [LoadColumn(0)] public float A { get; set; }
                [LoadColumn(1)] public float B { get; set; }
                [LoadColumn(2), ColumnName("Label")] public bool Y { get; set; }
            }

            public sealed class TimedRow
            {
                [LoadColumn(0), EventTime] public DateTime At { get; set; }
                [LoadColumn(1)] public float A { get; set; }
                [LoadColumn(2), ColumnName("Label")] public float Y { get; set; }
            }

            public sealed partial class Training
            {
                private readonly MLContext _ml = new(seed: 1);

                private IDataView Scale(IDataView data) =>
                    _ml.Transforms.Concatenate("Features", "A", "B").Append(_ml.Transforms.NormalizeMinMax("Features")).Fit(data).Transform(data);

                private double Score(ITransformer model, IDataView test) =>
                    _ml.BinaryClassification.Evaluate(model.Transform(test)).AreaUnderRocCurve;

            """);
        for (var i = 0; i < Methods; i++)
        {
            text.Append($$"""
                    public ITransformer? Method{{i}}(string path, List<Row> rows, IEnumerable<IEstimator<ITransformer>> candidates)
                    {
                        var data = _ml.Data.LoadFromTextFile<Row>(path, ',', hasHeader: true);
                        var scaled = Scale(data);
                        var split = _ml.Data.TrainTestSplit(scaled, testFraction: 0.2, seed: {{i}});
                        var validation = _ml.Data.TrainTestSplit(split.TrainSet, testFraction: 0.25);
                        ITransformer? best = null;
                        var bestAuc = 0.0;
                        foreach (var candidate in candidates)
                        {
                            var model = candidate.Fit(validation.TrainSet);
                            var auc = Score(model, split.TestSet);
                            if (auc > bestAuc)
                            {
                                (best, bestAuc) = (model, auc);
                            }
                        }

                        var balanced = rows.Concat(rows.Where(r => r.Y)).ToList();
                        var oversampled = _ml.Data.TrainTestSplit(_ml.Data.LoadFromEnumerable(balanced), 0.2);
                        var train = rows.Take(rows.Count * 4 / 5).ToList();
                        var test = rows.Skip(rows.Count * 4 / 5).ToList();
                        var pipeline = _ml.Transforms.Concatenate("Features", "A", "B")
                            .Append(_ml.BinaryClassification.Trainers.SdcaLogisticRegression());
                        var fitted = pipeline.Fit(_ml.Data.LoadFromEnumerable(train));
                        var metrics = _ml.BinaryClassification.Evaluate(fitted.Transform(_ml.Data.LoadFromEnumerable(test)));
                        var cv = _ml.BinaryClassification.CrossValidate(oversampled.TrainSet, pipeline, numberOfFolds: 5);
                        var mean = cv.Average(f => f.Metrics.AreaUnderRocCurve);
                        var timed = _ml.Data.LoadFromTextFile<TimedRow>(path, ',', hasHeader: true);
                        var timedSplit = _ml.Data.TrainTestSplit(timed, 0.2);
                        var ranked = candidates.Select(c => (c, _ml.BinaryClassification.Evaluate(c.Fit(split.TrainSet).Transform(split.TestSet)).F1Score))
                            .OrderByDescending(x => x.Item2).ToList();
                        Console.WriteLine($"{metrics.Accuracy} {mean} {ranked.Count} {timedSplit.TestSet.Schema.Count}");
                        return best;
                    }


                """);
        }

        return text.Append("}\n").ToString();
    }
}
