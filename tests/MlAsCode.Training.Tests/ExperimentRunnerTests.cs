using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MlAsCode.Evaluation.Reporting;
using MlAsCode.Experiments;
using MlAsCode.Registry;
using MlAsCode.Experiments.Tuning;
using MlAsCode.Quality;
using MlAsCode.Tracking;
using MlAsCode.Training.Trainers;

namespace MlAsCode.Training.Tests;

[MlProblem("churn",
    BusinessObjective = "Cut monthly churn of subscription customers",
    SuccessMetric = "Reduce churn 15% within two quarters",
    Task = MlTask.BinaryClassification,
    PredictionTarget = "Customer cancels within 30 days",
    Metric = Metric.PrAuc,
    PositiveRate = 0.265)]
[Baseline("Month-to-month contract and tenure < 6 months", RulesMethod = nameof(Rules))]
[KillCriterion("Baseline heuristic achieves >90% of ML performance")]
public partial class ChurnProblem
{
    public static double Rules(Customer c) => c.Contract == "Month-to-month" && c.Tenure < 6 ? 0.8 : 0.1;
}

public sealed class ExperimentRunnerTests : IDisposable
{
    private static readonly string DataPath = Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv");
    private static readonly Customer[] Telco = [.. Customer.ReadCsv(DataPath)];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlac-exp-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static ExperimentSettings Tuned(int seed) => new()
    {
        Id = "EXP-2026-11-26-001",
        Hypothesis = "LightGBM on contract, tenure and charges beats the month-to-month rule on PR-AUC",
        Split = SplitStrategy.Stratified,
        Folds = 3,
        Seed = seed,
        Margin = 0.02,
        Tuning = TuningStrategy.Bayesian,
        Trials = 4,
        SearchSpace = [SearchParameter.Real("learning_rate", 0.01, 0.3, log: true), SearchParameter.Integer("num_leaves", 15, 63)],
        Fixed = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new System.Collections.Generic.KeyValuePair<string, object>("num_iterations", 100)]),
        Resamples = 200,
        Segments = ["Contract"],
    };

    [Fact]
    public async Task A_tuned_lightgbm_run_beats_the_rules_baseline_and_records_every_template_field()
    {
        var store = new SqliteTrackingStore(Path.Combine(_folder, ".mlac", "tracking.db"));
        var runner = new ExperimentRunner<Customer>(Tuned(42), ChurnProblem.Brief, Customer.Features, new MlNetTrainer(ModelFamily.LightGbm, MlTask.BinaryClassification, 42));
        var lines = new System.Collections.Generic.List<string>();
        var report = await runner.RunAsync(Telco, new ExperimentRunOptions
        {
            SourcePath = DataPath,
            OutputDirectory = Path.Combine(_folder, "out"),
            Documents = RunDocuments.Standard(),
            Tracking = store,
            Progress = new SynchronousProgress(lines.Add),
        });

        Assert.Equal(Metric.PrAuc, report.PrimaryMetric);
        // It beats the baseline, but seniors are selected far more often than others (disparate impact under 0.8 on its
        // whole interval): a failed fairness check blocks the promoted verdict.
        Assert.Equal("iterate", report.Verdict);
        Assert.Equal(["fairness:senior_citizen"], report.Blockers.ToArray());
        Assert.Contains("not promoted while fairness:senior_citizen failed", report.Notes, StringComparison.Ordinal);
        Assert.True(report.Baseline.Improvement.Lower > 0, report.Notes);
        Assert.InRange(report.Primary.Value, 0.55, 0.75);
        Assert.True(report.Primary.Lower < report.Primary.Value && report.Primary.Value < report.Primary.Upper);
        Assert.Equal(4, report.TuningTrials);
        Assert.Equal(64, report.DatasetSha256.Length);
        Assert.Equal(["learning_rate", "min_data_in_leaf", "num_iterations", "num_leaves"], report.Hyperparameters.Keys.ToArray());
        Assert.Equal("100", report.Hyperparameters["num_iterations"]);
        Assert.Contains("customer_contract_month_to_month", report.FeaturesUsed);
        Assert.Contains(lines, l => l.StartsWith("data quality", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("trial 4/4", StringComparison.Ordinal));
        Assert.All(report.Artifacts, a => Assert.True(File.Exists(a), a));

        var run = (await store.GetRunAsync(report.RunId!))!;
        Assert.Equal("iterate", run.Outcome!.Verdict);
        // The run is recorded when it starts: its recorded span holds the whole training, not the last milliseconds.
        Assert.True(run.FinishedUtc!.Value - run.StartedUtc >= report.TrainingTime, $"{run.StartedUtc:O} → {run.FinishedUtc:O}, training {report.TrainingTime}");
        Assert.Equal(report.DatasetSha256, run.Outcome.DatasetSha256);
        Assert.Contains(run.Metrics, m => m.Name == "pr_auc" && m.Split == "baseline");
        Assert.Contains(run.Metrics, m => m.Name == "pr_auc" && m.Split == "cv");
        Assert.Contains(run.Metrics, m => m.Name == "roc_auc" && m.Split == "holdout" && m.Lower < m.Value);
        Assert.Equal(["evaluation.json", "evaluation_report.html", "experiment_report.json", "feature_pipeline.json", "model.onnx", "model_card.md", "model_card.yaml", "predictions.csv", "reference_profile.json"], run.Artifacts.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.Equal(report.Hyperparameters["learning_rate"], run.Parameters["learning_rate"]);

        // The holdout's predictions as mlac evaluate reads them: the same numbers again, and any other slice.
        var predictions = run.Artifacts.Single(a => a.Name == "predictions.csv").Path;
        Assert.Equal("churn,probability,senior_citizen,contract", File.ReadLines(predictions).First());
        var again = MlAsCode.Evaluation.PredictionFile.EvaluateCsv(predictions, MlTask.BinaryClassification,
            new MlAsCode.Evaluation.PredictionColumns { Label = "churn", Score = "probability", Group = "contract" });
        Assert.Equal(report.HoldoutRows, again.Rows);
        Assert.Equal(report.Primary.Value, again.Metrics.Single(m => m.Key == "pr_auc").Value!.Value, 12);
        Assert.Equal(["Month-to-month", "One year", "Two year"], again.Groups.Select(g => g.Group).Order(StringComparer.Ordinal));
        Assert.Contains(run.Metrics, m => m.Name == "ece");
        Assert.Contains(run.Metrics, m => m.Name == "disparate_impact:senior_citizen" && m.Lower <= m.Value && m.Value <= m.Upper);

        // The evaluation every run gets: on the holdout, with calibrators fitted on the out-of-fold predictions of the
        // training part, fairness for the [Protected] column, the declared segment, and the chosen trial's folds.
        var evaluation = report.Evaluation!;
        Assert.Equal(report.HoldoutRows, evaluation.Rows);
        Assert.Equal(report.Primary, evaluation.Primary.Score);
        Assert.All(evaluation.Calibration!.Calibrators, c => Assert.Equal(report.TrainRows, c.ValidationRows));
        Assert.Equal(3, evaluation.CrossValidation!.Folds.Length);
        Assert.Equal(report.CrossValidationScore, evaluation.CrossValidation.Mean, 12);
        var fairness = Assert.Single(evaluation.Fairness);
        Assert.Equal("senior_citizen", fairness.Attribute);
        Assert.Equal(["0", "1"], fairness.Groups.Select(g => g.Group));
        Assert.Equal(report.HoldoutRows, fairness.Groups.Sum(g => g.Rows));
        Assert.Equal(["Month-to-month", "One year", "Two year"], Assert.Single(evaluation.Segments).Groups.Select(g => g.Value));
        Assert.Equal(50, evaluation.Worst.Length);
        Assert.Contains(evaluation.Worst[0].Features, f => f.Key == "Contract");
        Assert.Equal(CheckStatus.Passed, evaluation.Checks.Single(c => c.Name == "true_holdout").Status);
        var html = File.ReadAllText(run.Artifacts.Single(a => a.Name == "evaluation_report.html").Path);
        Assert.Contains("Scores by senior_citizen", html);
    }

    [Fact]
    public async Task Checkable_kill_criteria_are_evaluated_on_the_holdout_and_a_fired_one_archives_the_run()
    {
        var brief = ChurnProblem.Brief with
        {
            KillConditions =
            [
                new("Baseline heuristic achieves >50% of ML performance", KillWhen.BaselineShareAbove, 0.5),
                new("Model can't beat random by >10% on holdout set", KillWhen.LiftOverRandomBelow, 0.1),
                new("Data quality too poor after 2 weeks of cleaning"),
                new("Too expensive to serve", KillWhen.CostPer1000Above, 1.0),
            ],
        };
        var settings = Tuned(3) with { Tuning = TuningStrategy.Manual, SearchSpace = [], Fixed = ImmutableSortedDictionary<string, object>.Empty, Threshold = 0.3 };
        var report = await new ExperimentRunner<Customer>(settings, brief, Customer.Features, new MlNetTrainer(ModelFamily.Linear, MlTask.BinaryClassification, 3))
            .RunAsync(Telco, new ExperimentRunOptions { OutputDirectory = Path.Combine(_folder, "kill"), Documents = RunDocuments.Standard() });

        var share = report.KillCriteria[0];
        Assert.True(share.Fired, share.Evidence);
        Assert.Equal(report.Baseline.BaselineScore.Value / report.Primary.Value, share.Value!.Value, 12);
        var lift = report.KillCriteria[1];
        Assert.False(lift.Fired, lift.Evidence);
        // A constant score ranks nothing: its PR-AUC is the holdout's churn share (26.5%).
        Assert.InRange(report.Primary.Value / (1 + lift.Value!.Value), 0.24, 0.29);
        Assert.Equal(("not_checked", "not_checked"), (report.KillCriteria[2].Status, report.KillCriteria[3].Status));
        Assert.Contains("no compute price is declared", report.KillCriteria[3].Evidence, StringComparison.Ordinal);

        Assert.Equal("archived", report.Verdict);
        Assert.Contains("kill_criterion:baseline_share_above", report.Blockers);
        Assert.Contains("kill criterion fired: 'Baseline heuristic achieves >50% of ML performance'", report.Notes, StringComparison.Ordinal);
        var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "kill", "experiment_report.json"))).RootElement;
        Assert.Equal(0.3, json.GetProperty("decision_threshold").GetDouble());
        Assert.Equal("fired", json.GetProperty("kill_criteria")[0].GetProperty("status").GetString());
        Assert.Contains("Kill criterion 'Baseline heuristic achieves >50% of ML performance': fired", File.ReadAllText(Path.Combine(_folder, "kill", "model_card.md")), StringComparison.Ordinal);
        Assert.Contains(report.RegistryChecks(), c => c.Kind == "kill_criteria" && !c.Passed);
        // The threshold the run was judged at travels in the ONNX model, for the service to answer with.
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(Path.Combine(_folder, "kill", "model.onnx"));
        Assert.Equal("0.3", session.ModelMetadata.CustomMetadataMap[OnnxMetadata.DecisionThreshold]);
        Assert.Equal(0.3, report.Evaluation!.Threshold);
    }

    [Fact]
    public async Task Reusing_one_holdout_is_counted_and_warned_about_from_the_declared_use()
    {
        var store = new SqliteTrackingStore(Path.Combine(_folder, ".mlac", "reuse.db"));
        var settings = Tuned(11) with { Tuning = TuningStrategy.Manual, SearchSpace = [], Fixed = ImmutableSortedDictionary<string, object>.Empty, HoldoutReuseWarning = 3 };
        var runner = new ExperimentRunner<Customer>(settings, ChurnProblem.Brief, Customer.Features, new MlNetTrainer(ModelFamily.Linear, MlTask.BinaryClassification, 11));
        var reports = new System.Collections.Generic.List<ExperimentReport>();
        for (var i = 0; i < 3; i++)
        {
            reports.Add(await runner.RunAsync(Telco, new ExperimentRunOptions { Tracking = store, OutputDirectory = Path.Combine(_folder, $"reuse-{i}") }));
        }

        // The same seed carves the same holdout each time: the store counts the looks at it.
        Assert.Single(reports.Select(r => r.HoldoutFingerprint).Distinct());
        Assert.Equal([1, 2, 3], reports.Select(r => r.HoldoutUses));
        Assert.Equal(CheckStatus.Passed, reports[1].Evaluation!.Checks.Single(c => c.Name == "holdout_reuse").Status);
        var warned = reports[2].Evaluation!.Checks.Single(c => c.Name == "holdout_reuse");
        Assert.Equal(CheckStatus.Warning, warned.Status);
        Assert.StartsWith("this holdout has been evaluated by 3 finished run(s), this one included (warning from 3)", warned.Detail, StringComparison.Ordinal);
        Assert.Equal(3, System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "reuse-2", "experiment_report.json"))).RootElement.GetProperty("holdout_uses").GetInt32());
        Assert.Equal(3, await store.CountHoldoutUsesAsync(reports[0].HoldoutFingerprint));
    }

    // A trainer that ignores the searched value: what an unconverged model looks like to the tuner.
    private sealed class DeafTrainer(ITabularTrainer inner) : ITabularTrainer
    {
        public ModelFamily Family => inner.Family;

        public MlTask Task => inner.Task;

        public ParameterSet Defaults => inner.Defaults;

        public ITrainedModel Fit(Features.FeatureMatrix features, Labels labels, ParameterSet? parameters = null) => inner.Fit(features, labels, inner.Defaults);
    }

    [Fact]
    public async Task Tuning_trials_that_all_score_the_same_are_flagged()
    {
        var settings = Tuned(13) with
        {
            Tuning = TuningStrategy.Random, Trials = 3, Fixed = ImmutableSortedDictionary<string, object>.Empty,
            SearchSpace = [SearchParameter.Real("l2_regularization", 1e-4, 10, log: true)],
        };
        var report = await new ExperimentRunner<Customer>(settings, ChurnProblem.Brief, Customer.Features,
            new DeafTrainer(new MlNetTrainer(ModelFamily.Linear, MlTask.BinaryClassification, 13))).RunAsync(Telco);
        var tuning = report.Evaluation!.Checks.Single(c => c.Name == "tuning");
        Assert.Equal(CheckStatus.Warning, tuning.Status);
        Assert.StartsWith("all 3 tuning trials scored the same cross-validated PrAuc", tuning.Detail, StringComparison.Ordinal);

        // A search whose values matter has no such check.
        var real = await new ExperimentRunner<Customer>(settings, ChurnProblem.Brief, Customer.Features,
            new MlNetTrainer(ModelFamily.Linear, MlTask.BinaryClassification, 13)).RunAsync(Telco);
        Assert.DoesNotContain(real.Evaluation!.Checks, c => c.Name == "tuning");
    }

    [Fact]
    public async Task The_same_seed_and_data_give_identical_metrics_and_model_bytes()
    {
        var first = await new ExperimentRunner<Customer>(Tuned(7), ChurnProblem.Brief, Customer.Features, new MlNetTrainer(ModelFamily.LightGbm, MlTask.BinaryClassification, 7))
            .RunAsync(Telco, new ExperimentRunOptions { OutputDirectory = Path.Combine(_folder, "a") });
        var second = await new ExperimentRunner<Customer>(Tuned(7), ChurnProblem.Brief, Customer.Features, new MlNetTrainer(ModelFamily.LightGbm, MlTask.BinaryClassification, 7))
            .RunAsync(Telco, new ExperimentRunOptions { OutputDirectory = Path.Combine(_folder, "b") });

        Assert.Equal(first.Metrics.Select(m => m.Score), second.Metrics.Select(m => m.Score));
        Assert.Equal(first.Hyperparameters, second.Hyperparameters);
    }

    // The runner writes what every run needs; the report page and the card are documents handed to it (the generated
    // RunAsync hands the standard ones over when MlAsCode.Operations is referenced). A document may not overwrite an
    // output or write outside the folder.
    [Fact]
    public async Task A_run_writes_its_core_outputs_and_only_the_documents_it_is_given()
    {
        ExperimentRunner<Customer> Runner() => new(Tuned(5) with { Tuning = TuningStrategy.Manual, SearchSpace = [], Fixed = ImmutableSortedDictionary<string, object>.Empty },
            ChurnProblem.Brief, Customer.Features, new MlNetTrainer(ModelFamily.Linear, MlTask.BinaryClassification, 5));
        var bare = await Runner().RunAsync(Telco, new ExperimentRunOptions { OutputDirectory = Path.Combine(_folder, "bare") });
        Assert.Equal(["evaluation.json", "experiment_report.json", "feature_pipeline.json", "model.onnx", "predictions.csv", "reference_profile.json"],
            Directory.GetFiles(Path.Combine(_folder, "bare")).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray());
        Assert.DoesNotContain(bare.Artifacts, a => a.EndsWith(".html", StringComparison.Ordinal) || a.Contains("model_card", StringComparison.Ordinal));

        var full = await Runner().RunAsync(Telco, RunDocuments.WithStandardDocuments(new ExperimentRunOptions { OutputDirectory = Path.Combine(_folder, "full") }));
        Assert.Contains(full.Artifacts, a => a.EndsWith("evaluation_report.html", StringComparison.Ordinal));
        Assert.Contains("model_name", File.ReadAllText(Path.Combine(_folder, "full", "model_card.yaml")), StringComparison.Ordinal);

        // An output (in any case), the runner's own report, a path outside the folder, no name, a name used twice: refused
        // before anything of the documents is written.
        foreach (var names in new[] { ["model.onnx"], ["MODEL.ONNX"], ["experiment_report.json"], ["../outside.txt"], [""], new[] { "notes.txt", "Notes.txt" } })
        {
            var bad = Path.Combine(_folder, "bad");
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Runner().RunAsync(Telco,
                new ExperimentRunOptions { OutputDirectory = bad, Documents = [.. names.Select(n => new OneFile(n))] }));
            Assert.Contains($"'{names[^1]}', which is not a new plain file name", error.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(bad, "evaluation.json")));
            Assert.False(File.Exists(Path.Combine(bad, "notes.txt")));
        }

        Assert.False(File.Exists(Path.Combine(_folder, "outside.txt")));
    }

    private sealed class OneFile(string name) : IRunDocument
    {
        public System.Collections.Generic.IEnumerable<RunFile> Render<TRow>(RunDocumentContext<TRow> run) => [new RunFile(name, run.Report.Id)];
    }

    [Fact]
    public async Task A_model_no_better_than_a_measured_baseline_is_archived_and_bad_data_never_trains()
    {
        var strong = ChurnProblem.Brief with { Baseline = new Framing.BaselineSpec(BaselineKind.Measured, "an oracle", Metric.PrAuc, 0.95) };
        var linear = new ExperimentRunner<Customer>(Tuned(1) with { Tuning = TuningStrategy.Manual, SearchSpace = [], Fixed = ImmutableSortedDictionary<string, object>.Empty },
            strong, Customer.Features, new MlNetTrainer(ModelFamily.Linear, MlTask.BinaryClassification, 1));
        var report = await linear.RunAsync(Telco);
        Assert.Equal("archived", report.Verdict);
        Assert.Contains("no better than the baseline", report.Notes);
        Assert.Equal(0.95, report.Baseline.BaselineScore.Value);
        Assert.Equal(1, report.TuningTrials);

        var gated = new ExperimentRunner<Customer>(Tuned(1) with { QualityGate = 29 }, ChurnProblem.Brief, Customer.Features,
            new MlNetTrainer(ModelFamily.LightGbm, MlTask.BinaryClassification, 1));
        var store = new SqliteTrackingStore(Path.Combine(_folder, "failed.db"));
        var error = await Assert.ThrowsAsync<DataQualityException>(() => gated.RunAsync(Telco, new ExperimentRunOptions { SourcePath = DataPath, Tracking = store }));
        Assert.Contains("below the gate of 29", error.Message);
        var failed = (await store.GetRunAsync((await store.ListRunsAsync("EXP-2026-11-26-001")).Single()))!;
        Assert.Equal("failed", failed.Status);
        Assert.Contains("below the gate of 29", failed.Outcome!.Notes);
    }

    private sealed class SynchronousProgress(Action<string> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value.Message);
    }
}

/// <summary>Which contract a customer chose (three classes), from what they use and pay.</summary>
[FeatureSet(Entity = "customer")]
public partial record ContractChoice
{
    [Target] public string Contract { get; init; } = "";
    [Feature(Transform.Standardize)] public float Tenure { get; init; }
    [Feature(Transform.Standardize)] public float MonthlyCharges { get; init; }
    [Feature(Transform.OneHot)] public string InternetService { get; init; } = "";
    [Feature(Transform.OneHot)] public string PaymentMethod { get; init; } = "";
    [Feature] public bool PaperlessBilling { get; init; }
}

[MlProblem("contract",
    BusinessObjective = "Offer the contract a customer is likely to take",
    SuccessMetric = "Macro F1 above the majority-class baseline",
    Task = MlTask.MulticlassClassification,
    PredictionTarget = "Contract the customer holds",
    Metric = Metric.MacroF1)]
[Baseline(BaselineKind.MajorityClass)]
[KillCriterion("Baseline heuristic achieves >90% of ML performance")]
public partial class ContractProblem;

public sealed class MulticlassExperimentTests
{
    [Fact]
    public async Task A_multiclass_run_scores_macro_f1_against_the_majority_class()
    {
        ContractChoice[] rows = [.. ContractChoice.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv"))];
        var settings = new ExperimentSettings
        {
            Id = "EXP-2026-11-26-010",
            Split = SplitStrategy.Stratified,
            Folds = 3,
            Seed = 5,
            Fixed = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new System.Collections.Generic.KeyValuePair<string, object>("num_iterations", 60)]),
            Resamples = 200,
        };
        var report = await new ExperimentRunner<ContractChoice>(settings, ContractProblem.Brief, ContractChoice.Features,
            new MlNetTrainer(ModelFamily.LightGbm, MlTask.MulticlassClassification, 5)).RunAsync(rows);

        Assert.Equal(Metric.MacroF1, report.PrimaryMetric);
        Assert.Equal([Metric.MacroF1, Metric.MicroF1, Metric.WeightedF1, Metric.Accuracy, Metric.CohenKappa], report.Metrics.Select(m => m.Metric).ToArray());
        // Always "Month-to-month" (55% of customers): F1 0.71 for that class and 0 for the other two.
        Assert.InRange(report.Baseline.BaselineScore.Value, 0.22, 0.26);
        Assert.True(report.Primary.Value > report.Baseline.BaselineScore.Value + 0.2, report.Notes);
        Assert.Equal("promoted", report.Verdict);
    }
}

public class ExperimentDeclarationCheckTests
{
    private static ArgumentException Refused(ExperimentSettings settings, Framing.ProblemBrief? problem = null) =>
        Assert.Throws<ArgumentException>(() => new ExperimentRunner<Customer>(settings, problem ?? ChurnProblem.Brief, Customer.Features,
            new MlNetTrainer(ModelFamily.LightGbm, MlTask.BinaryClassification, 1)));

    [Fact]
    public void Declarations_that_would_leak_or_waste_the_run_are_refused_before_any_training()
    {
        var basic = new ExperimentSettings { Id = "EXP-2026-11-26-011" };
        Assert.Contains("time-series cross-validation", Refused(basic with { Split = SplitStrategy.Temporal }).Message);
        Assert.Contains("would ignore it", Refused(basic with { SearchSpace = [SearchParameter.Real("learning_rate", 0.01, 0.3)] }).Message);
        Assert.Contains("both searched and fixed", Refused(basic with
        {
            Tuning = TuningStrategy.Random,
            SearchSpace = [SearchParameter.Integer("num_leaves", 15, 63)],
            Fixed = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new System.Collections.Generic.KeyValuePair<string, object>("num_leaves", 31)]),
        }).Message);
        Assert.Contains("cannot be scored for BinaryClassification", Refused(basic,
            ChurnProblem.Brief with { Baseline = new Framing.BaselineSpec(BaselineKind.MeanPrediction) }).Message);
        Assert.Contains("does not fit its task", Refused(basic, ChurnProblem.Brief with { PrimaryMetric = Metric.Rmse }).Message);
        // A rules baseline over columns instead of a row is refused before any tuning, not after.
        var scalarRules = ChurnProblem.Brief with
        {
            Baseline = new Framing.BaselineSpec(BaselineKind.Rules, RulesMethod: "Rules", Rules: (Func<string, float, double>)((contract, tenure) => contract == "Month-to-month" && tenure < 6 ? 0.8 : 0.1)),
        };
        Assert.Contains("rules baseline Rules must take one Customer and return a score (double, float or bool); it is (String contract, Single tenure) → Double (ML0006)",
            Refused(basic, scalarRules).Message, StringComparison.Ordinal);
    }
}

/// <summary>The MLP, declared: the generated trainer-less RunAsync builds the TorchSharp trainer.</summary>
[Experiment("EXP-2026-11-26-010", Problem = typeof(ChurnProblem), Features = typeof(Customer),
    Hypothesis = "A small MLP on the churn features beats the month-to-month rule on PR-AUC",
    Model = ModelFamily.Mlp, Split = SplitStrategy.Stratified, CrossValidation = CrossValidationStrategy.StratifiedKFold,
    Folds = 3, Seed = 9, Margin = 0.02)]
[Hyperparameter("hidden_layers", "32,16")]
[Hyperparameter("max_epochs", 15)]
[Hyperparameter("batch_size", 128)]
[Tuning(TuningStrategy.Manual)]
[VerdictOverride("fairness:senior_citizen", "Seniors churn far more often; the retention offer should reach them more")]
public partial class ChurnMlpExperiment;

public sealed class MlpExperimentTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlac-mlp-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_declared_mlp_experiment_runs_end_to_end_on_its_source_and_is_reproducible()
    {
        var first = await ChurnMlpExperiment.RunAsync(new ExperimentRunOptions { OutputDirectory = Path.Combine(_folder, "a") });
        var second = await ChurnMlpExperiment.RunAsync(new ExperimentRunOptions { OutputDirectory = Path.Combine(_folder, "b") });

        Assert.Equal(ModelFamily.Mlp, first.ModelType);
        Assert.Equal(MlAsCode.Training.Torch.MlpTrainer.AutomaticDevice, first.Hyperparameters["device"]);
        Assert.Equal("32,16", first.Hyperparameters["hidden_layers"]);
        Assert.InRange(first.Primary.Value, 0.50, 0.75);
        // The senior_citizen fairness check fails, and the declared override accepts it with its reason on record.
        Assert.Equal("promoted", first.Verdict);
        Assert.Equal("fairness:senior_citizen", Assert.Single(first.Overridden).Check);
        Assert.Contains("fairness:senior_citizen failed but is overridden: Seniors churn far more often", first.Notes, StringComparison.Ordinal);
        Assert.Contains(first.RegistryChecks(), c => c.Kind == "fairness" && !c.Passed);
        Assert.Contains(first.RegistryChecks(), c => c.Kind == "override:fairness" && c.Passed);
        Assert.Contains("Overridden: fairness:senior_citizen failed and was accepted because", File.ReadAllText(Path.Combine(_folder, "a", "model_card.md")), StringComparison.Ordinal);
        Assert.True(first.Baseline.Improvement.Lower > 0, first.Notes);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_folder, "a", "model.onnx")), File.ReadAllBytes(Path.Combine(_folder, "b", "model.onnx")));
        Assert.Equal(first.Metrics.Select(m => m.Score), second.Metrics.Select(m => m.Score));
        Assert.Equal(first.CrossValidationScore, second.CrossValidationScore);
    }
}
