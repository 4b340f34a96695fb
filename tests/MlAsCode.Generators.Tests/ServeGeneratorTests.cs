using System;
using System.IO;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlAsCode.Generators.Features;
using MlAsCode.Generators.ProblemFraming;
using MlAsCode.Generators.Serving;
using Snapshooter.Xunit;

namespace MlAsCode.Generators.Tests;

public class ServeGeneratorTests
{
    private const string Source = """
        using MlAsCode;

        namespace Shop;

        [MlProblem("churn", BusinessObjective = "Cut churn", Task = MlTask.BinaryClassification, Metric = Metric.PrAuc)]
        [Baseline(BaselineKind.MajorityClass)]
        public partial class Churn;

        [FeatureSet(Entity = "customer", Problem = typeof(Churn), Source = "data/customers.csv")]
        public partial record Customer
        {
            [Target(Positive = "Yes")] public string Churned { get; init; } = "";
            [Feature(Transform.Standardize)] public float Tenure { get; init; }
            [Feature(Transform.OneHot)] public string Contract { get; init; } = "";
        }

        [Serve(typeof(Churn), Route = "/churn/", TimeoutMs = 80, RateLimitPerSecond = 500, MaxBatchSize = 16, MaxBatchDelayMs = 3)]
        [Fallback(nameof(Rules))]
        [AbTest("trees-vs-mlp", Control = "EXP-2026-11-26-001", Treatment = "EXP-2026-11-26-003", TreatmentPercent = 5,
            GuardrailMetrics = new[] { "latency_p99" }, PlannedDays = 14)]
        public static partial class ChurnService
        {
            static double Rules(Customer c) => c.Contract == "Month-to-month" && c.Tenure < 6 ? 0.8 : 0.1;
        }

        public static class Startup
        {
            public static void Configure(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) => builder.AddChurnService();

            public static void Map(Microsoft.AspNetCore.Builder.WebApplication app) => app.MapChurnService();
        }
        """;

    // The .NET 10 reference assemblies, the MlAsCode assemblies and ASP.NET Core's shared framework, as an app has them.
    private static Compilation Compile(string source)
    {
        var aspNet = Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!;
        var references = Net100.References.All.Cast<MetadataReference>()
            .Concat(Directory.GetFiles(aspNet, "Microsoft.*.dll").Select(f => MetadataReference.CreateFromFile(f)))
            .Concat(new[] { typeof(MlProblemAttribute), typeof(Framing.ProblemBrief), typeof(MlAsCode.Serving.ServingExtensions) }
                .Select(t => MetadataReference.CreateFromFile(t.Assembly.Location)));
        return CSharpCompilation.Create("UserProject", [CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static (GeneratorDriverRunResult Result, Compilation Output) Run(string source)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new ProblemBriefGenerator().AsSourceGenerator(), new FeatureSetGenerator().AsSourceGenerator(), new ServeGenerator().AsSourceGenerator()],
            parseOptions: GeneratorHarness.ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(Compile(source), out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "Generated code does not compile cleanly:\n" + string.Join("\n", problems));
        return (driver.GetRunResult(), output);
    }

    [Fact]
    public void A_served_model_gets_add_and_map_extension_methods_with_its_declared_options()
    {
        var generated = Run(Source).Result.Results.SelectMany(r => r.GeneratedSources).Single(s => s.HintName.EndsWith(".Serve.g.cs", StringComparison.Ordinal));
        Snapshot.Match(generated.SourceText.ToString().Replace(
            $"\"MlAsCode.Generators\", \"{typeof(ServeGenerator).Assembly.GetName().Version}\"", "\"MlAsCode.Generators\", \"{version}\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_is_generated_without_a_feature_set_for_the_problem_and_a_fallback_that_does_not_fit_is_left_out()
    {
        var noFeatures = Source.Replace("Problem = typeof(Churn), Source", "Source", StringComparison.Ordinal)
            .Replace("public static class Startup", "public static class Unused", StringComparison.Ordinal)
            .Replace("builder.AddChurnService()", "builder.ToString()", StringComparison.Ordinal)
            .Replace("app.MapChurnService()", "app.ToString()", StringComparison.Ordinal);
        Assert.DoesNotContain(Run(noFeatures).Result.Results.SelectMany(r => r.GeneratedSources), s => s.HintName.EndsWith(".Serve.g.cs", StringComparison.Ordinal));

        var wrongRules = Source.Replace("static double Rules(Customer c)", "static string Rules(Customer c)", StringComparison.Ordinal)
            .Replace("? 0.8 : 0.1", "? \"yes\" : \"no\"", StringComparison.Ordinal);
        var generated = Run(wrongRules).Result.Results.SelectMany(r => r.GeneratedSources).Single(s => s.HintName.EndsWith(".Serve.g.cs", StringComparison.Ordinal));
        Assert.Contains(")), null);", generated.SourceText.ToString(), StringComparison.Ordinal);
    }
}
