using System.Linq;
using Snapshooter.Xunit;

namespace MlAsCode.Generators.Tests;

public class ExperimentGeneratorTests
{
    private const string Source = """
        using MlAsCode;

        namespace Shop;

        [MlProblem("churn", BusinessObjective = "Cut churn", Task = MlTask.BinaryClassification, Metric = Metric.PrAuc)]
        [Baseline(BaselineKind.MajorityClass)]
        public partial class Churn;

        [FeatureSet(Entity = "customer", Source = "data/customers.csv")]
        public partial record Customer
        {
            [Target(Positive = "Yes")] public string Churned { get; init; } = "";
            [Feature(Transform.Standardize)] public float Tenure { get; init; }
        }

        [Experiment("EXP-2026-11-26-001", Problem = typeof(Churn), Features = typeof(Customer),
            Hypothesis = "Tenure lifts PR-AUC", Model = ModelFamily.LightGbm, Split = SplitStrategy.Stratified,
            Folds = 3, Seed = 42, Margin = 0.02, Segments = new[] { "Tenure" }, DisparateImpactLimit = 0.9, CalibrationLimit = 0.03)]
        [SearchSpace("learning_rate", 0.01, 0.3, Scale = Scale.Log)]
        [SearchSpace("num_leaves", 15, 255)]
        [SearchSpace("boosting", "gbdt", "dart")]
        [Hyperparameter("num_iterations", 200)]
        [Tuning(TuningStrategy.Bayesian, Trials = 30)]
        public partial class TenureExperiment;
        """;

    [Fact]
    public void An_experiment_gets_its_settings_and_run_methods() =>
        Snapshot.Match(GeneratorHarness.AllGeneratedSources(Source).Split("// ---- ")[^1]);

    // The runtime core carries no report or card renderer and no Parquet reader: what is generated follows the packages
    // the project references, and compiles either way.
    [Fact]
    public void What_is_generated_follows_the_referenced_packages()
    {
        string Generated(params Microsoft.CodeAnalysis.MetadataReference[] packages)
        {
            var driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(packages, Source), out var output, out _);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
            return string.Join("\n", driver.GetRunResult().GeneratedTrees.Select(t => t.ToString()));
        }

        var core = Generated(GeneratorHarness.RuntimeCore);
        Assert.DoesNotContain("ReadParquet", core);
        Assert.DoesNotContain("RunDocuments", core);
        Assert.Contains("RunAsync(rows, options, cancellationToken)", core);

        var operations = Generated(GeneratorHarness.RuntimeCore, GeneratorHarness.Operations, GeneratorHarness.Parquet);
        Assert.Contains("ReadParquet(string path, global::MlAsCode.Data.Parquet.ParquetReadOptions? options = null)", operations);
        Assert.Contains("RunAsync(rows, global::MlAsCode.Experiments.RunDocuments.WithStandardDocuments(options), cancellationToken)", operations);
    }

    [Fact]
    public void The_generated_settings_hold_every_declared_value()
    {
        var (_, output) = GeneratorHarness.Run(Source);
        var settings = (MlAsCode.Experiments.ExperimentSettings)GeneratorHarness.ReadStatic(output, "Shop.TenureExperiment", "Settings")!;
        Assert.Equal("EXP-2026-11-26-001", settings.Id);
        Assert.Equal(SplitStrategy.Stratified, settings.Split);
        Assert.Equal(TuningStrategy.Bayesian, settings.Tuning);
        Assert.Equal(30, settings.Trials);
        Assert.Equal(3, settings.Folds);
        Assert.Equal(0.02, settings.Margin);
        Assert.Equal(3, settings.SearchSpace.Length);
        Assert.IsType<MlAsCode.Experiments.Tuning.IntegerParameter>(settings.SearchSpace[1]);
        Assert.True(((MlAsCode.Experiments.Tuning.RealParameter)settings.SearchSpace[0]).Log);
        Assert.Equal(200, settings.Fixed["num_iterations"]);
        Assert.Equal("Tenure", Assert.Single(settings.Segments));
        Assert.Equal(0.9, settings.Fairness.DisparateImpactLimit);
        Assert.Equal(0.03, settings.CalibrationLimit);
    }
}
