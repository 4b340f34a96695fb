using System;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlAsCode.Rag.Pipeline;
using MlAsCode.Serving;

namespace MlAsCode.Rag.Serving;

/// <summary>
/// Registers and maps a served RAG pipeline (the code <c>[RagPipeline]</c> with <c>[Serve]</c> generates calls these):
/// <c>POST {route}/ask</c> passes the same gate as a model's predictions (per-client rate limit, JSON content type,
/// <c>MaxRequestBytes</c>, from configuration section <c>MlAsCode:Serving:{name}</c>), answers invalid questions with
/// a validation problem naming the field, is counted on <c>/metrics</c> by status, and the pipeline appears on
/// <c>/ready</c>; <c>/health</c>, <c>/ready</c>, <c>/metrics</c> and <c>/monitoring</c> are mapped once per application,
/// whatever mixes of models and pipelines it serves.
/// </summary>
public static class RagServiceExtensions
{
    /// <summary>Registers the pipeline (see <see cref="RagServiceCollectionExtensions.AddRagPipeline"/>) and the
    /// serving infrastructure it shares with served models. The ask body is limited to
    /// <see cref="RagAskProtocol.MaxBodyBytes"/> unless configuration says otherwise.</summary>
    public static IServiceCollection AddRagService(this IServiceCollection services, RagPipelineOptions options, string defaultStorePath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddRagPipeline(options, defaultStorePath);
        ServingExtensions.AddServedApplication(services, options.Name, o => o.MaxRequestBytes = RagAskProtocol.MaxBodyBytes);
        services.AddKeyedSingleton(options.Name, (provider, _) => new RequestGate(provider.GetRequiredService<IOptionsMonitor<ServingOptions>>().Get(options.Name)));
        return services;
    }

    /// <summary>Maps <c>POST {route}/ask</c> (and the operations endpoints once). The store is opened here, so a missing
    /// or empty one stops the application's start with a message rather than failing the first question.</summary>
    public static IEndpointRouteBuilder MapRagService(this IEndpointRouteBuilder app, string name, string route)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var engine = app.ServiceProvider.GetRequiredKeyedService<RagEngine>(name);
        var gate = app.ServiceProvider.GetRequiredKeyedService<RequestGate>(name);
        var metrics = app.ServiceProvider.GetRequiredService<ServingMetrics>();
        var registry = app.ServiceProvider.GetRequiredService<ServingRegistry>();
        // Ready while the store has chunks; the "version" is what answers: the embedding model and the store's size.
        registry.Add(name, () => engine.Store.Chunks.Count > 0
            ? (true, "", $"{engine.Options.EmbeddingModel}, {engine.Store.Chunks.Count} chunks")
            : (false, $"the store at {engine.Store.Directory} has no chunks", ""), monitor: null);
        var prefix = route.Trim('/');
        var ask = prefix.Length == 0 ? "/ask" : $"/{prefix}/ask";
        app.MapPost(ask, (Delegate)(async (HttpContext context) =>
            {
                var started = Stopwatch.GetTimestamp();
                var (result, status) = await gate.PassAsync(context, body => AnswerAsync(context, engine, body)).ConfigureAwait(false);
                metrics.Request(name, ask, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return result;
            }))
            .WithName(name + "-ask").WithTags(name);
        registry.Describe(Describe(name, ask, engine.Options.MaxQuestionLength));
        ServingExtensions.MapOperationsOnce(app, registry);
        return app;
    }

    // /openapi/v1.json for the ask route: the request fields RagAskProtocol accepts (no others) and the answer's shape.
    private static OperationDescription Describe(string name, string ask, int maxQuestionLength)
    {
        var request = $"{name}Question";
        var answer = $"{name}Answer";
        JsonObject Text() => OpenApiDocument.Type("string");
        JsonObject Date() => new() { ["type"] = "string", ["format"] = "date-time" };
        var schemas = new System.Collections.Generic.Dictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            [request] = new()
            {
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["required"] = new JsonArray("question"),
                ["properties"] = new JsonObject
                {
                    ["question"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = maxQuestionLength },
                    ["source"] = Text(), ["section"] = Text(), ["from"] = Date(), ["to"] = Date(),
                },
            },
            [answer] = new()
            {
                ["type"] = "object",
                ["required"] = new JsonArray("answer", "refused", "confidence", "citations", "chunks"),
                ["properties"] = new JsonObject
                {
                    ["answer"] = Text(),
                    ["refused"] = OpenApiDocument.Type("boolean"),
                    ["confidence"] = OpenApiDocument.Type("number"),
                    ["citations"] = new JsonObject
                    {
                        ["type"] = "array",
                        ["items"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["source"] = Text(), ["section"] = Text(), ["citation"] = Text() } },
                    },
                    ["chunks"] = new JsonObject
                    {
                        ["type"] = "array",
                        ["items"] = new JsonObject
                        {
                            ["type"] = "object",
                            ["properties"] = new JsonObject
                            {
                                ["rank"] = OpenApiDocument.Type("integer"), ["score"] = OpenApiDocument.Type("number"), ["source"] = Text(),
                                ["section"] = Text(), ["line"] = OpenApiDocument.Type("integer"), ["text"] = Text(),
                            },
                        },
                    },
                },
            },
        };
        var item = OpenApiDocument.Post(name, name + "-ask", $"Answers a question from the {name} documents, with citations and the retrieved chunks.",
            OpenApiDocument.Ref(request), OpenApiDocument.Ref(answer), answered: "The answer (refused when retrieval is too weak to answer).", unavailable: false);
        return new OperationDescription(ask, item, schemas);
    }

    private static async Task<(IResult Result, int Status)> AnswerAsync(HttpContext context, RagEngine engine, ReadOnlyMemory<byte> body)
    {
        var (request, errors) = RagAskProtocol.Parse(body.Span, engine.Options.MaxQuestionLength);
        if (request is null)
        {
            return (Results.ValidationProblem(errors, title: "The question is invalid"), StatusCodes.Status400BadRequest);
        }

        var answer = await engine.AskAsync(request.Question, request.Filter, context.RequestAborted).ConfigureAwait(false);
        return (Results.Bytes(RagAskProtocol.Write(answer), "application/json; charset=utf-8"), StatusCodes.Status200OK);
    }
}
