using System;
using System.IO;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MlAsCode;

namespace Churn;

/// <summary>The sample's lifecycle, end to end on the embedded defaults.</summary>
internal static class ChurnLifecycle
{
    /// <summary>Runs it; <paramref name="args"/>[0] is the output folder (default <c>out/churn</c>).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        // Everything below runs on code generated from the declarations in ChurnProblem.cs and Customer.cs.
        var output = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine("out", "churn"));
        Directory.CreateDirectory(output);

        // 1. The problem brief (Phase 1) and its rubric score (Phase 11).
        var brief = ChurnProblem.Brief;
        Console.WriteLine($"Problem brief: {brief.Name}");
        Console.WriteLine($"  business objective : {brief.BusinessObjective}");
        Console.WriteLine($"  success metric     : {brief.SuccessMetric}");
        Console.WriteLine($"  task               : {brief.Task} (primary metric {brief.PrimaryMetric})");
        Console.WriteLine($"  prediction target  : {brief.PredictionTarget}");
        Console.WriteLine($"  consumer / latency : {brief.Consumer} / {brief.Latency}");
        Console.WriteLine($"  baseline           : {brief.Baseline}");
        Console.WriteLine($"  protected          : {string.Join(", ", brief.ProtectedAttributes)}");
        Console.WriteLine("  kill criteria      :");
        foreach (var criterion in brief.KillCriteria)
        {
            Console.WriteLine($"    - {criterion}");
        }

        Console.WriteLine();
        Console.Write(ChurnProblem.Rubric);

        // 2. The features (Phase 2): load, fit on training rows only, write the fitted state and the registry manifest.
        var data = Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv");
        var rows = Customer.ReadCsv(data);
        var customers = rows.ToList();

        // The data quality gate: six dimensions scored with evidence; below 18/30 the sample stops here.
        var quality = Customer.Features.AssessQuality(data);
        Console.WriteLine();
        Console.Write(quality.ToText());
        quality.EnsurePasses();

        // Split before fitting anything: exact duplicates removed first, the holdout fingerprinted.
        var split = Customer.Features.Split(customers, SplitStrategy.Stratified, testFraction: 0.2);
        Console.WriteLine();
        Console.WriteLine(split);
        var training = split.Train;
        var fit = Customer.Features.FitTransform(training);

        var statePath = Path.Combine(output, "feature_pipeline.json");
        var manifestPath = Path.Combine(output, "feature_manifest.json");
        File.WriteAllText(statePath, fit.Pipeline.ToJson());
        var manifest = fit.Pipeline.Manifest();
        manifest.WriteTo(manifestPath);

        Console.WriteLine();
        Console.WriteLine($"Features: {rows.Report.RowCount} rows read from {Path.GetFileName(data)} ({rows.Report.Rejected.Count} rejected), fitted on {training.Length} (the training part of the split)");
        Console.WriteLine($"  {fit.Pipeline.Width} model inputs from {manifest.Features.Length} features, state hash {fit.Pipeline.ContentHash[..12]}");
        foreach (var feature in manifest.Features)
        {
            Console.WriteLine($"  {feature.Name,-42} {feature.Transform,-13} {feature.DataType,-8} {feature.Description}");
        }

        // 3. Experiments (Phase 3): each runs gate, split, tuning and one holdout evaluation, and is recorded.
        var tracking = new MlAsCode.Tracking.SqliteTrackingStore(Path.Combine(output, ".mlac", "tracking.db"));
        Console.WriteLine();
        Console.WriteLine("Experiments (primary metric with 95% bootstrap interval; lift over the baseline on the same holdout):");
        var reports = new List<MlAsCode.Experiments.ExperimentReport>();
        foreach (var (run, folder) in new (Func<MlAsCode.Experiments.ExperimentRunOptions, Task<MlAsCode.Experiments.ExperimentReport>>, string)[]
        {
            (options => BoostedTreesExperiment.RunAsync(options), "lightgbm"),
            (options => LogisticExperiment.RunAsync(options), "logistic"),
            (options => MlpExperiment.RunAsync(options), "mlp"),
        })
        {
            var report = await run(new MlAsCode.Experiments.ExperimentRunOptions
            {
                OutputDirectory = Path.Combine(output, "experiments", folder),
                Tracking = tracking,
                // A progress bar in a terminal; plain lines when the output is redirected.
                Progress = MlAsCode.Experiments.ConsoleRunProgress.ForConsole("    "),
                // The HTML evaluation report and the model card, with the facts a card needs that no declaration
                // holds; everything else comes from the brief, the features and the run.
                Documents = MlAsCode.Experiments.RunDocuments.Standard(new MlAsCode.ModelCards.ModelCardOptions
                {
                    Owner = "Retention analytics",
                    Contact = "retention-ml@example.com",
                    OutOfScopeUses = ["Credit, pricing or any decision other than who receives a retention offer"],
                    RetrainingSchedule = "Monthly, and when PSI of a feature exceeds 0.25",
                    Monitoring = "Prediction and feature drift (PSI) on the served model; PR-AUC on labelled churn after 30 days",
                    TrainingPricePerHour = 0.40,
                }),
            });
            reports.Add(report);
            Console.WriteLine("  " + report.ToRow());
            Console.WriteLine($"      {report.Notes}");
            // Phase 4 and 9: calibration, fairness on the protected attributes (female, senior_citizen), and every check
            // that failed or did not run; the HTML report has the plots, the model card lists the same gaps.
            foreach (var line in report.Evaluation!.ToSummary().Split(Environment.NewLine).Skip(1))
            {
                Console.WriteLine("    " + line.TrimStart());
            }

            if (report.Hyperparameters.TryGetValue("device", out var device))
            {
                Console.WriteLine($"      trained on {device} in {report.TrainingTime.TotalSeconds:0.0} s (CUDA when libtorch sees a GPU, the CPU otherwise)");
            }
        }

        // 4. Monitoring (Phase 7): the run wrote the reference profile the served model's monitor compares requests with —
        //    the training rows' inputs and the LightGBM model's predictions on them (reference_profile.json).
        var lightgbm = Path.Combine(output, "experiments", "lightgbm");
        var profilePath = Path.Combine(lightgbm, "reference_profile.json");

        // 5. The model registry (Phase 8): the LightGBM model is registered with its lineage and goes through the methodology's
        //    promotion criteria — beat production offline, then a load test, an integration test and an approval.
        var registry = new MlAsCode.Registry.SqliteModelRegistry(Path.Combine(output, ".mlac", "registry.db"));
        var production = await ChurnRegistry.PromoteAsync(registry, reports[0], lightgbm);

        // 6. Deployment (Phase 5): the container and Kubernetes files of the generated service, for the LightGBM model.
        var deploy = ChurnService.Deployment.WriteTo(Path.Combine(output, "deploy"), project: "samples/Churn/Churn.csproj",
            modelDirectory: Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.Combine(output, "experiments", "lightgbm")).Replace('\\', '/'),
            image: $"churn-model:{reports[0].Id.ToLowerInvariant()}", arguments: ["serve"], modelVersion: reports[0].Id);

        // 7. Serving, an A/B test and monitoring (Phases 5 and 7): the generated service on a loopback port, the registry's
        //    production version against the logistic model 50/50, every holdout customer sent through HTTP, the labels
        //    posted as outcomes, then the monitor's check.
        ChurnReplay.Result? served = null;
        if (production is not null)
        {
            served = await ChurnReplay.RunAsync(output, split.Test, registry.Path, production, Path.Combine(output, "experiments", "logistic"), reports[1].Id);
            Console.WriteLine();
            Console.WriteLine($"Served {split.Test.Length} holdout customers through POST /churn/predict (A/B test, 50/50 by customer key):");
            foreach (var arm in served.Arms)
            {
                Console.WriteLine(FormattableString.Invariant(
                    $"  {arm.Arm,-9} {arm.Version,-20} {arm.Customers,5} customers  flag matched churn {arm.Correct:P1}  median latency {arm.MedianLatencyMs:0.0} ms  fallbacks {arm.Fallbacks}"));
            }

            var monitor = served.Monitoring;
            var drift = monitor["drift"]!.AsObject().OrderByDescending(d => d.Value!.GetValue<double>()).FirstOrDefault();
            Console.WriteLine(FormattableString.Invariant(
                $"  monitor: {monitor["status"]}, {monitor["predictions"]} predictions checked, largest feature PSI {drift.Key} {drift.Value?.GetValue<double>() ?? 0:0.000}, PR-AUC on the outcomes {monitor["performance"]?.GetValue<double>():0.000} (holdout {production.PrimaryMetric.Value:0.000})"));
            foreach (var finding in monitor["findings"]!.AsArray())
            {
                Console.WriteLine($"    {finding!["severity"]}: {finding["kind"]} {finding["subject"]} — {finding["response"]}");
            }
        }

        Console.WriteLine();
        Console.WriteLine("Outputs:");
        Console.WriteLine($"  fitted feature pipeline : {statePath}");
        Console.WriteLine($"  feature manifest        : {manifestPath}");
        foreach (var report in reports)
        {
            Console.WriteLine($"  {report.Id,-24}: {Path.GetDirectoryName(report.Artifacts[0])}");
            Console.WriteLine($"  {"",-24}  model.onnx, feature_pipeline.json, experiment_report.json, evaluation_report.html (open it in a browser),");
            Console.WriteLine($"  {"",-24}  evaluation.json, predictions.csv (the holdout's, for mlac evaluate), model_card.md, model_card.yaml");
        }

        Console.WriteLine($"  reference profile       : {profilePath}");
        Console.WriteLine($"  container, Kubernetes   : {string.Join(", ", deploy)}");
        Console.WriteLine($"  tracking store          : {tracking.Path}");
        Console.WriteLine($"  model registry          : {registry.Path} (production: {production})");
        if (served is not null)
        {
            Console.WriteLine($"  prediction log          : {served.PredictionLog}");
            Console.WriteLine($"  A/B outcomes            : {served.Outcomes}");
        }

        Console.WriteLine();
        Console.WriteLine("Serve the LightGBM model: dotnet run --project samples/Churn -c Release -- serve --urls http://127.0.0.1:5080");
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), output).Replace('\\', '/');
        Console.WriteLine($"Score the whole project (the rubric above is the brief's part): mlac score samples/Churn --tracking {relative}/.mlac/tracking.db --registry {relative}/.mlac/registry.db");
        Console.WriteLine($"Then: mlac drift samples/Churn/data/telco_churn.csv {relative}/predictions.jsonl, mlac abtest analyze {relative}/ab_outcomes.csv --arm arm --outcome correct --days 14 (docs/cli.md)");
        return 0;
    }
}
