using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.Json.Nodes;
using MlAsCode.Monitoring;

namespace MlAsCode.Serving;

/// <summary>How a served model is monitored (<c>[Monitor]</c>, then configuration <c>MlAsCode:Serving:{Name}:Monitor</c>).</summary>
public sealed class MonitorOptions
{
    /// <summary><c>psi</c> or <c>jensen_shannon</c>.</summary>
    public string Method { get; set; } = "psi";

    /// <summary>Drift above this is a warning.</summary>
    public double Warning { get; set; } = 0.1;

    /// <summary>Drift above this is critical.</summary>
    public double Critical { get; set; } = 0.25;

    /// <summary>Predictions per window (the latest in the log).</summary>
    public int WindowSize { get; set; } = 1000;

    /// <summary>Fewest predictions in the window before drift is judged (a handful of requests is no distribution).</summary>
    public int MinimumPredictions { get; set; } = 100;

    /// <summary>Time between checks.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The reference profile saved at training time.</summary>
    public string ReferenceProfilePath { get; set; } = "";

    /// <summary>Where alerts are POSTed as JSON (the state with its findings) when the status becomes warning or
    /// critical or its findings change; empty for none. Delivery failures are logged, never thrown.</summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>The primary metric on the training holdout; with outcomes recorded
    /// (<c>POST {route}/outcomes</c>), a drop of more than <see cref="MaxPerformanceDrop"/> is critical (concept drift).
    /// Null: performance is not monitored.</summary>
    public double? BaselineMetric { get; set; }

    /// <summary>The metric <see cref="BaselineMetric"/> is: <c>pr_auc</c> or <c>roc_auc</c> (binary), <c>rmse</c> or
    /// <c>mae</c> (regression).</summary>
    public string PerformanceMetric { get; set; } = "pr_auc";

    /// <summary>The relative drop that is critical (the methodology's playbook: 5%), when the bootstrap interval of
    /// the metric on the outcomes also excludes the holdout's value.</summary>
    public double MaxPerformanceDrop { get; set; } = 0.05;

    /// <summary>Fewest labelled predictions in the window before performance is judged.</summary>
    public int MinimumLabels { get; set; } = 200;

    /// <summary>Fewest positive outcomes (and, for ROC-AUC, negative ones) before PR-AUC or ROC-AUC is judged: a
    /// ranking metric on a dozen positives is mostly noise.</summary>
    public int MinimumPositives { get; set; } = 30;

    /// <summary>Share of the window's requests with a category the training data never had, per field, above which
    /// a warning is raised (0.05).</summary>
    public double MaxUnknownCategoryRate { get; set; } = 0.05;
}

/// <summary>One finding of a check, with the playbook's response.</summary>
public sealed record MonitoringFinding(string Kind, string Subject, string Severity, double Value, string Response);

/// <summary>The latest check of a served model.</summary>
public sealed record MonitoringState(
    string Service,
    DateTimeOffset CheckedAt,
    int Predictions,
    ImmutableSortedDictionary<string, double> Drift,
    double? PredictionDrift,
    (double P50, double P95, double P99)? LatencyMs,
    double FallbackRate,
    double ModelFailureRate,
    ImmutableArray<MonitoringFinding> Findings,
    string? Problem)
{
    /// <summary>The primary metric on the latest labelled predictions, when performance is monitored and enough
    /// outcomes arrived.</summary>
    public double? Performance => PerformanceCheck?.Value?.Value;

    /// <summary>The judgement of the labelled outcomes (interval, counts, and why nothing was judged), when
    /// performance is monitored.</summary>
    public PerformanceJudgement? PerformanceCheck { get; init; }

    /// <summary>Requests in the window with a category the training data never had, per field.</summary>
    public ImmutableSortedDictionary<string, long> UnknownCategories { get; init; } = ImmutableSortedDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary><c>ok</c>, <c>warning</c> or <c>critical</c>: the worst finding.</summary>
    public string Status => Findings.Any(f => f.Severity == "critical") ? "critical" : Findings.Any(f => f.Severity == "warning") ? "warning" : "ok";

    /// <summary>The state as JSON.</summary>
    public JsonObject ToJson() => new()
    {
        ["service"] = Service,
        ["checked_at"] = CheckedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["status"] = Status,
        ["predictions"] = Predictions,
        ["problem"] = Problem,
        ["drift"] = new JsonObject(Drift.Select(d => new KeyValuePair<string, JsonNode?>(d.Key, d.Value))),
        ["prediction_drift"] = PredictionDrift,
        ["latency_ms"] = LatencyMs is { } l ? new JsonObject { ["p50"] = l.P50, ["p95"] = l.P95, ["p99"] = l.P99 } : null,
        ["fallback_rate"] = FallbackRate,
        ["model_failure_rate"] = ModelFailureRate,
        ["performance"] = Performance,
        ["performance_interval"] = PerformanceCheck?.Value is { } interval
            ? new JsonObject { ["lower"] = interval.Lower, ["upper"] = interval.Upper, ["level"] = interval.Level } : null,
        ["performance_labels"] = PerformanceCheck?.Labels,
        ["performance_positives"] = PerformanceCheck?.Positives,
        ["performance_note"] = PerformanceCheck?.Note,
        ["unknown_categories"] = new JsonObject(UnknownCategories.Select(u => new KeyValuePair<string, JsonNode?>(u.Key, u.Value))),
        ["findings"] = new JsonArray([.. Findings.Select(f => (JsonNode)new JsonObject
        {
            ["kind"] = f.Kind, ["subject"] = f.Subject, ["severity"] = f.Severity, ["value"] = f.Value, ["response"] = f.Response,
        })]),
    };
}
