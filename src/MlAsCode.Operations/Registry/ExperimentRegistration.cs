using System;
using System.Collections.Generic;
using System.Linq;
using MlAsCode.Experiments;

namespace MlAsCode.Registry;

/// <summary>
/// What the registry records of an experiment run: its checks (fairness, kill criteria, overrides) and its registration.
/// Here rather than on the report, so the experiments do not depend on the registry.
/// </summary>
public static class ExperimentRegistration
{
    /// <summary>The checks to record with the model in the registry (<c>ModelRegistration.Checks</c>): the fairness checks
    /// and the kill criteria as one check each, and an <c>override:{kind}</c> check for each declared override that
    /// accepted a failure. A failed one blocks registry promotion unless its override is there.</summary>
    public static IReadOnlyList<(string Kind, bool Passed, string Detail)> RegistryChecks(this ExperimentReport report)
    {
        var checks = new List<(string, bool, string)>();
        var fairness = (report.Evaluation?.Checks ?? []).Where(c => c.Name.StartsWith("fairness:", StringComparison.Ordinal) && c.Status != global::MlAsCode.Evaluation.Reporting.CheckStatus.NotRun).ToList();
        if (fairness.Count > 0)
        {
            var failed = fairness.Where(c => c.Status == global::MlAsCode.Evaluation.Reporting.CheckStatus.Failed).ToList();
            checks.Add((ModelChecks.Fairness, failed.Count == 0,
                failed.Count == 0 ? $"passed for {string.Join(", ", fairness.Select(c => c.Name["fairness:".Length..]))}" : string.Join("; ", failed.Select(c => $"{c.Name}: {c.Detail}"))));
        }

        var checkedKills = report.KillCriteria.Where(k => k.Fired is not null).ToList();
        if (checkedKills.Count > 0)
        {
            var fired = checkedKills.Where(k => k.Fired == true).ToList();
            checks.Add((ModelChecks.KillCriteria, fired.Count == 0,
                fired.Count == 0 ? $"{checkedKills.Count} checked, none fired" : string.Join("; ", fired.Select(k => $"'{k.Criterion.Text}' fired: {k.Evidence}"))));
        }

        foreach (var group in report.Overridden.GroupBy(o => o.Check.StartsWith("fairness", StringComparison.Ordinal) ? ModelChecks.Fairness : ModelChecks.KillCriteria))
        {
            checks.Add((ModelChecks.Override(group.Key), true, string.Join("; ", group.Select(o => $"{o.Check}: {o.Reason}"))));
        }

        return checks;
    }

    /// <summary>The registration of this run's model: its <c>model.onnx</c> and <c>feature_pipeline.json</c>, the lineage
    /// (run id, dataset version, the pipeline's SHA-256, the code version), the primary metric by its name and direction,
    /// the named guardrail metrics, and <see cref="RegistryChecks(ExperimentReport)"/>.</summary>
    /// <param name="report">The run's report (written with an <c>OutputDirectory</c>).</param>
    /// <param name="model">The registry's model name (usually the problem's).</param>
    /// <param name="registeredBy">Who registers it (default: the user running the process).</param>
    /// <param name="guardrails">Secondary metrics of this run that must not regress against production.</param>
    /// <exception cref="InvalidOperationException">The run wrote no model (it had no <c>OutputDirectory</c>), or a guardrail
    /// is not among its metrics.</exception>
    public static ModelRegistration ToRegistration(this ExperimentReport report, string model, string? registeredBy = null, params Metric[] guardrails)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        string Artifact(string name) => report.Artifacts.FirstOrDefault(a => string.Equals(System.IO.Path.GetFileName(a), name, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Experiment {report.Id} wrote no {name}; run it with an OutputDirectory to register its model.");
        var (onnx, pipeline) = (Artifact("model.onnx"), Artifact("feature_pipeline.json"));
        var code = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Version?.ToString() ?? "unknown";
        return new ModelRegistration
        {
            Model = model,
            OnnxPath = onnx,
            PipelinePath = pipeline,
            Lineage = new ModelLineage(report.RunId ?? report.Id, report.DatasetSha256, ArtifactStore.Hash(System.IO.File.ReadAllBytes(pipeline)), code),
            PrimaryMetric = new ModelMetric(global::MlAsCode.Evaluation.MetricScorer.Name(report.PrimaryMetric), report.Primary.Value, global::MlAsCode.Evaluation.MetricScorer.HigherIsBetter(report.PrimaryMetric)),
            Guardrails = [.. guardrails.Select(g => report.Metrics.FirstOrDefault(m => m.Metric == g) is { Score: { } score }
                ? new ModelMetric(global::MlAsCode.Evaluation.MetricScorer.Name(g), score.Value, global::MlAsCode.Evaluation.MetricScorer.HigherIsBetter(g))
                : throw new InvalidOperationException($"Experiment {report.Id} has no {g} among its metrics ({string.Join(", ", report.Metrics.Select(m => m.Metric))}); it cannot be a guardrail."))],
            RegisteredBy = registeredBy ?? Environment.UserName,
            Checks = report.RegistryChecks(),
        };
    }
}
