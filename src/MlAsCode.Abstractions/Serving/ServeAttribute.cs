using System;

namespace MlAsCode;

/// <summary>
/// Serves a problem's model from a <c>static partial class</c>: the generator adds <c>builder.Add{Name}()</c> (or
/// <c>services.Add{Name}()</c>) and <c>app.Map{Name}()</c>, which register <c>POST {Route}/predict</c>,
/// <c>POST {Route}/predict/batch</c>, <c>GET /health</c> and <c>GET /ready</c> over ONNX Runtime with the fitted feature
/// pipeline (needs the MlAsCode.Serving package). The model file, pipeline file and version come from configuration
/// section <c>MlAsCode:Serving:{ServiceName}</c>.
/// </summary>
/// <example>
/// <code>
/// [Serve(typeof(ChurnProblem), Route = "/churn", TimeoutMs = 100, RateLimitPerSecond = 500)]
/// [Fallback(nameof(Rules))]
/// public static partial class ChurnService
/// {
///     static double Rules(Customer c) => c.Contract == "Month-to-month" &amp;&amp; c.Tenure &lt; 6 ? 0.8 : 0.1;
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ServeAttribute : Attribute
{
    /// <summary>Serves the model of <paramref name="problem"/>.</summary>
    /// <param name="problem">The <c>[MlProblem]</c> class.</param>
    public ServeAttribute(Type problem) => Problem = problem;

    /// <summary>Serves the class's own pipeline: a <c>[RagPipeline]</c> class gets <c>POST {Route}/ask</c>.</summary>
    public ServeAttribute()
    {
    }

    /// <summary>The <c>[MlProblem]</c> class: its task decides the response (probability and label, or value); null
    /// when the class serves its own <c>[RagPipeline]</c>.</summary>
    public Type? Problem { get; }

    /// <summary>The <c>[FeatureSet]</c> record requests are read as; by default the feature set declared for the problem.</summary>
    public Type? Features { get; set; }

    /// <summary>Route prefix of the predict endpoints.</summary>
    public string Route { get; set; } = "/";

    /// <summary>Per-request model time limit in milliseconds; past it the fallback answers.</summary>
    public int TimeoutMs { get; set; } = 100;

    /// <summary>Requests per second per client before <c>429</c> (0: no limit).</summary>
    public int RateLimitPerSecond { get; set; }

    /// <summary>Micro-batching: most concurrent single-row requests scored in one model call (1: off).</summary>
    public int MaxBatchSize { get; set; } = 1;

    /// <summary>Micro-batching: the most latency batching may add, in milliseconds. Batches are formed from requests
    /// that queued while the model was busy, never by waiting for more, so batching adds none; the serving benchmark
    /// checks p99 against this bound.</summary>
    public int MaxBatchDelayMs { get; set; } = 2;

    /// <summary>Most rows in one <c>/predict/batch</c> request.</summary>
    public int MaxBatchRows { get; set; } = 1000;
}

/// <summary>
/// The rules that answer when the served model times out, fails, has its circuit open or is not loaded: a static
/// method of the <c>[Serve]</c> class taking the feature set's row and returning the probability (or value). Responses
/// it gives say <c>"source": "fallback"</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class FallbackAttribute : Attribute
{
    /// <summary>Names the rules method (use <c>nameof</c>).</summary>
    public FallbackAttribute(string method) => Method = method;

    /// <summary>The rules method.</summary>
    public string Method { get; }
}

/// <summary>
/// An A/B test on a <c>[Serve]</c> class (the methodology's Phase 5 A/B template): the control model (the service's model)
/// against a treatment model, a share of traffic to the treatment assigned deterministically by a request key (the
/// same key always gets the same arm), the arm returned and logged with every prediction, guardrail metrics declared.
/// The treatment's files come from configuration: <c>MlAsCode:Serving:{Name}:AbTest:TreatmentModelPath</c> (and
/// <c>TreatmentPipelinePath</c> when it differs).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AbTestAttribute : Attribute
{
    /// <summary>Declares the test.</summary>
    /// <param name="name">The test's name (part of the assignment hash).</param>
    public AbTestAttribute(string name) => Name = name;

    /// <summary>The test's name.</summary>
    public string Name { get; }

    /// <summary>What the test should show.</summary>
    public string? Hypothesis { get; set; }

    /// <summary>The control model's version (e.g. its experiment id).</summary>
    public string? Control { get; set; }

    /// <summary>The treatment model's version.</summary>
    public string? Treatment { get; set; }

    /// <summary>Percent of keys sent to the treatment: 50 for 50/50, 5 for a canary.</summary>
    public double TreatmentPercent { get; set; } = 50;

    /// <summary>The request header with the assignment key (customer or session id); without it, control.</summary>
    public string KeyHeader { get; set; } = "X-Request-Key";

    /// <summary>The business metric the test decides on.</summary>
    public string? PrimaryMetric { get; set; }

    /// <summary>Metrics that must not degrade (ML0503 when none).</summary>
    public string[]? GuardrailMetrics { get; set; }

    /// <summary>Planned duration in days (ML0503 under 7: a week covers weekly cycles).</summary>
    public int PlannedDays { get; set; }
}

/// <summary>
/// Monitors a <c>[Serve]</c> class's model: a background service reads the prediction log in windows, compares every
/// input and the predictions with the reference profile saved at training time, computes latency percentiles and the
/// fallback and error rates, classifies each finding with the methodology's drift response playbook, raises alerts
/// (structured logs and metrics), and serves the state at <c>GET /monitoring</c> (JSON) and
/// <c>GET /monitoring/page</c> (HTML with charts). The reference profile comes from configuration:
/// <c>MlAsCode:Serving:{Name}:Monitor:ReferenceProfilePath</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MonitorAttribute : Attribute
{
    /// <summary>Monitors drift by <paramref name="method"/>.</summary>
    public MonitorAttribute(DriftMethod method = DriftMethod.Psi) => Method = method;

    /// <summary>The drift statistic.</summary>
    public DriftMethod Method { get; }

    /// <summary>Drift above this is a warning.</summary>
    public double Warning { get; set; } = 0.1;

    /// <summary>Drift above this is critical.</summary>
    public double Critical { get; set; } = 0.25;

    /// <summary>Predictions per window (the latest ones in the log).</summary>
    public int WindowSize { get; set; } = 1000;

    /// <summary>Seconds between checks.</summary>
    public int IntervalSeconds { get; set; } = 60;
}
