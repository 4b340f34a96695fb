using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlAsCode.Generators.Common;
using MlAsCode.Generators.Model;

namespace MlAsCode.Generators.Tests;

public class CachingTests
{
    private const string Brief = """
        using MlAsCode;
        namespace App;
        [MlProblem("churn", BusinessObjective = "Cut churn", Task = MlTask.BinaryClassification)]
        [Baseline(RulesMethod = nameof(Rules))]
        [KillCriterion("Model can't beat random by >10% on holdout set")]
        public partial class Churn
        {
            static double Rules(int tenure) => tenure < 6 ? 0.8 : 0.1;
        }
        """;

    private const string Features = """
        using MlAsCode;
        namespace App;
        [FeatureSet(Entity = "customer", Problem = typeof(Churn))]
        public partial record Customer
        {
            [Target(Positive = "Yes")] public string Churn { get; init; } = "";
            [Feature(Transform.Standardize)] public float Tenure { get; init; }
            [Feature(Transform.OneHot)] public string Contract { get; init; } = "";
        }
        """;

    private const string Experiment = """
        using MlAsCode;
        namespace App;
        [Experiment("EXP-2026-11-26-001", Problem = typeof(Churn), Features = typeof(Customer), Model = ModelFamily.LightGbm, Seed = 42)]
        [SearchSpace("learning_rate", 0.01, 0.3, Scale = Scale.Log)]
        [Tuning(TuningStrategy.Bayesian, Trials = 20)]
        public partial class TenureExperiment;
        """;

    private const string Service = """
        using MlAsCode;
        namespace App;
        [Serve(typeof(Churn), Route = "/churn")]
        [Fallback(nameof(Rules))]
        public static partial class ChurnService
        {
            private static double Rules(Customer c) => c.Tenure < 6 ? 0.8 : 0.1;
        }
        """;

    private const string Assistant = """
        using MlAsCode;
        namespace App;
        [RagPipeline("kb")]
        public static partial class KnowledgeBase;
        """;

    private const string Unrelated = """
        namespace App;
        public static class Helpers { public static int Twice(int x) => x * 2; }
        """;

    private static readonly string[] TrackedSteps =
    [
        TrackingNames.ProblemBriefs, TrackingNames.RuntimeAvailable, TrackingNames.ProblemBriefsWithRuntime,
        TrackingNames.FeatureSets, TrackingNames.FeatureRuntimeAvailable, TrackingNames.FeatureSetsWithRuntime,
        TrackingNames.Experiments, TrackingNames.ExperimentRuntime, TrackingNames.ExperimentsWithRuntime,
        TrackingNames.Services, TrackingNames.ProblemFeatureSets, TrackingNames.ServingRuntime, TrackingNames.ServicesWithRuntime,
        TrackingNames.RagPipelines, TrackingNames.RagRuntime, TrackingNames.RagPipelinesWithRuntime,
    ];

    /// <summary>Tracked steps of every generator, by name.</summary>
    private static Dictionary<string, IncrementalGeneratorRunStep[]> Steps(GeneratorDriver driver) =>
        driver.GetRunResult().Results.SelectMany(r => r.TrackedSteps)
            .GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.SelectMany(s => s.Value).ToArray());

    [Theory]
    [InlineData(2, "x * 2", "x + x")]                  // another file
    [InlineData(0, "? 0.8 : 0.1", "? 0.7 : 0.2")]     // the rules method body, in the brief's own file
    public void An_edit_that_touches_no_ML_declaration_leaves_every_step_cached_or_unchanged(int file, string from, string to)
    {
        var compilation = GeneratorHarness.Compilation(true, Brief, Features, Unrelated, Experiment, Service, Assistant);
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
        var first = Steps(driver);
        Assert.All(TrackedSteps, name => Assert.True(first.ContainsKey(name), $"step {name} was not tracked"));

        var tree = compilation.SyntaxTrees.ElementAt(file);
        var text = tree.GetText().ToString();
        Assert.Contains(from, text);
        var edited = compilation.ReplaceSyntaxTree(
            tree, CSharpSyntaxTree.ParseText(text.Replace(from, to), GeneratorHarness.ParseOptions, path: tree.FilePath));
        var rerun = driver.RunGenerators(edited);
        var second = Steps(rerun);

        foreach (var name in TrackedSteps)
        {
            var reasons = second[name].SelectMany(step => step.Outputs).Select(o => o.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.True(
                reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {name} was {reason}"));
        }

        Assert.All(rerun.GetRunResult().Results.SelectMany(r => r.TrackedOutputSteps).SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    // The brief's values stay in its attributes and are read at run time: editing them leaves the generated file as it
    // was (nothing to re-emit, nothing for the compiler to re-bind), yet the edited value is what Brief holds. Renaming
    // the rules method, which the generated code binds, regenerates it.
    [Fact]
    public void Editing_the_briefs_values_keeps_the_generated_file_and_renaming_the_rules_method_regenerates_it()
    {
        var compilation = GeneratorHarness.Compilation(true, Brief, Features, Unrelated);
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
        string Generated(GeneratorDriver d) => d.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Single(s => s.HintName.Contains("MlProblem")).SourceText.ToString();
        var before = Generated(driver);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText(Brief.Replace("Cut churn", "Cut churn by 15%"), GeneratorHarness.ParseOptions, path: "Source0.cs"));
        var rerun = driver.RunGeneratorsAndUpdateCompilation(edited, out var output, out _);
        Assert.DoesNotContain(Steps(rerun)[TrackingNames.ProblemBriefs].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal(before, Generated(rerun));
        var brief = (Framing.ProblemBrief)GeneratorHarness.ReadStatic(output, "App.Churn", "Brief")!;
        Assert.Equal("Cut churn by 15%", brief.BusinessObjective);

        var renamed = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText(Brief.Replace("nameof(Rules)", "nameof(Heuristic)").Replace("double Rules(", "double Heuristic("), GeneratorHarness.ParseOptions, path: "Source0.cs"));
        var third = driver.RunGenerators(renamed);
        Assert.Contains(Steps(third)[TrackingNames.ProblemBriefs].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("(global::System.Func<int, double>)Heuristic", Generated(third), StringComparison.Ordinal);
    }

    [Fact]
    public void Pipeline_models_hold_no_symbols_syntax_or_compilations()
    {
        var compilation = GeneratorHarness.Compilation(true, Brief, Features, Unrelated);
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        var values = Steps(driver)
            .Where(step => TrackedSteps.Contains(step.Key))
            .SelectMany(step => step.Value)
            .SelectMany(step => step.Outputs)
            .Select(output => output.Value)
            .ToList();
        Assert.Contains(values, v => v is ProblemBriefModel || v is ValueTuple<ProblemBriefModel?, bool>);
        Assert.Contains(values, v => v is FeatureSetModel || v is ValueTuple<FeatureSetModel?, bool>);

        foreach (var value in values)
        {
            AssertHoldsNoRoslynObjects(value, "output", new HashSet<object>(ReferenceEqualityComparer.Instance));
        }

        AssertTypeHoldsNoRoslynTypes(typeof(ProblemBriefModel), new HashSet<Type>());
        AssertTypeHoldsNoRoslynTypes(typeof(FeatureSetModel), new HashSet<Type>());
        AssertTypeHoldsNoRoslynTypes(typeof(RagPipelineModel), new HashSet<Type>());
        AssertTypeHoldsNoRoslynTypes(typeof(ServeModel), new HashSet<Type>());
        AssertTypeHoldsNoRoslynTypes(typeof(Serving.ProblemFeatureSet), new HashSet<Type>());
    }

    private static readonly Type[] Banned = [typeof(ISymbol), typeof(SyntaxNode), typeof(Compilation), typeof(SemanticModel), typeof(Location), typeof(AttributeData)];

    private static void AssertHoldsNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(Banned.Any(b => b.IsInstanceOfType(value)), $"{path} holds a {value.GetType().Name}");
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                AssertHoldsNoRoslynObjects(item, $"{path}[{i++}]", seen);
            }

            return;
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertHoldsNoRoslynObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
        }
    }

    private static void AssertTypeHoldsNoRoslynTypes(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
        {
            return;
        }

        Assert.False(Banned.Any(b => b.IsAssignableFrom(type)), $"{type.Name} is a Roslyn type");
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertTypeHoldsNoRoslynTypes(field.FieldType, seen);
            foreach (var argument in field.FieldType.IsGenericType ? field.FieldType.GetGenericArguments() : [])
            {
                AssertTypeHoldsNoRoslynTypes(argument, seen);
            }

            if (field.FieldType.IsArray)
            {
                AssertTypeHoldsNoRoslynTypes(field.FieldType.GetElementType()!, seen);
            }
        }
    }

    [Fact]
    public void Equal_arrays_compare_equal_by_elements()
    {
        var a = new[] { "x", "y" }.ToEquatableArray();
        var b = new List<string> { "x", "y" }.ToEquatableArray();

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new[] { "y", "x" }.ToEquatableArray());
        Assert.Equal(EquatableArray<string>.Empty, Array.Empty<string>().ToEquatableArray());
    }
}
