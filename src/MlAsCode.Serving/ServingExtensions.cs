using System.Buffers;
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Mime;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlAsCode.Features;
using OpenTelemetry.Metrics;

namespace MlAsCode.Serving;

/// <summary>
/// Registers and maps served models (the code <c>[Serve]</c> generates calls these):
/// <c>services.AddMlService(...)</c> and <c>app.MapMlService&lt;TRow&gt;(name, route)</c> give
/// <c>POST {route}/predict</c>, <c>POST {route}/predict/batch</c>, <c>GET /health</c> and <c>GET /ready</c>.
/// </summary>
public static class ServingExtensions
{
    /// <summary>Registers the model service <paramref name="name"/>: options from <paramref name="defaults"/>, then
    /// configuration section <c>MlAsCode:Serving:{name}</c>; the model loads when the host starts.</summary>
    public static IServiceCollection AddMlService<TRow>(this IServiceCollection services, string name, FeatureSetDefinition<TRow> features, MlTask task,
        Action<ServingOptions>? defaults = null, Func<TRow, double>? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(features);
        services.AddMetrics();
        services.TryAddSingleton<ServingMetrics>();
        // OpenTelemetry collects the serving meter for the Prometheus scrape endpoint (/metrics).
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(ServingMetrics.MeterName).AddPrometheusExporter());
        services.TryAddSingleton<ScorerFactory>(_ => (path, t, width) => new OnnxScorer(path, t, width));
        services.TryAddSingleton<ServingRegistry>();
        services.AddOptions<ServingOptions>(name).Configure(o => defaults?.Invoke(o)).BindConfiguration($"MlAsCode:Serving:{name}");
        services.TryAddSingleton<RedisConnections>();
        services.AddKeyedSingleton(name, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<ServingOptions>>().Get(name);
            // Redis when configured; otherwise a store registered for the service (keyed by its name), else in memory.
            var outcomes = options.Outcomes.Redis is { Length: > 0 } redis
                ? new RedisOutcomeStore(provider.GetRequiredService<RedisConnections>().Connect(redis), options.Outcomes.TimeToLive)
                : provider.GetKeyedService<IOutcomeStore>(name);
            return new ModelService<TRow>(name, features, task, options, fallback,
                provider.GetRequiredService<ScorerFactory>(), provider.GetRequiredService<ServingMetrics>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger($"MlAsCode.Serving.{name}"),
                provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), outcomes);
        });
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(provider =>
        {
            var service = provider.GetRequiredKeyedService<ModelService<TRow>>(name);
            provider.GetRequiredService<ServingRegistry>().Add(name, () => (service.IsReady, service.NotReadyReason, service.ModelVersion), service.Monitor);
            return service;
        });
        return services;
    }

    /// <summary>Maps the service's routes (and <c>/health</c>, <c>/ready</c> once for all services).</summary>
    public static IEndpointRouteBuilder MapMlService<TRow>(this IEndpointRouteBuilder app, string name, string route)
    {
        ArgumentNullException.ThrowIfNull(app);
        var service = app.ServiceProvider.GetRequiredKeyedService<ModelService<TRow>>(name);
        var registry = app.ServiceProvider.GetRequiredService<ServingRegistry>();
        route = "/" + route.Trim('/');
        registry.Describe(new ServiceDescription(name, route == "/" ? "" : route, service.Task, service.Reader.Fields));
        var prefix = route == "/" ? "" : route;
        app.MapPost(prefix + "/predict", (Delegate)((HttpContext context) => HandleAsync(context, service, prefix + "/predict", single: true)))
            .WithName($"{name}.predict").WithTags(name);
        app.MapPost(prefix + "/predict/batch", (Delegate)((HttpContext context) => HandleAsync(context, service, prefix + "/predict/batch", single: false)))
            .WithName($"{name}.predict.batch").WithTags(name);
        var outcomeLog = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger($"MlAsCode.Serving.{name}");
        app.MapPost(prefix + "/outcomes", async (Outcome?[] outcomes, CancellationToken cancellationToken) =>
            {
                var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
                for (var i = 0; i < outcomes.Length; i++)
                {
                    if (outcomes[i] is not { Key.Length: > 0, Label: { } label } || !double.IsFinite(label))
                    {
                        errors[$"[{i}]"] = ["expected {\"key\": the prediction's request key, \"label\": a finite number (1 or 0 for binary classification)}"];
                    }
                }

                if (errors.Count > 0)
                {
                    return Results.ValidationProblem(errors, title: "The outcomes have invalid entries", detail: $"{errors.Count} of {outcomes.Length} outcome(s) are invalid; none was recorded.");
                }

                try
                {
                    var matched = await service.RecordOutcomesAsync([.. outcomes.Select(o => (o!.Key, o.Label!.Value))], cancellationToken);
                    return Results.Json(new { received = outcomes.Length, matched });
                }
                catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
                {
                    // The reason (with the store's address) goes to the log, not to the caller.
                    outcomeLog.LogWarning(e, "Service {Service}: {Count} outcome(s) not recorded, the outcome store is unavailable", name, outcomes.Length);
                    return Results.Problem(title: "The outcome store is unavailable",
                        detail: $"None of the {outcomes.Length} outcome(s) was recorded; send the batch again later.", statusCode: StatusCodes.Status503ServiceUnavailable);
                }
            })
            .WithName($"{name}.outcomes").WithTags(name);
        if (registry.MapHealthOnce())
        {
            app.MapGet("/health", () => Results.Json(new { status = "healthy" })).WithName("health");
            app.MapGet("/ready", () =>
            {
                var states = registry.States();
                var body = new JsonObject
                {
                    ["status"] = states.All(s => s.Ready) ? "ready" : "not_ready",
                    ["services"] = new JsonObject(states.Select(s => new KeyValuePair<string, JsonNode?>(s.Name, new JsonObject
                    {
                        ["ready"] = s.Ready,
                        ["model_version"] = s.Version,
                        ["reason"] = s.Ready ? null : s.Reason,
                    }))),
                };
                return Results.Json(body, statusCode: states.All(s => s.Ready) ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            }).WithName("ready");
            app.MapPrometheusScrapingEndpoint("/metrics");
            app.MapGet("/monitoring", (bool? check) => Results.Json(new JsonObject(registry.Monitors().Select(m =>
                    new KeyValuePair<string, JsonNode?>(m.Service, (check == true ? m.Check() : m.Current).ToJson())))))
                .WithName("monitoring");
            app.MapGet("/monitoring/page", () => Results.Content(MonitoringPage.Write(registry.Monitors().Select(m => m.Current)), "text/html; charset=utf-8"))
                .WithName("monitoring.page");
            app.MapGet("/openapi/v1.json", (Microsoft.Extensions.Hosting.IHostEnvironment environment) =>
                Results.Json(OpenApiDocument.Build($"{environment.ApplicationName} model services", registry.Descriptions())))
                .WithName("openapi");
        }

        return app;
    }

    // Handles one request and records its status and latency.
    private static async Task<IResult> HandleAsync<TRow>(HttpContext context, ModelService<TRow> service, string route, bool single)
    {
        var started = Stopwatch.GetTimestamp();
        var (result, status) = await Handle(context, service, started, single).ConfigureAwait(false);
        service.Metrics.Request(service.Name, route, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    private static async Task<(IResult Result, int Status)> Handle<TRow>(HttpContext context, ModelService<TRow> service, long started, bool single)
    {
        if (service.RateLimiter is { } limiter)
        {
            using var lease = limiter.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            if (!lease.IsAcquired)
            {
                var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
                context.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Problem(StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"More than {service.Options.RateLimitPerSecond} requests per second from this client; retry after {retry} s.");
            }
        }

        if (context.Request.ContentType is not { } contentType || !contentType.StartsWith(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Send the rows as {MediaTypeNames.Application.Json}; got {context.Request.ContentType ?? "no content type"}.");
        }

        var limit = service.Options.MaxRequestBytes;
        if (context.Request.ContentLength > limit)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Request too large", $"The body is {context.Request.ContentLength} bytes; the limit is {limit}.");
        }

        // The body in a pooled buffer (sized by Content-Length up to 64 KB, grown as bytes arrive, so a client that
        // announces a large body but sends slowly holds little); parsed in place.
        limit = Math.Min(limit, Array.MaxLength - 1);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Min(context.Request.ContentLength ?? 4096, 64 * 1024), limit) + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    return Problem(StatusCodes.Status413PayloadTooLarge, "Request too large", $"The body is over the limit of {limit} bytes.");
                }

                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
                    buffer = larger;
                }
            }

            return await Answer(context, service, started, single, buffer.AsMemory(0, length)).ConfigureAwait(false);
        }
        finally
        {
            // Cleared: a pooled buffer must not carry one client's request into another's.
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

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

    private static (IResult, int) Problem(int status, string title, string detail) => (Results.Problem(detail, statusCode: status, title: title), status);
}

/// <summary>The services of one application, for <c>/ready</c>.</summary>
internal sealed class ServingRegistry
{
    private readonly List<(string Name, Func<(bool Ready, string Reason, string Version)> State)> _services = [];
    private readonly List<ServiceDescription> _descriptions = [];
    private readonly List<ModelMonitor> _monitors = [];
    private int _healthMapped;

    public void Add(string name, Func<(bool, string, string)> state, ModelMonitor? monitor)
    {
        lock (_services)
        {
            _services.Add((name, state));
            if (monitor is not null)
            {
                _monitors.Add(monitor);
            }
        }
    }

    public IReadOnlyList<ModelMonitor> Monitors()
    {
        lock (_services)
        {
            return [.. _monitors];
        }
    }

    public void Describe(ServiceDescription description)
    {
        lock (_descriptions)
        {
            _descriptions.Add(description);
        }
    }

    public IReadOnlyList<ServiceDescription> Descriptions()
    {
        lock (_descriptions)
        {
            return [.. _descriptions];
        }
    }

    public bool MapHealthOnce() => System.Threading.Interlocked.Exchange(ref _healthMapped, 1) == 0;

    public IReadOnlyList<(string Name, bool Ready, string Reason, string Version)> States()
    {
        lock (_services)
        {
            return [.. _services.Select(s => { var (ready, reason, version) = s.State(); return (s.Name, ready, reason, version); })];
        }
    }
}

/// <summary>The observed outcome of a keyed prediction (<c>POST {route}/outcomes</c>, a JSON array).</summary>
/// <param name="Key">The request key the prediction was made with (the service's key header).</param>
/// <param name="Label">What happened: 1 or 0 for binary classification, the value for regression.</param>
public sealed record Outcome(string Key, double? Label);

/// <summary>One Redis connection per configuration string, shared by the services of the host and closed with it.</summary>
internal sealed class RedisConnections : IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<StackExchange.Redis.IConnectionMultiplexer>>> _connections = new(StringComparer.Ordinal);

    /// <summary>The connection for <paramref name="configuration"/>, opened in the background on first use, so the
    /// host starts without waiting for Redis. It does not fail when Redis is down (it keeps reconnecting); outcomes
    /// posted meanwhile are answered with 503.</summary>
    public Task<StackExchange.Redis.IConnectionMultiplexer> Connect(string configuration) => _connections.GetOrAdd(configuration, c => new(async () =>
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse(c);
        options.AbortOnConnectFail = false;
        // While disconnected, commands fail at once (predictions go on; posted outcomes get a 503) instead of queueing.
        options.BacklogPolicy = StackExchange.Redis.BacklogPolicy.FailFast;
        return await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
    })).Value;

    public void Dispose()
    {
        foreach (var connection in _connections.Values.Where(c => c.IsValueCreated && c.Value.IsCompletedSuccessfully))
        {
            connection.Value.Result.Dispose();
        }
    }
}
