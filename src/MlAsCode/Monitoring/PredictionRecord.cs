using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlAsCode.Monitoring;

/// <summary>
/// One line of a served model's prediction log: the record its writer (<c>MlAsCode.Serving.PredictionLog</c>) appends
/// and its readers (the served monitor, <c>mlac drift</c>, <c>mlac cost</c>) read, so both sides agree on every key:
/// <c>time</c>, <c>service</c>, <c>model_version</c>, <c>arm</c>, <c>inputs</c> (the request's fields under their field
/// names), <c>output</c> (the answer: <c>probability</c>/<c>label</c> or <c>score</c>, <c>fallback_reason</c>,
/// <c>unknown_categories</c>), <c>source</c> (<c>model</c> or <c>fallback</c>) and <c>latency_ms</c>.
/// </summary>
public sealed record PredictionRecord(DateTimeOffset Time, string Service, string ModelVersion, string? Arm, JsonObject? Inputs, JsonObject? Output, string Source, double? LatencyMs)
{
    /// <summary>The model's answer: the probability (binary classification) or the score; null when absent.</summary>
    public double? Prediction => Number(Output?["probability"] ?? Output?["score"]);

    /// <summary>Why the fallback answered (<c>timeout</c>, <c>model_error</c>, <c>circuit_open</c>, <c>not_loaded</c>,
    /// <c>unknown_category</c>); null when the model did.</summary>
    public string? FallbackReason => Output?["fallback_reason"] is JsonValue v && v.TryGetValue<string>(out var reason) ? reason : null;

    /// <summary>The request's fields whose category the model's training data never had.</summary>
    public IEnumerable<string> UnknownCategories => Output?["unknown_categories"] is JsonObject unknown ? unknown.Select(p => p.Key) : [];

    /// <summary>The record as its log line's JSON object.</summary>
    public JsonObject ToJson() => new()
    {
        ["time"] = Time.ToString("O", CultureInfo.InvariantCulture),
        ["service"] = Service,
        ["model_version"] = ModelVersion,
        ["arm"] = Arm,
        // A node belongs to one parent: taken over when free (the writer's case), copied otherwise.
        ["inputs"] = Inputs is { Parent: not null } inputs ? inputs.DeepClone() : Inputs,
        ["output"] = Output is { Parent: not null } output ? output.DeepClone() : Output,
        ["source"] = Source,
        ["latency_ms"] = LatencyMs is { } latency ? Math.Round(latency, 3) : null,
    };

    /// <summary>Reads a log line's object; absent or mistyped fields are left empty (null, or the empty text), never
    /// guessed.</summary>
    public static PredictionRecord From(JsonObject line)
    {
        ArgumentNullException.ThrowIfNull(line);
        string? Text(string key) => line[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var time = DateTimeOffset.TryParse(Text("time"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : default;
        return new PredictionRecord(time, Text("service") ?? "", Text("model_version") ?? "", Text("arm"), line["inputs"] as JsonObject, line["output"] as JsonObject,
            Text("source") ?? "", Number(line["latency_ms"]));
    }

    /// <summary>Reads one log line; null when it is not a JSON object (a torn last line while the writer appends).</summary>
    public static PredictionRecord? Parse(string line)
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject record ? From(record) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : null;
}
