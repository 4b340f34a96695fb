using System;
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
        AddServedApplication(services, name, defaults);
        services.TryAddSingleton<ScorerFactory>(_ => (path, t, width) => new OnnxScorer(path, t, width));
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

    // What every served component of an application shares, a model or a RAG pipeline: the meter and its Prometheus
    // exporter, the registry behind /ready, /monitoring and the OpenAPI document, and its options (limits included)
    // from configuration section MlAsCode:Serving:{name}.
    internal static void AddServedApplication(IServiceCollection services, string name, Action<ServingOptions>? defaults)
    {
        services.AddMetrics();
        services.TryAddSingleton<ServingMetrics>();
        // OpenTelemetry collects the serving meter for the Prometheus scrape endpoint (/metrics).
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(ServingMetrics.MeterName).AddPrometheusExporter());
        services.TryAddSingleton<ServingRegistry>();
        services.AddOptions<ServingOptions>(name).Configure(o => defaults?.Invoke(o)).BindConfiguration($"MlAsCode:Serving:{name}");
    }

    // Maps /health, /ready, /metrics, /monitoring and /openapi/v1.json the first time a served component is mapped.
    internal static void MapOperationsOnce(IEndpointRouteBuilder app, ServingRegistry registry)
    {
        if (registry.MapHealthOnce())
        {
            OperationsEndpoints.Map(app, registry);
        }
    }

    /// <summary>Maps the service's routes (and <c>/health</c>, <c>/ready</c>, <c>/metrics</c>, <c>/monitoring</c> and
    /// <c>/openapi/v1.json</c> once for all services).</summary>
    public static IEndpointRouteBuilder MapMlService<TRow>(this IEndpointRouteBuilder app, string name, string route)
    {
        ArgumentNullException.ThrowIfNull(app);
        var service = app.ServiceProvider.GetRequiredKeyedService<ModelService<TRow>>(name);
        var registry = app.ServiceProvider.GetRequiredService<ServingRegistry>();
        route = "/" + route.Trim('/');
        registry.Describe(new ServiceDescription(name, route == "/" ? "" : route, service.Task, service.Reader.Fields));
        var prefix = route == "/" ? "" : route;
        PredictionEndpoints.Map(app, service, name, prefix);
        OutcomeEndpoints.Map(app, service, name, prefix);
        MapOperationsOnce(app, registry);
        return app;
    }
}
