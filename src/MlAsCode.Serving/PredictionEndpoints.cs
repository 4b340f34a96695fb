using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MlAsCode.Features;

namespace MlAsCode.Serving;

/// <summary><c>POST {route}/predict</c> and <c>POST {route}/predict/batch</c>: the request read within its size limit,
/// validated field by field, unknown categories handled by policy, scored, logged and answered in UTF-8 JSON.</summary>
internal static class PredictionEndpoints
{
    public static void Map<TRow>(IEndpointRouteBuilder app, ModelService<TRow> service, string name, string prefix)
    {
        app.MapPost(prefix + "/predict", (Delegate)((HttpContext context) => HandleAsync(context, service, prefix + "/predict", single: true)))
            .WithName($"{name}.predict").WithTags(name);
        app.MapPost(prefix + "/predict/batch", (Delegate)((HttpContext context) => HandleAsync(context, service, prefix + "/predict/batch", single: false)))
            .WithName($"{name}.predict.batch").WithTags(name);
    }

    // Handles one request and records its status and latency.
    private static async Task<IResult> HandleAsync<TRow>(HttpContext context, ModelService<TRow> service, string route, bool single)
    {
        var started = Stopwatch.GetTimestamp();
        var (result, status) = await Handle(context, service, started, single).ConfigureAwait(false);
        service.Metrics.Request(service.Name, route, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    private static Task<(IResult Result, int Status)> Handle<TRow>(HttpContext context, ModelService<TRow> service, long started, bool single) =>
        service.Gate.PassAsync(context, body => Answer(context, service, started, single, body));

    private static async Task<(IResult Result, int Status)> Answer<TRow>(HttpContext context, ModelService<TRow> service, long started, bool single, ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid JSON", body.Length == 0 ? "The body is empty; send a JSON object." : $"The body is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var rows = new List<TRow>();
            var inputs = new List<JsonElement>();
            if (single)
            {
                if (service.Reader.Read(document.RootElement, errors) is { } row)
                {
                    rows.Add(row);
                    inputs.Add(document.RootElement);
                }
            }
            else if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                errors["$"] = ["expected a JSON array of rows"];
            }
            else if (document.RootElement.GetArrayLength() is var count && (count == 0 || count > service.Options.MaxBatchRows))
            {
                errors["$"] = [count == 0 ? "the batch is empty" : $"{count} rows is more than the limit of {service.Options.MaxBatchRows} per batch"];
            }
            else
            {
                var index = 0;
                foreach (var element in document.RootElement.EnumerateArray())
                {
                    if (service.Reader.Read(element, errors, $"[{index}].") is { } row)
                    {
                        rows.Add(row);
                        inputs.Add(element);
                    }

                    index++;
                }
            }

            // Categories the training data never had: refused, sent to the fallback or scored, as each feature declares.
            var unknown = errors.Count == 0 ? service.FindUnknownLevels(rows) : [];
            UnknownCategoryPolicy.Refuse(unknown, errors, single);
            if (errors.Count > 0)
            {
                return (Results.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), title: "The request has invalid fields",
                    detail: $"{errors.Count} field(s) failed validation."), StatusCodes.Status400BadRequest);
            }

            Prediction[] predictions;
            try
            {
                var key = context.Request.Headers[service.KeyHeader].ToString() is { Length: > 0 } k ? k : null;
                predictions = UnknownCategoryPolicy.Apply(service, rows, unknown, single ? [await service.PredictAsync(rows[0], context.RequestAborted, key).ConfigureAwait(false)]
                    : await service.PredictBatchAsync(rows, context.RequestAborted, key).ConfigureAwait(false));
            }
            catch (FeatureValueException e)
            {
                return Problem(StatusCodes.Status400BadRequest, "A value the feature pipeline cannot transform", e.Message);
            }
            catch (ModelUnavailableException e)
            {
                return Problem(StatusCodes.Status503ServiceUnavailable, "Model unavailable", e.Message);
            }

            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (service.Log is { } log)
            {
                for (var i = 0; i < predictions.Length; i++)
                {
                    log.Append(DateTimeOffset.UtcNow, service.Name, predictions[i].ModelVersion, predictions[i].Arm, JsonNode.Parse(inputs[i].GetRawText()),
                        Output(service, predictions[i]), predictions[i].Source, latency);
                }
            }

            // The response written straight to UTF-8: no JSON object model on the request path.
            var response = new ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(response))
            {
                if (single)
                {
                    Write(writer, service, predictions[0]);
                }
                else
                {
                    writer.WriteStartObject();
                    writer.WriteStartArray("predictions");
                    foreach (var prediction in predictions)
                    {
                        Write(writer, service, prediction);
                    }

                    writer.WriteEndArray();
                    writer.WriteString("model_version", predictions[0].ModelVersion);
                    UnknownCategoryPolicy.WriteCounts(writer, predictions);
                    if (predictions[0].Arm is { } batchArm)
                    {
                        writer.WriteString("arm", batchArm);
                    }

                    writer.WriteEndObject();
                }
            }

            return (Results.Bytes(response.WrittenMemory, "application/json; charset=utf-8"), StatusCodes.Status200OK);
        }
    }

    // One prediction, with the same fields in the same order as Output.
    private static void Write<TRow>(Utf8JsonWriter writer, ModelService<TRow> service, Prediction prediction)
    {
        writer.WriteStartObject();
        if (service.Task == MlTask.BinaryClassification)
        {
            writer.WriteNumber("probability", prediction.Value);
            writer.WriteBoolean("label", prediction.Value >= service.Threshold);
        }

        writer.WriteNumber("score", prediction.Value);
        writer.WriteString("model_version", prediction.ModelVersion);
        writer.WriteString("source", prediction.Source);
        if (prediction.Arm is { } arm)
        {
            writer.WriteString("arm", arm);
        }

        if (prediction.Reason is { } reason)
        {
            writer.WriteString("fallback_reason", reason);
        }

        UnknownCategoryPolicy.Write(writer, prediction);
        writer.WriteEndObject();
    }

    private static JsonObject Output<TRow>(ModelService<TRow> service, Prediction prediction)
    {
        var output = service.Task == MlTask.BinaryClassification
            ? new JsonObject
            {
                ["probability"] = prediction.Value,
                ["label"] = prediction.Value >= service.Threshold,
                ["score"] = prediction.Value,
            }
            : new JsonObject { ["score"] = prediction.Value };
        output["model_version"] = prediction.ModelVersion;
        output["source"] = prediction.Source;
        if (prediction.Arm is { } arm)
        {
            output["arm"] = arm;
        }
        if (prediction.Reason is { } reason)
        {
            output["fallback_reason"] = reason;
        }

        UnknownCategoryPolicy.Add(output, prediction);
        return output;
    }

    private static (IResult, int) Problem(int status, string title, string detail) => RequestGate.Problem(status, title, detail);
}
