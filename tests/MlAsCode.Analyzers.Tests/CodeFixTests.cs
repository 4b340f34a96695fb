using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlAsCode.Analyzers.CodeFixes.ProblemFraming;
using MlAsCode.Analyzers.ProblemFraming;

namespace MlAsCode.Analyzers.Tests;

public class CodeFixTests
{
    private static DiagnosticResult At(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor) =>
        new DiagnosticResult(descriptor).WithLocation(0).WithArguments("Churn");

    [Fact]
    public Task ML0001_fix_adds_the_seed_default_kill_criteria() =>
        CodeFixVerifier<ProblemBriefAnalyzer, AddKillCriteriaCodeFixProvider>.VerifyAsync(
            """
            using MlAsCode;

            [MlProblem("churn", BusinessObjective = "o", SuccessMetric = "s", Task = MlTask.BinaryClassification, PredictionTarget = "t")]
            [Baseline(BaselineKind.MajorityClass)]
            public partial class {|#0:Churn|} { }
            """,
            """
            using MlAsCode;

            [MlProblem("churn", BusinessObjective = "o", SuccessMetric = "s", Task = MlTask.BinaryClassification, PredictionTarget = "t")]
            [Baseline(BaselineKind.MajorityClass)]
            [KillCriterion("Baseline heuristic achieves >90% of ML performance", When = KillWhen.BaselineShareAbove, Threshold = 0.9)]
            [KillCriterion("Data quality too poor after 2 weeks of cleaning")]
            [KillCriterion("Model can't beat random by >10% on holdout set", When = KillWhen.LiftOverRandomBelow, Threshold = 0.1)]
            public partial class Churn { }
            """,
            [At(DiagnosticDescriptors.NoKillCriteria)]);

    [Fact]
    public Task ML0001_fix_replaces_blank_kill_criteria() =>
        CodeFixVerifier<ProblemBriefAnalyzer, AddKillCriteriaCodeFixProvider>.VerifyAsync(
            """
            using MlAsCode;

            [MlProblem("churn", BusinessObjective = "o", SuccessMetric = "s", Task = MlTask.BinaryClassification, PredictionTarget = "t")]
            [Baseline(BaselineKind.MajorityClass), KillCriterion(" ")]
            [KillCriterion("")]
            public partial class {|#0:Churn|} { }
            """,
            """
            using MlAsCode;

            [MlProblem("churn", BusinessObjective = "o", SuccessMetric = "s", Task = MlTask.BinaryClassification, PredictionTarget = "t")]
            [Baseline(BaselineKind.MajorityClass)]
            [KillCriterion("Baseline heuristic achieves >90% of ML performance", When = KillWhen.BaselineShareAbove, Threshold = 0.9)]
            [KillCriterion("Data quality too poor after 2 weeks of cleaning")]
            [KillCriterion("Model can't beat random by >10% on holdout set", When = KillWhen.LiftOverRandomBelow, Threshold = 0.1)]
            public partial class Churn { }
            """,
            [At(DiagnosticDescriptors.NoKillCriteria)]);

    [Fact]
    public Task ML0001_fix_qualifies_names_when_the_namespace_is_not_imported() =>
        CodeFixVerifier<ProblemBriefAnalyzer, AddKillCriteriaCodeFixProvider>.VerifyAsync(
            """
            namespace App
            {
                [MlAsCode.MlProblem("churn", BusinessObjective = "o", SuccessMetric = "s", Task = MlAsCode.MlTask.BinaryClassification, PredictionTarget = "t")]
                [MlAsCode.Baseline(MlAsCode.BaselineKind.MajorityClass)]
                public partial class {|#0:Churn|} { }
            }
            """,
            """
            namespace App
            {
                [MlAsCode.MlProblem("churn", BusinessObjective = "o", SuccessMetric = "s", Task = MlAsCode.MlTask.BinaryClassification, PredictionTarget = "t")]
                [MlAsCode.Baseline(MlAsCode.BaselineKind.MajorityClass)]
                [MlAsCode.KillCriterion("Baseline heuristic achieves >90% of ML performance", When = MlAsCode.KillWhen.BaselineShareAbove, Threshold = 0.9)]
                [MlAsCode.KillCriterion("Data quality too poor after 2 weeks of cleaning")]
                [MlAsCode.KillCriterion("Model can't beat random by >10% on holdout set", When = MlAsCode.KillWhen.LiftOverRandomBelow, Threshold = 0.1)]
                public partial class Churn { }
            }
            """,
            [At(DiagnosticDescriptors.NoKillCriteria)]);

    [Theory]
    [InlineData("BinaryClassification", "MajorityClass")]
    [InlineData("MulticlassClassification", "MajorityClass")]
    [InlineData("Regression", "MeanPrediction")]
    public Task ML0002_fix_adds_the_trivial_baseline_that_fits_the_task(string task, string kind) =>
        CodeFixVerifier<ProblemBriefAnalyzer, AddBaselineCodeFixProvider>.VerifyAsync(
            $$"""
            using MlAsCode;

            [MlProblem("churn", BusinessObjective = "o", SuccessMetric = "s", Task = MlTask.{{task}}, PredictionTarget = "t")]
            [KillCriterion("k")]
            public partial class {|#0:Churn|} { }
            """,
            $$"""
            using MlAsCode;

            [MlProblem("churn", BusinessObjective = "o", SuccessMetric = "s", Task = MlTask.{{task}}, PredictionTarget = "t")]
            [KillCriterion("k")]
            [Baseline(BaselineKind.{{kind}})]
            public partial class Churn { }
            """,
            [At(DiagnosticDescriptors.NoBaseline)]);

    [Fact]
    public Task ML0002_offers_no_fix_for_a_task_without_a_trivial_baseline()
    {
        const string source = """
            using MlAsCode;

            [MlProblem("fraud", BusinessObjective = "o", SuccessMetric = "s", Task = MlTask.AnomalyDetection, PredictionTarget = "t")]
            [KillCriterion("k")]
            public partial class {|#0:Churn|} { }
            """;
        return CodeFixVerifier<ProblemBriefAnalyzer, AddBaselineCodeFixProvider>.VerifyAsync(
            source, source, [At(DiagnosticDescriptors.NoBaseline)], [At(DiagnosticDescriptors.NoBaseline)]);
    }

    [Fact]
    public Task ML0007_fix_makes_the_class_and_its_containing_types_partial() =>
        CodeFixVerifier<ProblemBriefAnalyzer, MakePartialCodeFixProvider>.VerifyAsync(
            """
            using MlAsCode;

            public static class Problems
            {
                [MlProblem("churn", BusinessObjective = "o", SuccessMetric = "s", Task = MlTask.BinaryClassification, PredictionTarget = "t")]
                [Baseline(BaselineKind.MajorityClass)]
                [KillCriterion("k")]
                internal sealed class {|#0:Churn|} { }
            }
            """,
            """
            using MlAsCode;

            public static partial class Problems
            {
                [MlProblem("churn", BusinessObjective = "o", SuccessMetric = "s", Task = MlTask.BinaryClassification, PredictionTarget = "t")]
                [Baseline(BaselineKind.MajorityClass)]
                [KillCriterion("k")]
                internal sealed partial class Churn { }
            }
            """,
            [At(DiagnosticDescriptors.NotPartial)]);

    [Fact]
    public Task ML0007_fix_handles_a_class_without_modifiers() =>
        CodeFixVerifier<ProblemBriefAnalyzer, MakePartialCodeFixProvider>.VerifyAsync(
            """
            using MlAsCode;

            [MlProblem("churn", BusinessObjective = "o", SuccessMetric = "s", Task = MlTask.BinaryClassification, PredictionTarget = "t")]
            [Baseline(BaselineKind.MajorityClass)]
            [KillCriterion("k")]
            class {|#0:Churn|} { }
            """,
            """
            using MlAsCode;

            [MlProblem("churn", BusinessObjective = "o", SuccessMetric = "s", Task = MlTask.BinaryClassification, PredictionTarget = "t")]
            [Baseline(BaselineKind.MajorityClass)]
            [KillCriterion("k")]
            partial class Churn { }
            """,
            [At(DiagnosticDescriptors.NotPartial)]);

    [Fact]
    public void The_kill_criteria_the_fix_adds_are_the_runtime_defaults() =>
        Assert.Equal(Framing.ProblemBrief.DefaultKillConditions.Select(k => (k.Text, k.When == KillWhen.Unchecked ? null : k.When.ToString(), k.Threshold)).ToArray(),
            AddKillCriteriaCodeFixProvider.DefaultKillCriteria.ToArray());
}
