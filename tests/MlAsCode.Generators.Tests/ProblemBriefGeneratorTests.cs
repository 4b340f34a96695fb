using System.Linq;
using MlAsCode.Framing;
using MlAsCode.Rubric;
using Snapshooter.Xunit;

namespace MlAsCode.Generators.Tests;

public class ProblemBriefGeneratorTests
{
    private const string CompleteBrief = """
        using MlAsCode;

        namespace Shop.Churn;

        [MlProblem("churn",
            BusinessObjective = "Cut monthly churn of subscription customers",
            SuccessMetric = "Reduce churn 15% within two quarters",
            Task = MlTask.BinaryClassification,
            PredictionTarget = "Customer cancels within 30 days",
            Consumer = PredictionConsumer.Api, Latency = LatencyClass.RealTime,
            DataAvailable = "7,043 customers", DataGaps = "no usage history",
            EthicalConsiderations = "no offers withheld by gender",
            ProtectedAttributes = new[] { "gender", "SeniorCitizen" },
            Metric = Metric.PrAuc, PositiveRate = 0.265,
            RoiEstimate = "$1.1M/year")]
        [Baseline("Month-to-month contract and tenure < 6 months", Metric = Metric.PrAuc, Value = 0.41)]
        [KillCriterion("Baseline heuristic achieves >90% of ML performance")]
        [KillCriterion("Model can't beat random by >10% on holdout set")]
        public partial class Churn;
        """;

    [Fact]
    public void Complete_brief() => Snapshot.Match(GeneratorHarness.SingleGeneratedSource(CompleteBrief));

    [Fact]
    public void A_rules_baseline_carries_a_typed_delegate_to_the_rules_method()
    {
        var (_, output) = GeneratorHarness.Run("""
            using MlAsCode;

            [MlProblem("churn", Task = MlTask.BinaryClassification)]
            [Baseline(RulesMethod = nameof(Rules))]
            partial class Churn
            {
                private static double Rules(string contract, float tenure) => contract == "Month-to-month" && tenure < 6 ? 0.8 : 0.1;
            }
            """);

        var brief = Assert.IsType<ProblemBrief>(GeneratorHarness.ReadStatic(output, "Churn", "Brief"));

        Assert.Equal(BaselineKind.Rules, brief.Baseline!.Kind);
        var rules = Assert.IsType<System.Func<string, float, double>>(brief.Baseline.Rules);
        Assert.Equal(0.8, rules("Month-to-month", 3));
        Assert.Equal(0.1, rules("Two year", 3));
    }

    [Fact]
    public void An_overloaded_rules_method_keeps_only_its_name()
    {
        var (_, output) = GeneratorHarness.Run("""
            [MlAsCode.MlProblem("churn")]
            [MlAsCode.Baseline(RulesMethod = "Rules")]
            partial class Churn
            {
                static double Rules(int tenure) => tenure;
                static double Rules(string contract) => contract.Length;
            }
            """);

        var brief = Assert.IsType<ProblemBrief>(GeneratorHarness.ReadStatic(output, "Churn", "Brief"));

        Assert.Equal("Rules", brief.Baseline!.RulesMethod);
        Assert.Null(brief.Baseline.Rules);
    }

    [Fact]
    public void Blank_protected_attributes_are_dropped()
    {
        var (_, output) = GeneratorHarness.Run("""
            [MlAsCode.MlProblem("churn", ProtectedAttributes = new[] { "gender", " ", "" })]
            partial class Churn;
            """);

        var brief = Assert.IsType<ProblemBrief>(GeneratorHarness.ReadStatic(output, "Churn", "Brief"));

        Assert.Equal(["gender"], brief.ProtectedAttributes.ToArray());
    }

    [Fact]
    public void Minimal_brief_in_the_global_namespace() => Snapshot.Match(GeneratorHarness.SingleGeneratedSource("""
        [MlAsCode.MlProblem("demand")]
        partial class Demand { }
        """));

    [Fact]
    public void Nested_static_and_record_declarations() => Snapshot.Match(GeneratorHarness.AllGeneratedSources("""
        using MlAsCode;

        namespace Forecasts;

        public static partial class Problems
        {
            public partial class Outer<T>
            {
                [MlProblem("ridership", Task = MlTask.Regression, OutliersMustNotDominate = true)]
                [Baseline(BaselineKind.Rules, RulesMethod = nameof(SameDayLastWeek))]
                internal static partial class Ridership
                {
                    static double SameDayLastWeek(double[] history) => history[^7];
                }
            }

            [MlProblem("fraud", Task = MlTask.AnomalyDetection)]
            [Baseline(BaselineKind.Measured, Metric = Metric.PrecisionAtK, Value = 0.3)]
            public sealed partial record Fraud;
        }
        """));

    [Fact]
    public void Generated_brief_holds_exactly_the_declared_values()
    {
        var (_, output) = GeneratorHarness.Run(CompleteBrief);

        var brief = Assert.IsType<ProblemBrief>(GeneratorHarness.ReadStatic(output, "Shop.Churn.Churn", "Brief"));

        Assert.Equal("churn", brief.Name);
        Assert.Equal("Cut monthly churn of subscription customers", brief.BusinessObjective);
        Assert.Equal(MlTask.BinaryClassification, brief.Task);
        Assert.Equal(PredictionConsumer.Api, brief.Consumer);
        Assert.Equal(LatencyClass.RealTime, brief.Latency);
        Assert.Equal(Metric.PrAuc, brief.PrimaryMetric);
        Assert.Equal(0.265, brief.PositiveRate);
        Assert.Equal(["gender", "SeniorCitizen"], brief.ProtectedAttributes.ToArray());
        Assert.Equal(new BaselineSpec(BaselineKind.Measured, "Month-to-month contract and tenure < 6 months", Metric.PrAuc, 0.41), brief.Baseline);
        Assert.Equal(2, brief.KillCriteria.Length);
        Assert.Equal("Model can't beat random by >10% on holdout set", brief.KillCriteria[1]);
    }

    [Fact]
    public void Generated_rubric_scores_the_brief()
    {
        var (_, output) = GeneratorHarness.Run(CompleteBrief);

        var rubric = Assert.IsType<RubricReport>(GeneratorHarness.ReadStatic(output, "Shop.Churn.Churn", "Rubric"));

        Assert.Equal(5, rubric[RubricDimension.ProblemFraming].Points);
        Assert.Equal(2, rubric[RubricDimension.Documentation].Points);
        Assert.Equal(17, rubric.Total, 9);
    }

    [Fact]
    public void Strings_that_need_escaping_survive_generation()
    {
        const string tricky = "He said \"stop\"\\n\nline two\t€ {braces}";
        var literal = Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(tricky, quote: true);
        var source = $"[MlAsCode.MlProblem(\"x\", BusinessObjective = {literal})]\npartial class P;";
        var (_, output) = GeneratorHarness.Run(source);

        var brief = Assert.IsType<ProblemBrief>(GeneratorHarness.ReadStatic(output, "P", "Brief"));

        Assert.Equal(tricky, brief.BusinessObjective);
    }

    [Fact]
    public void Without_the_runtime_nothing_is_generated_and_the_project_still_compiles()
    {
        var (result, _) = GeneratorHarness.Run(CompleteBrief, withRuntime: false);

        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void A_class_that_is_not_partial_gets_no_generated_code()
    {
        var compilation = GeneratorHarness.Compilation(true, """
            [MlAsCode.MlProblem("x")]
            class NotPartial;

            partial class Outer
            {
            }

            class Plain
            {
                [MlAsCode.MlProblem("y")]
                partial class Inner;
            }
            """);

        var result = GeneratorHarness.Driver().RunGenerators(compilation).GetRunResult();

        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void Every_generated_file_carries_the_generated_code_markers()
    {
        var text = GeneratorHarness.SingleGeneratedSource(CompleteBrief);

        Assert.StartsWith("// <auto-generated/>\n#nullable enable\n", text);
        Assert.Equal(2, text.Split("[global::System.CodeDom.Compiler.GeneratedCode(\"MlAsCode.Generators\"").Length - 1);
        var code = System.Text.RegularExpressions.Regex.Replace(text, @"""(?:[^""\\]|\\.)*""", "\"\"");
        var unqualified = System.Text.RegularExpressions.Regex.Matches(code, @"(?<!global::)(?<![\w.])(MlAsCode|System)\.\w+");
        Assert.True(unqualified.Count == 0, "names without global:: : " + string.Join(", ", unqualified.Select(m => m.Value)));
    }
}
