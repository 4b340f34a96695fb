using System.Linq;
using System.Threading.Tasks;
using MlAsCode.Analyzers.ProblemFraming;
using Verify = MlAsCode.Analyzers.Tests.AnalyzerVerifier<MlAsCode.Analyzers.ProblemFraming.ProblemBriefAnalyzer>;

namespace MlAsCode.Analyzers.Tests;

public class ProblemBriefAnalyzerTests
{
    private const string Fields = """
        BusinessObjective = "Cut monthly churn", SuccessMetric = "Reduce churn 15%",
            Task = MlTask.BinaryClassification, PredictionTarget = "Cancels within 30 days"
        """;

    private const string Baseline = """[Baseline(BaselineKind.MajorityClass)]""";
    private const string Kill = """[KillCriterion("Model can't beat random by >10% on holdout set")]""";

    private static string Source(string problemArguments = Fields, string baseline = Baseline, string kill = Kill, string declaration = "public partial class {|#0:Churn|} { }") => $$"""
        using MlAsCode;

        [MlProblem("churn", {{problemArguments}})]
        {{baseline}}
        {{kill}}
        {{declaration}}
        """;

    [Fact]
    public Task A_complete_brief_has_no_diagnostics() => Verify.VerifyAsync(Source(declaration: "public partial class Churn { }"));

    // The analyzer reads the tree that declares [MlProblem] (syntax first, see DeclarationScan): a baseline declared on
    // another part of the partial class, in another file, is still checked, and reported on the brief's class name
    // because a tree's analysis reports in that tree.
    [Fact]
    public async Task A_baseline_on_another_part_of_the_class_in_another_file_is_checked_and_reported_on_the_name()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<ProblemBriefAnalyzer, Microsoft.CodeAnalysis.Testing.DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.None,
        };
        TestReferences.Apply(test.TestState);
        test.TestState.Sources.Add(("Brief.cs", $$"""
            using MlAsCode;

            [MlProblem("churn", {{Fields}})]
            {{Kill}}
            public partial class {|#0:Churn|} { }
            """));
        test.TestState.Sources.Add(("Baseline.cs", """
            using MlAsCode;

            [Baseline(BaselineKind.Measured, Value = 0.3)]
            public partial class Churn { }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(DiagnosticDescriptors.BaselineNotComparable).WithLocation(0)
            .WithArguments("Churn", "a measured Value needs the Metric it was measured with"));
        await test.RunAsync();
    }

    [Fact]
    public Task A_class_without_MlProblem_is_ignored() => Verify.VerifyAsync("""
        using MlAsCode;
        [KillCriterion("x")]
        public class NotABrief { }
        """);

    [Fact]
    public Task ML0001_no_kill_criteria_is_reported_on_the_class_name() => Verify.VerifyAsync(
        Source(kill: ""),
        Verify.Diagnostic(DiagnosticDescriptors.NoKillCriteria).WithLocation(0).WithArguments("Churn"));

    [Fact]
    public Task ML0001_blank_kill_criteria_do_not_count() => Verify.VerifyAsync(
        Source(kill: """[KillCriterion("  ")]"""),
        Verify.Diagnostic(DiagnosticDescriptors.NoKillCriteria).WithLocation(0).WithArguments("Churn"));

    [Fact]
    public Task ML0002_no_baseline_is_reported_on_the_class_name() => Verify.VerifyAsync(
        Source(baseline: ""),
        Verify.Diagnostic(DiagnosticDescriptors.NoBaseline).WithLocation(0).WithArguments("Churn"));

    [Fact]
    public Task ML0003_a_missing_field_is_reported_on_the_class_name() => Verify.VerifyAsync(
        Source("""SuccessMetric = "Reduce churn 15%", Task = MlTask.BinaryClassification, PredictionTarget = "Cancels" """),
        Verify.Diagnostic(DiagnosticDescriptors.EmptyBriefField).WithLocation(0).WithArguments("Churn", "business objective"));

    [Fact]
    public Task ML0003_an_empty_field_is_reported_on_its_argument() => Verify.VerifyAsync(
        Source("""BusinessObjective = "Cut churn", {|#1:SuccessMetric = " "|}, Task = MlTask.BinaryClassification, {|#2:PredictionTarget = ""|}""",
            declaration: "public partial class Churn { }"),
        Verify.Diagnostic(DiagnosticDescriptors.EmptyBriefField).WithLocation(1).WithArguments("Churn", "success metric"),
        Verify.Diagnostic(DiagnosticDescriptors.EmptyBriefField).WithLocation(2).WithArguments("Churn", "prediction target"));

    [Fact]
    public Task ML0003_an_undeclared_task_and_an_empty_name_are_reported() => Verify.VerifyAsync(
        """
        using MlAsCode;

        [MlProblem({|#1:""|}, BusinessObjective = "o", SuccessMetric = "s", PredictionTarget = "t")]
        [Baseline("measured rule", Metric = Metric.F1, Value = 0.5)]
        [KillCriterion("k")]
        public partial class {|#0:Churn|} { }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.EmptyBriefField).WithLocation(1).WithArguments("Churn", "name"),
        Verify.Diagnostic(DiagnosticDescriptors.EmptyBriefField).WithLocation(0).WithArguments("Churn", "task type (Task = MlTask....)"));

    [Fact]
    public Task ML0004_a_ranking_metric_on_regression_is_reported_on_the_metric_argument() => Verify.VerifyAsync(
        Source("""BusinessObjective = "o", SuccessMetric = "s", PredictionTarget = "t", Task = MlTask.Regression, {|#1:Metric = Metric.NdcgAtK|}""",
            baseline: "[Baseline(BaselineKind.MeanPrediction)]", declaration: "public partial class Churn { }"),
        Verify.Diagnostic(DiagnosticDescriptors.MetricUnfitForTask).WithLocation(1)
            .WithArguments("NdcgAtK is not a regression metric; use Mae (the methodology's choice for regression) or one of Mae, Rmse, R2, Mape, MedianAbsoluteError"));

    [Fact]
    public Task ML0004_accuracy_on_a_rare_positive_class_is_reported() => Verify.VerifyAsync(
        Source(Fields + """, {|#1:Metric = Metric.Accuracy|}, PositiveRate = 0.07""", declaration: "public partial class Churn { }"),
        Verify.Diagnostic(DiagnosticDescriptors.MetricUnfitForTask).WithLocation(1)
            .WithArguments("Accuracy hides a rare class (declared positive rate 7%, so the minority class is under 20%): always predicting the majority scores high; use PrAuc or F1"));

    [Fact]
    public Task ML0004_accuracy_on_rare_negatives_is_reported_too() => Verify.VerifyAsync(
        Source(Fields + """, {|#1:Metric = Metric.Accuracy|}, PositiveRate = 0.95""", declaration: "public partial class Churn { }"),
        Verify.Diagnostic(DiagnosticDescriptors.MetricUnfitForTask).WithLocation(1)
            .WithArguments("Accuracy hides a rare class (declared positive rate 95%, so the minority class is under 20%): always predicting the majority scores high; use PrAuc or F1"));

    [Fact]
    public Task ML0004_a_positive_rate_of_zero_is_reported_on_its_argument() => Verify.VerifyAsync(
        Source(Fields + """, {|#1:PositiveRate = 0|}""", declaration: "public partial class Churn { }"),
        Verify.Diagnostic(DiagnosticDescriptors.MetricUnfitForTask).WithLocation(1)
            .WithArguments("PositiveRate 0 declares a single class, which leaves nothing to classify; give the expected share of positives"));

    [Theory]
    [InlineData("0.2")]
    [InlineData("0.5")]
    [InlineData("0.8")]
    public Task ML0004_accuracy_on_a_balanced_enough_class_is_fine(string rate) => Verify.VerifyAsync(
        Source(Fields + $", Metric = Metric.Accuracy, PositiveRate = {rate}", declaration: "public partial class Churn { }"));

    [Fact]
    public Task ML0004_a_positive_rate_written_as_a_percentage_is_reported_on_its_argument() => Verify.VerifyAsync(
        Source(Fields + """, Metric = Metric.Accuracy, {|#1:PositiveRate = 26.5|}""", declaration: "public partial class Churn { }"),
        Verify.Diagnostic(DiagnosticDescriptors.MetricUnfitForTask).WithLocation(1)
            .WithArguments("PositiveRate 26.5 is not a share between 0 and 1 (write 0.265 for 26.5%), so the metric cannot be checked against it"));

    [Fact]
    public Task ML0004_rmse_when_outliers_must_not_dominate_is_reported() => Verify.VerifyAsync(
        Source("""BusinessObjective = "o", SuccessMetric = "s", PredictionTarget = "t", Task = MlTask.Regression, {|#1:Metric = Metric.Rmse|}, OutliersMustNotDominate = true""",
            baseline: "[Baseline(BaselineKind.MedianPrediction)]", declaration: "public partial class Churn { }"),
        Verify.Diagnostic(DiagnosticDescriptors.MetricUnfitForTask).WithLocation(1)
            .WithArguments("Rmse lets large errors dominate, but the brief says outliers must not; use Mae"));

    [Fact]
    public Task ML0004_a_measured_baseline_with_an_unfit_metric_is_reported() => Verify.VerifyAsync(
        Source(baseline: """[Baseline("last quarter's rule", {|#1:Metric = Metric.Mae|}, Value = 0.41)]""", declaration: "public partial class Churn { }"),
        Verify.Diagnostic(DiagnosticDescriptors.MetricUnfitForTask).WithLocation(1)
            .WithArguments("Mae is not a binary classification metric; use F1 (the methodology's choice for binary classification) or one of Accuracy, BalancedAccuracy, Precision, Recall, F1, RocAuc, PrAuc, Mcc, LogLoss, Brier"));

    [Fact]
    public Task ML0005_protected_attributes_without_ethical_considerations_are_reported_on_the_argument() => Verify.VerifyAsync(
        Source(Fields + """, {|#1:ProtectedAttributes = new[] { "gender", "age" }|}""", declaration: "public partial class Churn { }"),
        Verify.Diagnostic(DiagnosticDescriptors.ProtectedWithoutEthics).WithLocation(1).WithArguments("Churn", "gender, age"));

    [Fact]
    public Task ML0005_is_satisfied_by_ethical_considerations() => Verify.VerifyAsync(
        Source(Fields + """, ProtectedAttributes = new[] { "gender" }, EthicalConsiderations = "Offers are not withheld by gender" """,
            declaration: "public partial class Churn { }"));

    [Fact]
    public Task ML0006_a_baseline_described_only_in_words_is_reported_on_the_attribute() => Verify.VerifyAsync(
        Source(baseline: """[{|#1:Baseline|}("what the retention team does today")]""", declaration: "public partial class Churn { }"),
        Verify.Diagnostic(DiagnosticDescriptors.BaselineNotComparable).WithLocation(1).WithArguments(
            "Churn", "give a kind the runtime computes (BaselineKind.MajorityClass, MeanPrediction, MedianPrediction), a RulesMethod, or a measured Value with its Metric"));

    [Fact]
    public Task ML0006_a_measured_value_without_its_metric_is_reported_on_the_value() => Verify.VerifyAsync(
        Source(baseline: """[Baseline("rule", {|#1:Value = 0.41|})]""", declaration: "public partial class Churn { }"),
        Verify.Diagnostic(DiagnosticDescriptors.BaselineNotComparable).WithLocation(1).WithArguments("Churn", "a measured Value needs the Metric it was measured with"));

    [Fact]
    public Task ML0006_a_rules_method_that_does_not_exist_is_reported_on_the_argument() => Verify.VerifyAsync(
        Source(baseline: """[Baseline(BaselineKind.Rules, {|#1:RulesMethod = "Heuristic"|})]""", declaration: "public partial class Churn { static double Rules(int tenure) => tenure < 6 ? 0.8 : 0.1; }"),
        Verify.Diagnostic(DiagnosticDescriptors.BaselineNotComparable).WithLocation(1).WithArguments("Churn", "'Churn' has no static method 'Heuristic' to use as the rules baseline"));

    [Fact]
    public Task ML0006_a_static_rules_method_taking_one_feature_set_row_is_accepted() => Verify.VerifyAsync(
        Source(baseline: "[Baseline(RulesMethod = nameof(Rules))]", declaration: """
            public partial class Churn { static double Rules(Customer c) => c.Tenure < 6 ? 0.8 : 0.1; }

            [FeatureSet(Entity = "customer")]
            public partial record Customer { public float Tenure { get; init; } }
            """));

    // The runner scores the rules on holdout rows: a method over single columns compiles but cannot be scored.
    [Fact]
    public Task ML0006_a_rules_method_over_columns_instead_of_a_row_is_reported_on_the_argument() => Verify.VerifyAsync(
        Source(baseline: "[Baseline({|#1:RulesMethod = nameof(Rules)|})]",
            declaration: "public partial class Churn { static double Rules(string contract, float tenure) => contract == \"Month-to-month\" && tenure < 6 ? 0.8 : 0.1; }"),
        Verify.Diagnostic(DiagnosticDescriptors.BaselineNotComparable).WithLocation(1).WithArguments("Churn",
            "the rules method Rules(string contract, float tenure) must take one row of the [FeatureSet] (e.g. Rules(Customer c)) and return a score (double, float or bool); parameter 'contract' names a column, not a row, so the run cannot score it on the holdout"));

    [Fact]
    public Task ML0006_a_rules_method_returning_no_score_is_reported() => Verify.VerifyAsync(
        Source(baseline: "[Baseline({|#1:RulesMethod = nameof(Rules)|})]", declaration: """
            public partial class Churn { static string Rules(Customer c) => "yes"; }

            [FeatureSet(Entity = "customer")]
            public partial record Customer { public float Tenure { get; init; } }
            """),
        Verify.Diagnostic(DiagnosticDescriptors.BaselineNotComparable).WithLocation(1).WithArguments("Churn",
            "the rules method Rules(Customer c) returns string; it must return a score (double, float or bool)"));

    [Fact]
    public Task ML0006_a_grouped_baseline_without_its_group_is_reported() => Verify.VerifyAsync(
        Source("""BusinessObjective = "o", SuccessMetric = "s", PredictionTarget = "t", Task = MlTask.Regression""",
            baseline: "[{|#1:Baseline|}(BaselineKind.GroupMedian)]", declaration: "public partial class Churn { }"),
        Verify.Diagnostic(DiagnosticDescriptors.BaselineNotComparable).WithLocation(1).WithArguments("Churn",
            "a GroupMedian baseline needs GroupBy = nameof(YourRow.Column), the property it groups the target by"));

    [Fact]
    public Task ML0006_a_grouped_baseline_with_its_group_is_accepted_for_regression() => Verify.VerifyAsync(
        Source("""BusinessObjective = "o", SuccessMetric = "s", PredictionTarget = "t", Task = MlTask.Regression""",
            baseline: "[Baseline(BaselineKind.GroupMean, GroupBy = \"Neighborhood\")]", declaration: "public partial class Churn { }"));

    [Fact]
    public Task ML0006_a_majority_class_baseline_on_regression_is_reported() => Verify.VerifyAsync(
        Source("""BusinessObjective = "o", SuccessMetric = "s", PredictionTarget = "t", Task = MlTask.Regression""",
            baseline: "[{|#1:Baseline|}(BaselineKind.MajorityClass)]", declaration: "public partial class Churn { }"),
        Verify.Diagnostic(DiagnosticDescriptors.BaselineNotComparable).WithLocation(1).WithArguments("Churn", "a MajorityClass baseline does not fit Regression"));

    [Fact]
    public Task ML0007_a_brief_that_is_not_partial_is_reported() => Verify.VerifyAsync(
        Source(declaration: "public class {|#0:Churn|} { }"),
        Verify.Diagnostic(DiagnosticDescriptors.NotPartial).WithLocation(0).WithArguments("Churn"));

    [Fact]
    public Task ML0007_a_containing_type_that_is_not_partial_is_reported() => Verify.VerifyAsync(
        $$"""
        using MlAsCode;

        public class Outer
        {
            [MlProblem("churn", {{Fields}})]
            {{Baseline}}
            {{Kill}}
            public partial class {|#0:Churn|} { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.NotPartial).WithLocation(0).WithArguments("Churn"));
}

public class RuleDocumentationTests
{
    internal static string RepositoryRoot()
    {
        for (var dir = new System.IO.DirectoryInfo(System.AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "MlAsCode.sln")))
            {
                return dir.FullName;
            }
        }

        throw new System.InvalidOperationException("repository root not found");
    }

    [Fact]
    public void Every_rule_has_a_page_an_index_entry_and_a_release_entry()
    {
        var root = RepositoryRoot();
        var index = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "docs", "rules", "README.md"));
        var releases = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "analyzers", "MlAsCode.Analyzers", "AnalyzerReleases.Unshipped.md"));

        var analyzers = new Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer[] { new ProblemBriefAnalyzer(), new Features.FeatureSetAnalyzer(), new global::MlAsCode.Analyzers.Leakage.LeakageAnalyzer(), new global::MlAsCode.Analyzers.Experiments.ExperimentAnalyzer(), new KillCriterionAnalyzer(), new global::MlAsCode.Analyzers.Serving.ServeAnalyzer() };
        foreach (var descriptor in analyzers.SelectMany(a => a.SupportedDiagnostics).Distinct())
        {
            var page = System.IO.Path.Combine(root, "docs", "rules", descriptor.Id + ".md");
            Assert.True(System.IO.File.Exists(page), $"missing {page}");
            Assert.StartsWith($"# {descriptor.Id}: {descriptor.Title}", System.IO.File.ReadAllText(page));
            Assert.Contains($"[{descriptor.Id}]({descriptor.Id}.md)", index);
            Assert.Contains($"{descriptor.Id} | {descriptor.Category} | {descriptor.DefaultSeverity}", releases);

            // The help link must lead to that page in the repository the packages name.
            var repositoryUrl = System.Text.RegularExpressions.Regex.Match(
                System.IO.File.ReadAllText(System.IO.Path.Combine(root, "Directory.Build.props")), "<RepositoryUrl>(.*)</RepositoryUrl>").Groups[1].Value;
            Assert.Equal($"{repositoryUrl}/blob/main/docs/rules/{descriptor.Id}.md", descriptor.HelpLinkUri);
        }
    }
}
