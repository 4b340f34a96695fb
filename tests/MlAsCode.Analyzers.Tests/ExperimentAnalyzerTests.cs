using System.Linq;
using System.Threading.Tasks;
using MlAsCode.Analyzers.Experiments;
using Verify = MlAsCode.Analyzers.Tests.AnalyzerVerifier<MlAsCode.Analyzers.Experiments.ExperimentAnalyzer>;

namespace MlAsCode.Analyzers.Tests;

public class ExperimentAnalyzerTests
{
    private static string Code(string experiment, string baseline = "[Baseline(\"Month-to-month and tenure < 6\", Metric = Metric.PrAuc, Value = 0.41)]") => $$"""
        using MlAsCode;

        [MlProblem("churn")]
        {{baseline}}
        public partial class Churn;

        [FeatureSet(Entity = "customer", Source = "data/customers.csv")]
        public partial record Customer
        {
            [Target(Positive = "Yes")] public string Label { get; init; } = "";
            [Feature] public float Tenure { get; init; }
        }

        {{experiment}}
        """;

    private static readonly (string, string)[] SmallSource =
        [("/0/data/customers.csv", "label,tenure\n" + string.Join("\n", Enumerable.Range(0, 500).Select(i => $"No,{i}")) + "\n")];

    [Fact]
    public Task A_complete_experiment_in_typical_ranges_has_no_diagnostics() => Verify.VerifyAsync(Code("""
        [Experiment("EXP-2026-11-26-001", Problem = typeof(Churn), Features = typeof(Customer), Hypothesis = "Tenure lifts PR-AUC",
            Model = ModelFamily.LightGbm, Split = SplitStrategy.Stratified, Seed = 42)]
        [SearchSpace("learning_rate", 0.01, 0.3, Scale = Scale.Log)]
        [SearchSpace("num_leaves", 15, 255)]
        [Hyperparameter("min_data_in_leaf", 20)]
        [Tuning(TuningStrategy.Bayesian, Trials = 50)]
        public partial class TenureExperiment;
        """), SmallSource);

    private const string Sales = """
        [FeatureSet(Entity = "house")]
        public partial record Sale
        {
            [Target] public float Price { get; init; }
            [Feature] public float Area { get; init; }
            [EventTime] public System.DateTime SoldOn { get; init; }
        }
        """;

    [Fact]
    public Task ML0204_a_random_split_declared_on_time_ordered_rows_is_reported_on_the_split() => Verify.VerifyAsync(Code($$"""
        [Experiment("EXP-2026-11-26-020", Problem = typeof(Churn), Features = typeof(Sale), {|#0:Split = SplitStrategy.Random|}, Seed = 1)]
        public partial class RandomSales;

        [Experiment("EXP-2026-11-26-021", Problem = typeof(Churn), Features = typeof(Sale), Split = SplitStrategy.Temporal,
            CrossValidation = CrossValidationStrategy.TimeSeries, Seed = 1)]
        public partial class TemporalSales;

        {{Sales}}
        """),
        Verify.Diagnostic(DiagnosticDescriptors.RandomSplitOfTimeOrderedData).WithLocation(0).WithArguments(
            "Experiment 'EXP-2026-11-26-020' splits Sale with SplitStrategy.Random, but its rows are time-ordered ([EventTime] SoldOn): the holdout would be scored by a model trained on later events. Use Split = SplitStrategy.Temporal with CrossValidation = CrossValidationStrategy.TimeSeries"));

    // No Split named is the default random split: reported on the attribute.
    [Fact]
    public Task ML0204_the_default_split_on_time_ordered_rows_is_reported_on_the_attribute() => Verify.VerifyAsync(Code($$"""
        [{|#0:Experiment|}("EXP-2026-11-26-022", Problem = typeof(Churn), Features = typeof(Sale), Seed = 1)]
        public partial class DefaultSales;

        {{Sales}}
        """),
        Verify.Diagnostic(DiagnosticDescriptors.RandomSplitOfTimeOrderedData).WithLocation(0).WithArguments(
            "Experiment 'EXP-2026-11-26-022' splits Sale with SplitStrategy.Random, but its rows are time-ordered ([EventTime] SoldOn): the holdout would be scored by a model trained on later events. Use Split = SplitStrategy.Temporal with CrossValidation = CrossValidationStrategy.TimeSeries"));

    [Fact]
    public Task ML0301_an_mlp_on_fewer_than_ten_thousand_rows_is_reported_on_the_model() => Verify.VerifyAsync(Code("""
        [Experiment("EXP-2026-11-26-002", Problem = typeof(Churn), Features = typeof(Customer), {|#0:Model = ModelFamily.Mlp|}, Seed = 1)]
        public partial class MlpExperiment;
        """), SmallSource,
        Verify.Diagnostic(DiagnosticDescriptors.DeepLearningOnSmallData).WithLocation(0).WithArguments("EXP-2026-11-26-002", "data/customers.csv", 500));

    [Fact]
    public Task ML0302_search_ranges_and_fixed_values_outside_the_methodologys_ranges_are_reported() => Verify.VerifyAsync(Code("""
        [Experiment("EXP-2026-11-26-003", Problem = typeof(Churn), Model = ModelFamily.LightGbm, Seed = 1)]
        [{|#0:SearchSpace|}("learning_rate", 0.001, 0.3)]
        [{|#1:Hyperparameter|}("num_leaves", 1024)]
        [SearchSpace("feature_fraction", 0.6, 0.9)]
        [Tuning(TuningStrategy.Random)]
        public partial class WideExperiment;
        """),
        Verify.Diagnostic(DiagnosticDescriptors.HyperparameterOutOfRange).WithLocation(0).WithArguments("The search range [0.001, 0.3] of learning_rate", "LightGbm", "0.01–0.3"),
        Verify.Diagnostic(DiagnosticDescriptors.HyperparameterOutOfRange).WithLocation(1).WithArguments("Num_leaves = 1024", "LightGbm", "15–255"));

    [Fact]
    public Task ML0303_a_problem_without_a_baseline_or_no_problem_is_reported() => Verify.VerifyAsync(Code("""
        [Experiment("EXP-2026-11-26-004", {|#0:Problem = typeof(Churn)|}, Seed = 1)]
        public partial class NoBaseline;

        [{|#1:Experiment|}("EXP-2026-11-26-005", Seed = 1)]
        public partial class NoProblem;
        """, baseline: ""),
        Verify.Diagnostic(DiagnosticDescriptors.ExperimentWithoutBaseline).WithLocation(0).WithArguments("EXP-2026-11-26-004", "uses problem 'Churn', which declares no [Baseline]"),
        Verify.Diagnostic(DiagnosticDescriptors.ExperimentWithoutBaseline).WithLocation(1).WithArguments("EXP-2026-11-26-005", "names no Problem"));

    [Fact]
    public Task ML0304_and_ML0305_no_seed_and_a_malformed_id_are_reported() => Verify.VerifyAsync(Code("""
        [{|#0:Experiment|}({|#1:"EXP-2026-02-30-001"|}, Problem = typeof(Churn))]
        public partial class Sloppy;
        """),
        Verify.Diagnostic(DiagnosticDescriptors.ExperimentIdFormat).WithLocation(1).WithArguments("EXP-2026-02-30-001"),
        Verify.Diagnostic(DiagnosticDescriptors.ExperimentWithoutSeed).WithLocation(0).WithArguments("EXP-2026-02-30-001"));

    [Fact]
    public Task ML0306_search_spaces_that_cannot_be_built_are_errors() => Verify.VerifyAsync(Code("""
        [Experiment("EXP-2026-11-26-007", Problem = typeof(Churn), Model = ModelFamily.LightGbm, Seed = 1)]
        [{|#0:SearchSpace|}("learning_rate", 0.3, 0.01)]
        [{|#1:SearchSpace|}("l2_regularization", 0.0, 1.0, Scale = Scale.Log)]
        [{|#2:SearchSpace|}("boosting", "gbdt", "gbdt")]
        [{|#5:SearchSpace|}("objective", null)]
        [Hyperparameter("min_data_in_leaf", 20)]
        [{|#3:Hyperparameter|}("min_data_in_leaf", 30)]
        public partial class Broken;

        [Experiment("EXP-2026-11-26-008", Problem = typeof(Churn), Model = ModelFamily.LightGbm, Seed = 1)]
        [{|#4:SearchSpace|}("num_leaves", 15, 63)]
        public partial class Untuned;
        """),
        Verify.Diagnostic(DiagnosticDescriptors.SearchSpaceInvalid).WithLocation(0).WithArguments("EXP-2026-11-26-007", "the range of 'learning_rate' runs from 0.3 to 0.01; the low end must be below the high end"),
        Verify.Diagnostic(DiagnosticDescriptors.SearchSpaceInvalid).WithLocation(1).WithArguments("EXP-2026-11-26-007", "'l2_regularization' is searched on a log scale from 0; a log scale needs a positive low end"),
        Verify.Diagnostic(DiagnosticDescriptors.SearchSpaceInvalid).WithLocation(2).WithArguments("EXP-2026-11-26-007", "the choices of 'boosting' must be at least one value, each once"),
        Verify.Diagnostic(DiagnosticDescriptors.SearchSpaceInvalid).WithLocation(5).WithArguments("EXP-2026-11-26-007", "the choices of 'objective' must be at least one value, each once"),
        Verify.Diagnostic(DiagnosticDescriptors.SearchSpaceInvalid).WithLocation(3).WithArguments("EXP-2026-11-26-007", "hyperparameter 'min_data_in_leaf' is fixed twice"),
        Verify.Diagnostic(DiagnosticDescriptors.SearchSpaceInvalid).WithLocation(0).WithArguments("EXP-2026-11-26-007",
            "it declares a search space but no [Tuning] with a search strategy, so the space would be ignored; add [Tuning(TuningStrategy.Bayesian)] (or Random, Grid)"),
        Verify.Diagnostic(DiagnosticDescriptors.SearchSpaceInvalid).WithLocation(4).WithArguments("EXP-2026-11-26-008",
            "it declares a search space but no [Tuning] with a search strategy, so the space would be ignored; add [Tuning(TuningStrategy.Bayesian)] (or Random, Grid)"));

    [Fact]
    public Task ML0007_the_experiment_must_be_partial() => Verify.VerifyAsync(Code("""
        [Experiment("EXP-2026-11-26-006", Problem = typeof(Churn), Seed = 3)]
        public class {|#0:Whole|};
        """),
        Verify.Diagnostic(DiagnosticDescriptors.NotPartial).WithLocation(0).WithArguments("Whole"));

    [Theory]
    [InlineData("EXP-2026-11-26-001", true)]
    [InlineData("EXP-2024-02-29-120", true)]
    [InlineData("EXP-2026-13-01-001", false)]
    [InlineData("EXP-2026-11-26-000", false)]
    [InlineData("EXP-26-11-26-001", false)]
    [InlineData("exp-2026-11-26-001", false)]
    [InlineData("EXP-2026-11-26-0001", false)]
    public void Experiment_ids_follow_the_template(string id, bool valid) => Assert.Equal(valid, ExperimentAnalyzer.IsValidId(id));

    private static string Evaluated(string problem, string experiment) => $$"""
        using MlAsCode;

        {{problem}}
        [Baseline(BaselineKind.MajorityClass)]
        public partial class Churn;

        [FeatureSet(Entity = "customer")]
        public partial record Customer
        {
            [Target(Positive = "Yes")] public string Label { get; init; } = "";
            [Feature] public float Tenure { get; init; }
            [Protected] public int SeniorCitizen { get; init; }
        }

        {{experiment}}
        """;

    [Fact]
    public Task ML0401_switching_off_the_calibration_check_of_probabilities_an_api_acts_on_is_reported() => Verify.VerifyAsync(Evaluated(
        """[MlProblem("churn", Task = MlTask.BinaryClassification, Consumer = PredictionConsumer.Api)]""",
        """
        [Experiment("EXP-2026-11-26-010", Problem = typeof(Churn), Features = typeof(Customer), Seed = 1, {|#0:CheckCalibration = false|})]
        public partial class Unchecked;

        [Experiment("EXP-2026-11-26-011", Problem = typeof(Churn), Features = typeof(Customer), Seed = 1, CheckCalibration = true)]
        public partial class Checked;
        """),
        Verify.Diagnostic(DiagnosticDescriptors.ProbabilitiesWithoutCalibrationCheck).WithLocation(0).WithArguments("EXP-2026-11-26-010", "Churn", "an API"));

    [Theory]
    [InlineData("Task = MlTask.BinaryClassification, Consumer = PredictionConsumer.Dashboard")]
    [InlineData("Task = MlTask.Regression, Consumer = PredictionConsumer.Api")]
    public Task ML0401_is_silent_when_nobody_acts_on_a_probability(string brief) => Verify.VerifyAsync(Evaluated(
        $$"""[MlProblem("churn", {{brief}})]""",
        """
        [Experiment("EXP-2026-11-26-012", Problem = typeof(Churn), Features = typeof(Customer), Seed = 1, CheckCalibration = false)]
        public partial class RanksOnly;
        """));

    [Fact]
    public Task ML0402_a_protected_attribute_the_feature_set_does_not_carry_is_reported_on_the_features() => Verify.VerifyAsync(Evaluated(
        """[MlProblem("churn", Task = MlTask.BinaryClassification, ProtectedAttributes = new[] { "female", "senior_citizen", "SeniorCitizen" })]""",
        """
        [Experiment("EXP-2026-11-26-013", Problem = typeof(Churn), {|#0:Features = typeof(Customer)|}, Seed = 1)]
        public partial class Sliced;
        """),
        Verify.Diagnostic(DiagnosticDescriptors.ProtectedWithoutFairnessSlice).WithLocation(0).WithArguments("Churn", "female", "Customer", "EXP-2026-11-26-013"));
}
