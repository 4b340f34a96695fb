using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace MlAsCode.Serving;

/// <summary>
/// The service's instruments on the <c>MlAsCode.Serving</c> meter (System.Diagnostics.Metrics; any OpenTelemetry
/// exporter collects them with <c>AddMeter("MlAsCode.Serving")</c>): requests by route and status, latency histogram
/// (p50/p95/p99 come from its buckets), errors, fallbacks, and the distribution of predicted values.
/// </summary>
public sealed class ServingMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "MlAsCode.Serving";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _unknown;
    private readonly Histogram<double> _predictions;

    /// <summary>Creates the instruments on a meter from <paramref name="factory"/>.</summary>
    public ServingMetrics(IMeterFactory factory)
    {
        var meter = factory.Create(MeterName);
        _requests = meter.CreateCounter<long>("mlascode.serving.requests", description: "Prediction requests by service, route and status code.");
        _latency = meter.CreateHistogram<double>("mlascode.serving.latency", unit: "ms", description: "Request latency.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000] });
        _errors = meter.CreateCounter<long>("mlascode.serving.model_errors", description: "Model calls that failed or timed out.");
        _fallbacks = meter.CreateCounter<long>("mlascode.serving.fallbacks", description: "Predictions answered by the fallback rules.");
        _unknown = meter.CreateCounter<long>("mlascode.serving.unknown_categories", description: "Request values of categorical features the training data never had, by service and field.");
        _predictions = meter.CreateHistogram<double>("mlascode.serving.prediction", description: "Predicted probabilities or values.");
    }

    internal void Request(string service, string route, int status, double milliseconds)
    {
        var tags = new KeyValuePair<string, object?>[] { new("service", service), new("route", route), new("status", status) };
        _requests.Add(1, tags);
        _latency.Record(milliseconds, tags);
    }

    internal void ModelError(string service, string reason) => _errors.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("reason", reason));

    internal void Fallback(string service, string reason) => _fallbacks.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("reason", reason));

    internal void UnknownCategory(string service, string field) => _unknown.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("field", field));

    internal void Prediction(string service, double value) => _predictions.Record(value, new KeyValuePair<string, object?>("service", service));
}
