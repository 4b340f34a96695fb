using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlAsCode.Serving;

/// <summary>What the OpenAPI document needs to know about one served model.</summary>
internal sealed record ServiceDescription(string Name, string Route, MlTask Task,
    IReadOnlyList<(string Name, string JsonType, bool Nullable, double? Min, double? Max, System.Collections.Immutable.ImmutableArray<string> Allowed)> Fields);

/// <summary>A route that is not a served model's (a served RAG pipeline's <c>/ask</c>): its path item and the schemas it
/// refers to.</summary>
internal sealed record OperationDescription(string Path, JsonObject PathItem, IReadOnlyDictionary<string, JsonObject> Schemas);

/// <summary>
/// The OpenAPI 3.0 document of the served models (<c>GET /openapi/v1.json</c>): one request schema per service from its
/// feature set (field names, JSON types, nullability, declared ranges and allowed values; no other fields), one
/// response schema from its task, and the problem responses every route can give.
/// </summary>
/// <remarks>
/// Written here rather than through Microsoft.AspNetCore.OpenApi, which describes endpoints from their CLR parameter
/// and return types: a served row is validated from the feature set at run time (ranges, allowed values, unknown
/// fields refused), which no CLR type expresses, so the schema is built from the same field list the validator uses.
/// </remarks>
internal static class OpenApiDocument
{
    public static JsonObject Build(string title, IEnumerable<ServiceDescription> services, IEnumerable<OperationDescription>? operations = null)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject
        {
            ["ProblemDetails"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["type"] = Type("string"), ["title"] = Type("string"), ["status"] = Type("integer"), ["detail"] = Type("string"),
                    ["errors"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = Type("string") } },
                },
            },
        };
        foreach (var service in services)
        {
            var row = $"{service.Name}Row";
            var prediction = $"{service.Name}Prediction";
            schemas[row] = RowSchema(service);
            schemas[prediction] = PredictionSchema(service.Task);
            schemas[$"{service.Name}BatchPrediction"] = new JsonObject
            {
                ["type"] = "object",
                ["required"] = new JsonArray("predictions", "model_version"),
                ["properties"] = new JsonObject
                {
                    ["predictions"] = new JsonObject { ["type"] = "array", ["items"] = Ref(prediction) },
                    ["model_version"] = Type("string"),
                },
            };
            paths[$"{service.Route}/predict"] = Post(service.Name, $"{service.Name}.predict", $"Predicts one row with the {service.Name} model.", Ref(row), Ref(prediction));
            paths[$"{service.Route}/predict/batch"] = Post(service.Name, $"{service.Name}.predict.batch", $"Predicts many rows with the {service.Name} model in one call.",
                new JsonObject { ["type"] = "array", ["items"] = Ref(row) }, Ref($"{service.Name}BatchPrediction"));
        }

        foreach (var operation in operations ?? [])
        {
            paths[operation.Path] = operation.PathItem.DeepClone();
            foreach (var (name, schema) in operation.Schemas)
            {
                schemas[name] = schema.DeepClone();
            }
        }

        paths["/health"] = Get("health", "Liveness: the process answers.");
        paths["/ready"] = Get("ready", "Readiness: every model loaded and warmed up (503 otherwise, with the reason).");
        return new JsonObject
        {
            ["openapi"] = "3.0.1",
            ["info"] = new JsonObject { ["title"] = title, ["version"] = "v1" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject RowSchema(ServiceDescription service)
    {
        var properties = new JsonObject();
        foreach (var field in service.Fields)
        {
            var schema = field.JsonType switch
            {
                "string (date-time)" => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
                var t => Type(t),
            };
            if (field.Nullable)
            {
                schema["nullable"] = true;
            }

            if (field.Min is { } min)
            {
                schema["minimum"] = min;
            }

            if (field.Max is { } max)
            {
                schema["maximum"] = max;
            }

            if (!field.Allowed.IsDefaultOrEmpty)
            {
                schema["enum"] = new JsonArray([.. field.Allowed.Select(a => (JsonNode)JsonValue.Create(a))]);
            }

            properties[field.Name] = schema;
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray([.. service.Fields.Where(f => !f.Nullable).Select(f => (JsonNode)JsonValue.Create(f.Name))]),
            ["properties"] = properties,
        };
    }

    private static JsonObject PredictionSchema(MlTask task)
    {
        var properties = task == MlTask.BinaryClassification
            ? new JsonObject
            {
                ["probability"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 },
                ["label"] = Type("boolean"),
                ["score"] = Type("number"),
            }
            : new JsonObject { ["score"] = Type("number") };
        properties["model_version"] = Type("string");
        properties["source"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("model", "fallback") };
        properties["fallback_reason"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("timeout", "model_error", "circuit_open", "not_loaded") };
        return new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray([.. properties.Select(p => p.Key).Where(k => k != "fallback_reason").Select(k => (JsonNode)JsonValue.Create(k))]),
            ["properties"] = properties,
        };
    }

    /// <summary>A POST path item with the problem responses of the request gate (and a 503 when the model cannot answer).</summary>
    internal static JsonObject Post(string tag, string operation, string summary, JsonNode request, JsonNode response, string answered = "The prediction.", bool unavailable = true)
    {
        var responses = new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = answered, ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = response } } },
        };
        foreach (var (status, description) in new[]
        {
            ("400", "Invalid JSON or fields: every bad field is named under errors."), ("413", "The body is over the size limit."),
            ("415", "The body is not application/json."), ("429", "Over the rate limit; see Retry-After."),
            ("503", "The model cannot answer and there is no fallback."),
        }.Where(r => unavailable || r.Item1 != "503"))
        {
            responses[status] = new JsonObject
            {
                ["description"] = description,
                ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = Ref("ProblemDetails") } },
            };
        }

        return new JsonObject
        {
            ["post"] = new JsonObject
            {
                ["tags"] = new JsonArray(tag),
                ["operationId"] = operation,
                ["summary"] = summary,
                ["requestBody"] = new JsonObject
                {
                    ["required"] = true,
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = request } },
                },
                ["responses"] = responses,
            },
        };
    }

    private static JsonObject Get(string operation, string summary) => new()
    {
        ["get"] = new JsonObject
        {
            ["operationId"] = operation,
            ["summary"] = summary,
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
        },
    };

    internal static JsonObject Type(string type) => new() { ["type"] = type };

    internal static JsonObject Ref(string schema) => new() { ["$ref"] = $"#/components/schemas/{schema}" };
}
