using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.IO;
using System.Net.Http;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlAsCode.Monitoring;

namespace MlAsCode.Serving;

/// <summary>
/// The background check behind <c>[Monitor]</c>: every interval it reads the latest window of the prediction log,
/// compares each input and the predictions with the reference profile, computes latency percentiles and the fallback
/// and model-failure rates, and classifies findings with the methodology's drift response playbook (feature drift above the
/// warning level: investigate; above the critical level: retrain on recent data within 24 h; prediction drift: check
/// upstream data). Findings are logged (warning or error) and counted on the <c>mlascode.monitoring.findings</c>
/// instrument.
/// </summary>
public sealed class ModelMonitor : BackgroundService
{
    private readonly string _service;
    private readonly ServingOptions _serving;
    private readonly MonitorOptions _options;
    private readonly ILogger _logger;
    private readonly Counter<long> _findings;
    private readonly Queue<(double Score, double Label)> _labelled = new();
    private readonly HttpClient? _webhook;
    private string _alerted = "";
    private ReferenceProfile? _profile;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (double[] Edges, double[] Shares)> _bins = new(StringComparer.Ordinal);

    /// <summary>Creates the monitor of service <paramref name="service"/>.</summary>
    public ModelMonitor(string service, ServingOptions serving, MonitorOptions options, IMeterFactory meters, ILogger logger)
    {
        (_service, _serving, _options, _logger) = (service, serving, options, logger);
        _findings = meters.Create(ServingMetrics.MeterName).CreateCounter<long>("mlascode.monitoring.findings", description: "Monitoring findings by kind and severity.");
        Current = Nothing(DateTimeOffset.UtcNow, "not checked yet");
        if (!string.IsNullOrWhiteSpace(options.WebhookUrl))
        {
            _webhook = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        }
    }

    /// <summary>Whether outcomes are wanted (a baseline metric is configured).</summary>
    public bool TracksPerformance => _options.BaselineMetric is not null;

    /// <summary>Adds the outcome of a prediction to the performance window (the latest <c>WindowSize</c>).</summary>
    public void RecordOutcome(double score, double label)
    {
        lock (_labelled)
        {
            _labelled.Enqueue((score, label));
            while (_labelled.Count > _options.WindowSize)
            {
                _labelled.Dequeue();
            }
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _webhook?.Dispose();
        base.Dispose();
    }

    /// <summary>The latest check.</summary>
    public MonitoringState Current { get; private set; }

    /// <summary>The service monitored.</summary>
    public string Service => _service;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Interval);
        do
        {
            await CheckAndAlertAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Checks now and returns the new state; an alert goes to the webhook when the findings changed.</summary>
    public async Task<MonitoringState> CheckAndAlertAsync(CancellationToken cancellationToken = default)
    {
        var state = Check();
        var signature = string.Join(";", state.Findings.Select(f => $"{f.Kind}:{f.Subject}:{f.Severity}"));
        if (_webhook is null || signature == _alerted)
        {
            return state;
        }

        if (state.Findings.IsEmpty)
        {
            _alerted = signature;
            return state;
        }

        try
        {
            using var content = new StringContent(state.ToJson().ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            using var response = await _webhook.PostAsync(_options.WebhookUrl, content, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                // Only a delivered alert counts: a failed one is sent again at the next check.
                _alerted = signature;
            }
            else
            {
                _logger.LogWarning("Service {Service}: the alert webhook {Url} answered {Status}; retrying at the next check", _service, _options.WebhookUrl, (int)response.StatusCode);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Service {Service}: the alert webhook {Url} could not be reached: {Problem}; retrying at the next check", _service, _options.WebhookUrl, e.Message);
        }

        return state;
    }

    /// <summary>Checks now and returns the new state.</summary>
    public MonitoringState Check()
    {
        try
        {
            Current = Evaluate(DateTimeOffset.UtcNow);
            foreach (var finding in Current.Findings)
            {
                _findings.Add(1, new KeyValuePair<string, object?>("service", _service), new KeyValuePair<string, object?>("kind", finding.Kind),
                    new KeyValuePair<string, object?>("severity", finding.Severity));
                _logger.Log(finding.Severity == "critical" ? LogLevel.Error : LogLevel.Warning,
                    "Service {Service}: {Kind} on {Subject} is {Severity} ({Value:0.000}): {Response}", _service, finding.Kind, finding.Subject, finding.Severity, finding.Value, finding.Response);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException or ArgumentException or UnauthorizedAccessException)
        {
            Current = Current with { CheckedAt = DateTimeOffset.UtcNow, Problem = e.Message };
            _logger.LogWarning("Service {Service}: the monitoring check failed: {Problem}", _service, e.Message);
        }

        return Current;
    }

    // The log's window, then what the posted outcomes say (performance, label drift), which needs no log.
    private MonitoringState Evaluate(DateTimeOffset now)
    {
        MonitoringState state;
        try
        {
            state = EvaluateLog(now);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException or ArgumentException or UnauthorizedAccessException)
        {
            // A missing reference profile or a damaged log stops the drift checks, not the outcome-based ones; the last
            // log-based findings stand until a check of the log succeeds (no alert flaps on a transient error).
            _logger.LogWarning("Service {Service}: the prediction log could not be checked: {Problem}", _service, e.Message);
            state = Current with
            {
                CheckedAt = now,
                Problem = e.Message,
                Findings = [.. Current.Findings.Where(f => f.Kind is not ("label_drift" or "performance_drop"))],
            };
        }

        var findings = new List<MonitoringFinding>();
        if (LabelDrift() is { } labelDrift && labelDrift.PValue < 0.01)
        {
            findings.Add(new MonitoringFinding("label_drift", "label", "warning", labelDrift.Statistic, System.FormattableString.Invariant(
                $"Label drift (chi-square p = {labelDrift.PValue:0.####}): the outcomes' class shares differ from training; verify label quality and check for data issues")));
        }

        var performance = JudgePerformance();
        if (performance is { Dropped: true, Value: { } value })
        {
            findings.Add(new MonitoringFinding("performance_drop", _options.PerformanceMetric, "critical", value.Value, System.FormattableString.Invariant(
                $"Concept drift: {performance.Note}; retrain with new labels and review the features")));
        }

        return state with { Findings = state.Findings.AddRange(findings), PerformanceCheck = performance };
    }

    private MonitoringState EvaluateLog(DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(_serving.PredictionLogPath) || !File.Exists(_serving.PredictionLogPath))
        {
            return Nothing(now, $"no prediction log yet at '{_serving.PredictionLogPath}' (MlAsCode:Serving:{_service}:PredictionLogPath)");
        }

        _profile ??= ReferenceProfile.Load(_options.ReferenceProfilePath);
        var lines = LastLines(_serving.PredictionLogPath, _options.WindowSize).Select(Monitoring.PredictionRecord.Parse).OfType<Monitoring.PredictionRecord>().ToList();
        if (lines.Count == 0)
        {
            return Nothing(now, "the prediction log is empty");
        }

        if (lines.Count < _options.MinimumPredictions)
        {
            return Nothing(now, $"only {lines.Count} predictions in the log; drift is judged from {_options.MinimumPredictions} (Monitor:MinimumPredictions)") with { Predictions = lines.Count };
        }

        var findings = new List<MonitoringFinding>();
        var drift = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var column in _profile.Columns)
        {
            var values = lines.Select(l => l.Inputs?[column.Name]).Where(v => v is not null).ToList();
            if (values.Count == 0)
            {
                continue;
            }

            double statistic;
            if (column.Categories is { } categories)
            {
                var current = values.Select(v => v!.ToJsonString().Trim('"')).GroupBy(v => v, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count() / (double)values.Count, StringComparer.Ordinal);
                var keys = categories.Keys.Union(current.Keys).Order(StringComparer.Ordinal).ToArray();
                statistic = Statistic([.. keys.Select(k => categories.GetValueOrDefault(k))], [.. keys.Select(k => current.GetValueOrDefault(k))]);
            }
            else
            {
                // At the precision the model reads, as the profile holds them.
                var current = values.Select(v => v!.GetValueKind() == JsonValueKind.Number ? Monitoring.Drift.Canonical(v.GetValue<double>()) : double.NaN).Where(double.IsFinite).ToArray();
                if (current.Length == 0 || column.Numbers.IsDefaultOrEmpty)
                {
                    continue;
                }

                var (edges, shares) = Bins(column.Name, column.Numbers);
                statistic = Statistic(shares, Monitoring.Drift.Shares(current, edges));
            }

            drift[column.Name] = statistic;
            if (Severity(statistic) is { } severity)
            {
                findings.Add(new MonitoringFinding("feature_drift", column.Name, severity, statistic, severity == "critical"
                    ? "Retrain on recent data within 24 h; check the upstream pipeline for this input"
                    : "Investigate the cause and watch the model's performance"));
            }
        }

        double? predictionDrift = null;
        var predictions = lines.Where(l => l.Source == "model").Select(l => l.Prediction).OfType<double>().Select(Monitoring.Drift.Canonical).ToArray();
        if (predictions.Length > 0 && !_profile.Predictions.IsDefaultOrEmpty)
        {
            var (edges, shares) = Bins("", _profile.Predictions);
            predictionDrift = Monitoring.Drift.KlDivergenceOfShares(shares, Monitoring.Drift.Shares(predictions, edges));
            if (predictionDrift > _options.Warning)
            {
                findings.Add(new MonitoringFinding("prediction_drift", "predictions", "warning", predictionDrift.Value, "May indicate an upstream data issue: check the inputs that drifted"));
            }
        }

        var latencies = lines.Select(l => l.LatencyMs).OfType<double>().Order().ToArray();
        var fallbacks = lines.Count(l => l.Source == "fallback");
        var failures = lines.Count(l => l.FallbackReason is "timeout" or "model_error" or "circuit_open");
        var failureRate = failures / (double)lines.Count;
        if (failureRate > 0.05)
        {
            findings.Add(new MonitoringFinding("model_failures", "model", failureRate > 0.2 ? "critical" : "warning", failureRate,
                "The fallback is answering for a failing or slow model: check the model's resources and recent deployments; roll back if it started with a new version"));
        }

        // Categories the training data never had, per field over the window: a share past the limit means the world
        // has new levels the model scores as none of the known ones.
        var unknown = lines.SelectMany(l => l.UnknownCategories)
            .GroupBy(f => f, StringComparer.Ordinal).ToImmutableSortedDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        foreach (var (field, count) in unknown)
        {
            var rate = count / (double)lines.Count;
            if (rate > _options.MaxUnknownCategoryRate)
            {
                findings.Add(new MonitoringFinding("unknown_categories", field, "warning", rate, FormattableString.Invariant(
                    $"{count} of the last {lines.Count} requests had a {field} the training data never had (limit {_options.MaxUnknownCategoryRate:0.##%}): map the new levels or retrain on data that has them")));
            }
        }

        return new MonitoringState(_service, now, lines.Count, drift.ToImmutable(), predictionDrift,
            latencies.Length == 0 ? null : (Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99)),
            fallbacks / (double)lines.Count, failureRate, [.. findings], null) { UnknownCategories = unknown };
    }

    // Chi-square of the labelled window's class counts against the training rows' (binary classification).
    private (double Statistic, double PValue)? LabelDrift()
    {
        if (_profile is null && File.Exists(_options.ReferenceProfilePath))
        {
            _profile = ReferenceProfile.Load(_options.ReferenceProfilePath);
        }

        if (_profile?.LabelCounts is not { Count: 2 } reference)
        {
            return null;
        }

        double[] labels;
        lock (_labelled)
        {
            labels = [.. _labelled.Select(l => l.Label)];
        }

        if (labels.Length < Math.Max(1, _options.MinimumLabels))
        {
            return null;
        }

        long positives = labels.Count(l => l > 0.5);
        var (statistic, p, _) = Monitoring.Drift.ChiSquare([reference["0"], reference["1"]], [labels.Length - positives, positives]);
        return (statistic, p);
    }

    // The primary metric on the labelled window, judged with its interval once there are enough labels.
    private PerformanceJudgement? JudgePerformance()
    {
        if (_options.BaselineMetric is not { } baseline)
        {
            return null;
        }

        (double Score, double Label)[] window;
        lock (_labelled)
        {
            window = [.. _labelled];
        }

        return Monitoring.PerformanceCheck.Judge(window, _options.PerformanceMetric, baseline, _options.MaxPerformanceDrop, _options.MinimumLabels, _options.MinimumPositives);
    }

    // The reference's decile edges and shares, computed once per column (the profile is read once): "" for the predictions.
    private (double[] Edges, double[] Shares) Bins(string column, ImmutableArray<double> reference) => _bins.GetOrAdd(column, _ =>
    {
        var edges = Monitoring.Drift.QuantileEdges(reference);
        return (edges, Monitoring.Drift.Shares(reference, edges));
    });

    // A state with nothing measured, and why.
    private MonitoringState Nothing(DateTimeOffset now, string problem) =>
        new(_service, now, 0, ImmutableSortedDictionary<string, double>.Empty, null, null, 0, 0, [], problem);

    private double Statistic(IReadOnlyList<double> reference, IReadOnlyList<double> current) => _options.Method is "jensen_shannon"
        ? Monitoring.Drift.JensenShannonDistanceOfShares(reference, current)
        : Monitoring.Drift.PsiOfShares(reference, current);

    private string? Severity(double value) => value > _options.Critical ? "critical" : value > _options.Warning ? "warning" : null;

    private static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];

    // The last `count` lines of the log, read in one pass keeping only the window.
    private static List<string> LastLines(string path, int count)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var lines = new List<string>();
        using var reader = new StreamReader(stream);
        var queue = new Queue<string>(count + 1);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            queue.Enqueue(line);
            if (queue.Count > count)
            {
                queue.Dequeue();
            }
        }

        lines.AddRange(queue);
        return lines;
    }
}
