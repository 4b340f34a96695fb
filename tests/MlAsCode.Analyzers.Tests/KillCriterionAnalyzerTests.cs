using System.Threading.Tasks;
using MlAsCode.Analyzers.ProblemFraming;
using Verify = MlAsCode.Analyzers.Tests.AnalyzerVerifier<MlAsCode.Analyzers.ProblemFraming.KillCriterionAnalyzer>;

namespace MlAsCode.Analyzers.Tests;

public class KillCriterionAnalyzerTests
{
    private static string Brief(string kill, string latency = "LatencyClass.Batch") => $$"""
        using MlAsCode;

        [MlProblem("churn", Task = MlTask.BinaryClassification, Latency = {{latency}})]
        {{kill}}
        public partial class Churn { }
        """;

    [Fact]
    public Task ML0008_a_criterion_in_words_only_is_noted() => Verify.VerifyAsync(
        Brief("""[{|#0:KillCriterion|}("Model can't beat random by >10% on holdout set")]"""),
        Verify.Diagnostic(DiagnosticDescriptors.KillCriterionUnchecked).WithLocation(0).WithArguments("Model can't beat random by >10% on holdout set",
            "is words only, so no run can check it: add When and Threshold (e.g. When = KillWhen.BaselineShareAbove, Threshold = 0.9)"));

    [Fact]
    public Task ML0008_a_checkable_kind_without_its_threshold_is_noted() => Verify.VerifyAsync(
        Brief("""[{|#0:KillCriterion|}("Baseline heuristic achieves >90% of ML performance", When = KillWhen.BaselineShareAbove)]"""),
        Verify.Diagnostic(DiagnosticDescriptors.KillCriterionUnchecked).WithLocation(0).WithArguments("Baseline heuristic achieves >90% of ML performance",
            "checks BaselineShareAbove but gives no Threshold to compare with"));

    [Fact]
    public Task ML0008_latency_without_a_threshold_needs_a_latency_class_with_a_budget() => Verify.VerifyAsync(
        Brief("""[{|#0:KillCriterion|}("Too slow", When = KillWhen.LatencyAbove)]"""),
        Verify.Diagnostic(DiagnosticDescriptors.KillCriterionUnchecked).WithLocation(0).WithArguments("Too slow",
            "has no Threshold and the brief's latency class has no budget to fall back on: give the limit in milliseconds"));

    [Fact]
    public Task Checkable_criteria_are_silent() => Verify.VerifyAsync(Brief("""
        [KillCriterion("Baseline heuristic achieves >90% of ML performance", When = KillWhen.BaselineShareAbove, Threshold = 0.9)]
        [KillCriterion("Too slow for real time", When = KillWhen.LatencyAbove)]
        [KillCriterion("Data too poor", When = KillWhen.DataQualityBelow, Threshold = 18)]
        """, latency: "LatencyClass.RealTime"));
}
