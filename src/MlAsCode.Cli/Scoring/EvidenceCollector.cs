using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MlAsCode.Declarations;
using MlAsCode.Framing;
using MlAsCode.Registry;
using MlAsCode.Rubric;
using MlAsCode.Tracking;

namespace MlAsCode.Cli.Scoring;

/// <summary>Gathers <see cref="SystemEvidence"/> for a project: its declarations, its tracking store's runs of the
/// declared experiments, its registry's versions and history, and the documents in its folder.</summary>
internal static class EvidenceCollector
{
    public static async Task<(SystemEvidence Evidence, List<string> Sources)> CollectAsync(string project, string? trackingPath, string? registryPath, string? model)
    {
        var scratch = Directory.CreateTempSubdirectory("mlac-score-").FullName;
        try
        {
            return await CollectAsync(project, trackingPath, registryPath, model, scratch).ConfigureAwait(false);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
                // The OS cleans the temp folder later.
            }
        }
    }

    // A copy of a SQLite database with its write-ahead log, in the scratch folder.
    private static string Snapshot(string database, string scratch)
    {
        var copy = Path.Combine(scratch, Guid.NewGuid().ToString("N") + ".db");
        File.Copy(database, copy);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            if (File.Exists(database + suffix))
            {
                File.Copy(database + suffix, copy + suffix);
            }
        }

        return copy;
    }

    private static async Task<(SystemEvidence Evidence, List<string> Sources)> CollectAsync(string project, string? trackingPath, string? registryPath, string? model, string scratch)
    {
        // A project's C# files, or a built assembly's metadata (then its folder holds the stores and documents).
        var assembly = ProjectDeclarations.IsAssembly(project);
        var files = assembly ? [] : ProjectDeclarations.SourceFiles(project);
        var folder = File.Exists(project) ? Path.GetDirectoryName(Path.GetFullPath(project))! : Path.GetFullPath(project);
        var found = assembly ? ProjectDeclarations.ReadAssembly(project) : ProjectDeclarations.Read(files);
        var sources = new List<string>
        {
            assembly ? $"assembly {Path.GetFullPath(project)}: {found.Count} MlAsCode attribute(s)" : $"{files.Count} C# file(s) in {folder}: {found.Count} MlAsCode attribute(s)",
        };
        List<DeclaredAttribute> All(string name) => [.. found.Where(a => a.Name == name)];

        var problem = All("MlProblem").FirstOrDefault();
        ProblemBrief? brief = null;
        if (problem is not null)
        {
            var problemClass = problem.Target;
            var baseline = found.FirstOrDefault(a => a.Name == "Baseline" && a.Target == problemClass);
            // The one reading of a brief's attributes, as the runtime's ProblemBrief.Declared does for a loaded type.
            var declaration = ProblemDeclaration.Read(View(problem), baseline is null ? null : View(baseline, kindFirst: true),
                found.Where(a => a.Name == "KillCriterion" && a.Target == problemClass).Select(a => View(a)));
            brief = ProblemBrief.From(declaration.Name.Length > 0 ? declaration : declaration with { Name = problemClass });
        }

        var experiments = All("Experiment");
        var experimentClasses = experiments.Select(e => e.Target).ToHashSet(StringComparer.Ordinal);
        var serve = All("Serve").FirstOrDefault(s => !found.Any(a => a.Name == "RagPipeline" && a.Target == s.Target));
        var evidence = new SystemEvidence
        {
            Brief = brief,
            FeatureSets = All("FeatureSet").Count,
            FeatureSetHasSource = All("FeatureSet").Any(f => !string.IsNullOrWhiteSpace(f.Text("Source"))),
            FeatureValidation = found.Any(a => a.Name is "ValidRange" or "ValidValues"),
            EntityAndEventTime = found.Any(a => a.Name == "EntityKey") && found.Any(a => a.Name == "EventTime"),
            Experiments = experiments.Count,
            ExperimentsSeeded = experiments.Count > 0 && experiments.All(e => Experiment(e).Seed is not null),
            ExperimentsTuned = found.Any(a => a.Name is "Tuning" or "SearchSpace" && experimentClasses.Contains(a.Target)),
            Served = serve is not null,
            AbTest = All("AbTest").Count > 0,
            MicroBatching = serve is not null && ServeDeclaration.Read(View(serve), null, null).MaxBatchSize is > 1,
            Monitored = serve is not null && found.Any(a => a.Name == "Monitor" && a.Target == serve.Target),
            CostBudget = CostBudget(found, problem?.Target),
        };
        var ci = ContinuousIntegrationEvidence.Find(folder, project);
        evidence = evidence with { ContinuousIntegration = ci is not null, ContinuousIntegrationFile = ci };

        var documents = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj" or ".git"))
            .Select(f => (Path: f, Name: Path.GetFileName(f).ToLowerInvariant(), Relative: Path.GetRelativePath(folder, f).Replace('\\', '/').ToLowerInvariant()))
            .ToList();
        var cards = documents.Where(d => d.Name is "model_card.md" or "model_card.yaml").ToList();
        evidence = evidence with
        {
            ModelCard = cards.Count > 0,
            TrainingCostRecorded = cards.Any(c => c.Name == "model_card.yaml" && File.ReadLines(c.Path).Any(l => l.TrimStart().StartsWith("training_cost: \"$", StringComparison.Ordinal))),
            Runbook = documents.Any(d => d.Name.StartsWith("runbook", StringComparison.Ordinal) && d.Name.EndsWith(".md", StringComparison.Ordinal)),
            DecisionLog = documents.Any(d => d.Name is "decisions.md" or "decision-log.md" or "decision_log.md" || d.Relative.Contains("/adr/", StringComparison.Ordinal) || d.Relative.StartsWith("adr/", StringComparison.Ordinal)),
            DeploymentFiles = Named(documents.Where(d => d.Name == "dockerfile"
                || (d.Name.EndsWith(".yaml", StringComparison.Ordinal) || d.Name.EndsWith(".yml", StringComparison.Ordinal)) && File.ReadLines(d.Path).Any(l => l.Trim() == "kind: Deployment"))),
            AlertWebhook = Configured(documents, "WebhookUrl"),
            PredictionLog = Configured(documents, "PredictionLogPath"),
        };
        if (cards.Count > 0)
        {
            sources.Add($"model card(s): {string.Join(", ", cards.Select(c => Path.GetRelativePath(folder, c.Path)))}");
        }

        // Tracking: the runs of the declared experiments. A store named on the command line must exist.
        if (trackingPath is not null && !File.Exists(trackingPath))
        {
            throw new FileNotFoundException($"No tracking store at {Path.GetFullPath(trackingPath)} (--tracking).");
        }

        if (registryPath is not null && !File.Exists(registryPath))
        {
            throw new FileNotFoundException($"No model registry at {Path.GetFullPath(registryPath)} (--registry).");
        }

        trackingPath ??= Path.Combine(folder, ".mlac", "tracking.db");
        if (File.Exists(trackingPath))
        {
            // Scoring only reads: the stores are opened on copies, so the user's files are never changed (opening a store
            // creates its schema when missing).
            var store = new SqliteTrackingStore(Snapshot(trackingPath, scratch));
            var runs = new List<RunRecord>();
            foreach (var id in experiments.Select(e => e.Arguments.FirstOrDefault() as string).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                foreach (var runId in await store.ListRunsAsync(id).ConfigureAwait(false))
                {
                    if (await store.GetRunAsync(runId).ConfigureAwait(false) is { } run)
                    {
                        runs.Add(run);
                    }
                }
            }

            evidence = TrackedEvidence(evidence, runs);
            sources.Add($"tracking store {trackingPath}: {evidence.TrackedRuns} finished run(s) of the declared experiments{(evidence.FailedRuns.IsEmpty ? "" : $"; the latest run failed for {evidence.FailedRuns.Length}")}");
        }
        else
        {
            sources.Add($"no tracking store at {trackingPath}");
        }

        registryPath ??= Path.Combine(folder, ".mlac", "registry.db");
        model ??= brief?.Name;
        if (File.Exists(registryPath) && model is not null)
        {
            var registry = new SqliteModelRegistry(Snapshot(registryPath, scratch), Path.Combine(scratch, "models"));
            var history = await registry.HistoryAsync(model).ConfigureAwait(false);
            evidence = evidence with
            {
                RegistryProduction = await registry.GetProductionAsync(model).ConfigureAwait(false) is not null,
                CanaryHistory = history.Any(e => e.Action.StartsWith("canary", StringComparison.Ordinal)),
                RetrainingHistory = history.Any(e => e.Action.StartsWith("retraining", StringComparison.Ordinal)),
            };
            sources.Add($"registry {registryPath}: model '{model}', {history.Length} event(s)");
        }
        else
        {
            sources.Add(model is null ? "no registry (no model name)" : $"no registry at {registryPath}");
        }

        return (evidence, sources);
    }

    // What the tracking store shows: finished runs only count as runs; the latest run of each experiment is the one
    // scored (a best-of-reruns would be optimistic), and its recorded check outcomes and holdout reuse are evidence.
    private static SystemEvidence TrackedEvidence(SystemEvidence evidence, List<RunRecord> runs)
    {
        var latest = runs.GroupBy(r => r.Experiment.Id, StringComparer.Ordinal).Select(g => g.MaxBy(r => r.StartedUtc)!).ToList();
        var finished = runs.Where(r => r.Status == "finished" && r.Outcome is not null).ToList();
        var scored = finished.GroupBy(r => r.Experiment.Id, StringComparer.Ordinal).Select(g => g.MaxBy(r => r.StartedUtc)!).ToList();

        // The runner records the improvement in the metric's units (model − baseline, signed so higher is better);
        // the rubric judges it relative to the baseline.
        static double? Relative(RunRecord run) =>
            run.Metrics.FirstOrDefault(m => m.Split == "improvement")?.Value is { } gain
            && run.Metrics.FirstOrDefault(m => m.Split == "baseline")?.Value is { } baseline && Math.Abs(baseline) > 1e-12
                ? gain / Math.Abs(baseline)
                : null;
        var best = scored.Select(r => (Run: r, Improvement: Relative(r))).Where(r => r.Improvement is not null).OrderByDescending(r => r.Improvement).FirstOrDefault();
        return evidence with
        {
            TrackedRuns = finished.Count,
            RunsReproducible = finished.Count > 0 && finished.All(r => r.Outcome!.DatasetSha256.Length > 0 && r.Outcome.FeaturePipelineSha256.Length > 0),
            BestImprovement = best.Improvement,
            RunPromoted = scored.Any(r => r.Outcome!.Verdict == "promoted"),
            CalibrationChecked = best.Run?.Metrics.Any(m => m.Name == "ece") ?? false,
            FairnessChecked = best.Run?.Metrics.Any(m => m.Name.Contains(':', StringComparison.Ordinal)) ?? false,
            FailedChecks = [.. best.Run?.Metrics.Where(m => m.Name.StartsWith("check_passed:", StringComparison.Ordinal) && m.Value == 0).Select(m => m.Name["check_passed:".Length..]) ?? []],
            HoldoutUses = best.Run is { } run ? finished.Count(r => r.Outcome!.HoldoutFingerprint == run.Outcome!.HoldoutFingerprint) : 0,
            FailedRuns = [.. latest.Where(r => r.Status == "failed").Select(r => $"{r.Experiment.Id} ({r.Outcome?.Notes ?? "no reason recorded"})")],
        };
    }

    // A budget the project declares: a cost kill criterion on the brief, or an experiment's compute price.
    private static string? CostBudget(List<DeclaredAttribute> found, string? problemClass)
    {
        var kill = found.Where(a => a.Name == "KillCriterion" && a.Target == problemClass).Select(a => KillCriterionDeclaration.Read(View(a)))
            .FirstOrDefault(k => k is { When: KillWhen.CostPer1000Above } && !double.IsNaN(k.Threshold));
        if (kill is not null)
        {
            return FormattableString.Invariant($"kill criterion '{kill.Text}' (cost per 1,000 predictions above {kill.Threshold})");
        }

        var priced = found.Where(a => a.Name == "Experiment").Select(Experiment).FirstOrDefault(e => e.ComputePricePerHour is not null);
        return priced is null ? null : FormattableString.Invariant($"experiment {priced.Id} declares ComputePricePerHour = {priced.ComputePricePerHour}");
    }

    // "a, b" of the files' project-relative paths, or null when there are none.
    private static string? Named(IEnumerable<(string Path, string Name, string Relative)> files) =>
        files.Select(f => f.Relative).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } names ? string.Join(", ", names) : null;

    // The appsettings file that sets a serving key (e.g. Monitor:WebhookUrl) to a non-empty value, named with the key.
    private static string? Configured(List<(string Path, string Name, string Relative)> documents, string key)
    {
        var pattern = new System.Text.RegularExpressions.Regex($"\"{key}\"\\s*:\\s*\"[^\"]+\"");
        var file = documents.FirstOrDefault(d => d.Name.StartsWith("appsettings", StringComparison.Ordinal) && d.Name.EndsWith(".json", StringComparison.Ordinal)
            && pattern.IsMatch(File.ReadAllText(d.Path)));
        return file.Path is null ? null : $"{file.Relative} sets {key}";
    }

    // An experiment's own attribute through the shared reader (its settings, not the attributes beside it).
    private static ExperimentDeclaration Experiment(DeclaredAttribute experiment) => ExperimentDeclaration.Read(View(experiment), null, [], [], []);

    // An attribute read from syntax or metadata as the shared readers take it. Both give an enum member as its name, so
    // [Baseline(BaselineKind.MajorityClass)] and [Baseline("description")] both arrive as text: a single word that names
    // a BaselineKind is the kind (kindFirst).
    private static AttributeView View(DeclaredAttribute attribute, bool kindFirst = false) => new(
        [.. attribute.Arguments.Select((value, i) => kindFirst && i == 0 && value is string first && !first.Contains(' ', StringComparison.Ordinal)
            && System.Enum.TryParse<BaselineKind>(first, out var kind) ? (object)(int)kind : value)],
        attribute.Named);
}
