using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using MlAsCode.Experiments;
using MlAsCode.Cli;
using MlAsCode.Rubric;
using MlAsCode.Tracking;

namespace MlAsCode.Cli.Tests;

public sealed class ScoreCommandTests
{
    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "MlAsCode.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (MlAsCode.sln) was not found above " + AppContext.BaseDirectory);
    }

    // The churn sample's sources copied to a temporary project folder (what a user's project looks like). With CI, the
    // folder above is a repository whose workflow builds the project.
    private static string ChurnProject(bool withCi)
    {
        var root = Path.Combine(Path.GetTempPath(), $"mlac-score-{Guid.NewGuid():N}");
        var project = Path.Combine(root, "Churn");
        Directory.CreateDirectory(project);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "samples", "Churn"), "*.cs"))
        {
            File.Copy(file, Path.Combine(project, Path.GetFileName(file)));
        }

        if (withCi)
        {
            Directory.CreateDirectory(Path.Combine(root, ".git"));
            Directory.CreateDirectory(Path.Combine(root, ".github", "workflows"));
            File.WriteAllText(Path.Combine(root, ".github", "workflows", "build.yml"), "jobs:\n  build:\n    steps:\n      - run: dotnet test Churn\n");
        }

        return project;
    }

    // The churn sample's declarations built into an assembly, as a user's build would leave it: its own dll with
    // MlAsCode.Abstractions beside it (no generators needed, the declarations are attributes).
    private static string ChurnAssembly(string project)
    {
        var output = Path.Combine(project, "bin");
        Directory.CreateDirectory(output);
        var sources = new[] { "ChurnProblem.cs", "Customer.cs", "Experiments.cs", "ChurnService.cs" }
            .Select(f => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(project, f)), path: f));
        var abstractions = typeof(MlAsCode.MlProblemAttribute).Assembly.Location;
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Churn", sources,
            [.. Basic.Reference.Assemblies.Net100.References.All, Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(abstractions)],
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
        var dll = Path.Combine(output, "Churn.dll");
        Microsoft.CodeAnalysis.Emit.EmitResult emitted;
        using (var stream = File.Create(dll))
        {
            emitted = compilation.Emit(stream);
        }

        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        File.Copy(abstractions, Path.Combine(output, Path.GetFileName(abstractions)));
        return dll;
    }

    [Fact]
    public void A_built_assembly_scores_as_its_sources_do()
    {
        var project = ChurnProject(withCi: false);
        var dll = ChurnAssembly(project);
        var fromSources = JsonDocument.Parse(Mlac.Run(["score", project, "--json"]).Output).RootElement;
        var (code, output, error) = Mlac.Run(["score", dll, "--json"]);
        Assert.True(code is MlacApp.Ok or MlacApp.Findings, error);
        var fromAssembly = JsonDocument.Parse(output).RootElement;
        Assert.StartsWith("assembly ", fromAssembly.GetProperty("sources")[0].GetString(), StringComparison.Ordinal);
        // The same declarations, read as metadata: every dimension's points and reasons agree.
        foreach (var (name, dimension) in Dimensions(fromSources))
        {
            var other = Dimensions(fromAssembly)[name];
            Assert.Equal((name, dimension.GetProperty("points").GetInt32(), dimension.GetProperty("reasons").ToString()),
                (name, other.GetProperty("points").GetInt32(), other.GetProperty("reasons").ToString()));
        }

        Assert.True(fromAssembly.GetProperty("dimensions").EnumerateArray().Sum(d => d.GetProperty("points").GetInt32()) > 10, output);

        var notAnAssembly = Path.Combine(project, "bin", "notes.dll");
        File.WriteAllText(notAnAssembly, "not a PE file");
        (code, _, error) = Mlac.Run(["score", notAnAssembly]);
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("is not a .NET assembly", error, StringComparison.Ordinal);
    }

    // Declarations read from syntax go through the same readers as the runtime's: a cost kill criterion (enum member
    // by name, threshold as written), a seed written or not, micro-batching from the served declaration.
    [Fact]
    public async Task Declarations_read_from_syntax_give_the_cost_budget_seeds_and_micro_batching()
    {
        var folder = Directory.CreateTempSubdirectory("mlac-score-syntax-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "Problem.cs"), """
                using MlAsCode;

                [MlProblem("fraud", Task = MlTask.BinaryClassification, Latency = LatencyClass.RealTime)]
                [Baseline(BaselineKind.MajorityClass)]
                [KillCriterion("too expensive", When = KillWhen.CostPer1000Above, Threshold = 0.05)]
                public partial class Fraud;

                [Experiment("EXP-2026-12-08-002", Problem = typeof(Fraud), Seed = 7, ComputePricePerHour = 0.4)]
                public partial class Seeded;

                [Experiment("EXP-2026-12-08-003", Problem = typeof(Fraud))]
                public partial class Unseeded;

                [Serve(typeof(Fraud), Route = "/fraud", MaxBatchSize = 1)]
                public static partial class FraudService;
                """);
            var (evidence, _) = await Scoring.EvidenceCollector.CollectAsync(folder, null, null, null);
            Assert.Equal("kill criterion 'too expensive' (cost per 1,000 predictions above 0.05)", evidence.CostBudget);
            Assert.Equal(2, evidence.Experiments);
            Assert.False(evidence.ExperimentsSeeded);
            Assert.True(evidence.Served);
            Assert.False(evidence.MicroBatching);
            Assert.Equal(MlTask.BinaryClassification, evidence.Brief!.Task);
            Assert.Equal(BaselineKind.MajorityClass, evidence.Brief.Baseline!.Kind);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Dictionary<string, JsonElement> Dimensions(JsonElement root) =>
        root.GetProperty("dimensions").EnumerateArray().ToDictionary(d => d.GetProperty("dimension").GetString()!, d => d);

    [Fact]
    public void The_churn_samples_declarations_score_what_they_show_and_say_what_would_raise_it()
    {
        var project = ChurnProject(withCi: false);
        var (code, output, error) = Mlac.Run(["score", project, "--json"]);
        Assert.True(code is MlacApp.Ok or MlacApp.Findings, error);
        var root = JsonDocument.Parse(output).RootElement;
        var dimensions = Dimensions(root);
        int Points(string d) => dimensions[d].GetProperty("points").GetInt32();

        // The brief has objective, metric, target, kill criteria, a measured baseline and an ROI estimate: 5, as the
        // generated ChurnProblem.Rubric scores it.
        Assert.Equal(5, Points("ProblemFraming"));
        Assert.Equal(4, Points("DataQuality"));        // feature set with source, validation, quality gate; no entity key/event time
        Assert.Equal(2, Points("ExperimentRigor"));    // seeded experiments, but no tracked runs
        Assert.Equal(0, Points("ModelPerformance"));   // no tracked run to judge
        Assert.Equal(2, Points("Deployment"));         // [Serve], no CI here
        Assert.Equal(3, Points("Monitoring"));         // [Monitor], but no alert webhook configured and no retraining evidence
        Assert.Contains(dimensions["Monitoring"].GetProperty("to_raise").EnumerateArray(), r => r.GetString()!.Contains("WebhookUrl", StringComparison.Ordinal));
        // The Dockerfile and manifests are generated code, not files in the project: no credit claims them.
        Assert.Contains(dimensions["Deployment"].GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("are not written in the project", StringComparison.Ordinal));
        // No budget, no cost tracking: served only.
        Assert.Equal(1, Points("CostEfficiency"));
        Assert.Contains(dimensions["ExperimentRigor"].GetProperty("to_raise").EnumerateArray(), r => r.GetString()!.Contains("tracking", StringComparison.Ordinal));
        Assert.Contains(root.GetProperty("sources").EnumerateArray(), s => s.GetString()!.StartsWith("no tracking store at", StringComparison.Ordinal));

        // A CI workflow in the project's repository that builds it raises deployment, and the reason names the file.
        var withCi = ChurnProject(withCi: true);
        (_, output, _) = Mlac.Run(["score", withCi, "--json"]);
        var deployment = Dimensions(JsonDocument.Parse(output).RootElement)["Deployment"];
        Assert.Equal(3, deployment.GetProperty("points").GetInt32());
        Assert.Contains(deployment.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.EndsWith("build.yml names Churn", StringComparison.Ordinal));

        // A workflow in a folder above that is not the project's repository, or that builds something else, is no evidence.
        var unrelated = ChurnProject(withCi: false);
        Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(unrelated)!, ".github", "workflows"));
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(unrelated)!, ".github", "workflows", "build.yml"), "- run: dotnet test Other\n");
        (_, output, _) = Mlac.Run(["score", unrelated, "--json"]);
        Assert.Equal(2, Dimensions(JsonDocument.Parse(output).RootElement)["Deployment"].GetProperty("points").GetInt32());
        Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(unrelated)!, ".git"));
        (_, output, _) = Mlac.Run(["score", unrelated, "--json"]);
        Assert.Equal(2, Dimensions(JsonDocument.Parse(output).RootElement)["Deployment"].GetProperty("points").GetInt32());
    }

    [Fact]
    public async Task Tracked_runs_of_the_declared_experiments_raise_rigor_and_performance()
    {
        var project = ChurnProject(withCi: false);
        var tracking = Path.Combine(project, ".mlac", "tracking.db");
        Directory.CreateDirectory(Path.GetDirectoryName(tracking)!);
        var store = new SqliteTrackingStore(tracking);
        await store.SaveExperimentAsync(new ExperimentRecord("EXP-2026-11-26-001", "trees beat the rules", "churn", "customer", "LightGbm"));
        var run = await store.StartRunAsync("EXP-2026-11-26-001");
        await store.LogMetricsAsync(run, [new MetricRecord("pr_auc", 0.66), new MetricRecord("pr_auc", 0.61, Split: "baseline"), new MetricRecord("pr_auc", 0.05, Split: "improvement"),
            new MetricRecord("ece", 0.02), new MetricRecord("demographic_parity_ratio:female", 0.93)]);
        await store.FinishRunAsync(run, new RunOutcome("promoted", TimeSpan.FromSeconds(30), "dataset-sha", "pipeline-sha", "holdout", ""));
        // A second experiment whose latest run failed: a failed run is not a finished one.
        await store.SaveExperimentAsync(new ExperimentRecord("EXP-2026-11-26-002", "a linear model", "churn", "customer", "Linear"));
        await store.FailRunAsync(await store.StartRunAsync("EXP-2026-11-26-002"), "DataQualityException: telco_churn.csv scores 12/30");

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        string Fingerprint() => string.Join(",", Directory.GetFiles(Path.GetDirectoryName(tracking)!).Order(StringComparer.Ordinal)
            .Select(f => Path.GetFileName(f) + ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))));
        var before = Fingerprint();
        var (_, output, error) = Mlac.Run(["score", project, "--json"]);
        var dimensions = Dimensions(JsonDocument.Parse(output).RootElement);
        Assert.True(dimensions.Count == 8, error);
        Assert.Equal(before, Fingerprint());   // scoring never writes to the user's stores
        // Tracked, tuned, seeded, hashed (5), but the latest run of EXP-…-002 failed (-1).
        Assert.Equal(4, dimensions["ExperimentRigor"].GetProperty("points").GetInt32());
        Assert.Contains(dimensions["ExperimentRigor"].GetProperty("reasons").EnumerateArray(),
            r => r.GetString() == "the latest run failed for EXP-2026-11-26-002 (DataQualityException: telco_churn.csv scores 12/30) (-1)");
        Assert.Contains(dimensions["ExperimentRigor"].GetProperty("reasons").EnumerateArray(), r => r.GetString() == "1 finished run(s) recorded in the tracking store");
        Assert.Equal(4, dimensions["DataQuality"].GetProperty("points").GetInt32());   // still no entity key / event time
        var performance = dimensions["ModelPerformance"];
        Assert.Equal(3, performance.GetProperty("points").GetInt32());                      // promoted, but 0.05 / 0.61 = 8.2% < 10%
        Assert.Contains(performance.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("8.2%", StringComparison.Ordinal));

        // A rerun of the same experiment on the same holdout that failed its fairness check: the latest run is scored
        // (not the best of the reruns), its failed check costs a point, and the reused holdout is said.
        var rerun = await store.StartRunAsync("EXP-2026-11-26-001");
        await store.LogMetricsAsync(rerun, [new MetricRecord("pr_auc", 0.70), new MetricRecord("pr_auc", 0.61, Split: "baseline"), new MetricRecord("pr_auc", 0.09, Split: "improvement"),
            new MetricRecord("ece", 0.02), new MetricRecord("disparate_impact:female", 0.62), new MetricRecord("check_passed:fairness:female", 0), new MetricRecord("check_passed:calibration", 1)]);
        await store.FinishRunAsync(rerun, new RunOutcome("iterate", TimeSpan.FromSeconds(30), "dataset-sha", "pipeline-sha", "holdout", "not promoted while fairness:female failed"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        (_, output, _) = Mlac.Run(["score", project, "--json"]);
        performance = Dimensions(JsonDocument.Parse(output).RootElement)["ModelPerformance"];
        // Not promoted (2), improvement 0.09 / 0.61 = 14.8%, failed fairness (-1).
        Assert.Equal(1, performance.GetProperty("points").GetInt32());
        var reasons = performance.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains("best run improves on the baseline by 14.8% but was not promoted", reasons);
        Assert.Contains("the scored run failed fairness:female (-1)", reasons);
        Assert.Contains("2 finished runs were evaluated on the scored run's holdout: the best of them is optimistic", reasons);
    }

    [Fact]
    public void Every_dimension_reaches_5_only_with_the_methodologys_excellent_evidence()
    {
        var full = new SystemEvidence
        {
            Brief = new Framing.ProblemBrief
            {
                Name = "churn", BusinessObjective = "Cut churn", SuccessMetric = "-15%", PredictionTarget = "cancels in 30 days", RoiEstimate = "$1M",
                KillCriteria = ["Model can't beat random by >10% on holdout set"], DataAvailable = "x", DataGaps = "y", EthicalConsiderations = "z",
                Baseline = new Framing.BaselineSpec(BaselineKind.MajorityClass),
            },
            FeatureSets = 1, FeatureSetHasSource = true, FeatureValidation = true, EntityAndEventTime = true,
            Experiments = 2, ExperimentsSeeded = true, ExperimentsTuned = true, TrackedRuns = 3, RunsReproducible = true,
            BestImprovement = 0.2, RunPromoted = true, CalibrationChecked = true, FairnessChecked = true,
            Served = true, AbTest = true, MicroBatching = true, Monitored = true, ContinuousIntegration = true,
            RegistryProduction = true, CanaryHistory = true, RetrainingHistory = true,
            ModelCard = true, TrainingCostRecorded = true, Runbook = true, DecisionLog = true,
            AlertWebhook = "appsettings.json sets WebhookUrl", CostBudget = "kill criterion 'too expensive' (cost per 1,000 predictions above 0.05)",
            DeploymentFiles = "Dockerfile, k8s/deployment.yaml", ContinuousIntegrationFile = ".github/workflows/build.yml builds Churn.csproj",
        };
        var report = SystemScorer.Score(full);
        Assert.All(report.Dimensions, d => Assert.Equal(5, d.Score!.Points));
        Assert.Equal(100, report.Total, 9);
        Assert.Equal(RubricBand.ProductionGrade, report.Band);

        var nothing = SystemScorer.Score(new SystemEvidence());
        Assert.Equal(0, nothing.Total, 9);
        Assert.All(nothing.Dimensions, d => Assert.NotEmpty(d.Score!.ToRaise));

        // One piece of excellence missing drops exactly its dimension below 5.
        Assert.Equal(4, SystemScorer.Score(full with { CanaryHistory = false })[RubricDimension.Deployment].Score!.Points);
        Assert.Equal(4, SystemScorer.Score(full with { RetrainingHistory = false })[RubricDimension.Monitoring].Score!.Points);
        Assert.Equal(4, SystemScorer.Score(full with { CalibrationChecked = false })[RubricDimension.ModelPerformance].Score!.Points);
        Assert.Equal(4, SystemScorer.Score(full with { MicroBatching = false })[RubricDimension.CostEfficiency].Score!.Points);
        Assert.Equal(3, SystemScorer.Score(full with { AlertWebhook = null })[RubricDimension.Monitoring].Score!.Points);

        // Claims need evidence: no budget leaves cost at "served"; a failed check costs performance a point.
        Assert.Equal(1, SystemScorer.Score(full with { CostBudget = null })[RubricDimension.CostEfficiency].Score!.Points);
        Assert.Equal(3, SystemScorer.Score(full with { FailedChecks = ["fairness:female"] })[RubricDimension.ModelPerformance].Score!.Points);
        Assert.Equal(4, SystemScorer.Score(full with { FailedRuns = ["EXP-2026-11-26-002 (boom)"] })[RubricDimension.ExperimentRigor].Score!.Points);
    }

    [Fact]
    public void A_missing_project_is_a_usage_error()
    {
        var (code, _, error) = Mlac.Run(["score", Path.Combine(Path.GetTempPath(), "no-such-project-" + Guid.NewGuid().ToString("N"))]);
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("No project folder or .csproj", error, StringComparison.Ordinal);

        (code, _, error) = Mlac.Run(["score", ChurnProject(withCi: false), "--tracking", "/no/such/tracking.db"]);
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("No tracking store at /no/such/tracking.db (--tracking)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void At_a_terminal_the_score_is_a_table_and_piped_it_is_plain_text()
    {
        var project = ChurnProject(withCi: false);
        var (_, plain, _) = Mlac.Run(["score", project]);
        Assert.StartsWith("# ", plain, StringComparison.Ordinal);
        Assert.Contains("  Problem framing     5/5  weight 15%  -> 15", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("│", plain, StringComparison.Ordinal);

        Terminal.ForceInteractive = true;
        try
        {
            var (_, table, _) = Mlac.Run(["score", project]);
            Assert.Contains("ML system quality: ", table, StringComparison.Ordinal);
            Assert.Contains("│ Problem framing", table, StringComparison.Ordinal);
            Assert.Contains("│  5/5", table.Replace("│    5/5", "│  5/5", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        finally
        {
            Terminal.ForceInteractive = false;
        }
    }
}
