using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MlAsCode.Serving;

/// <summary>The endpoints every served application has once: <c>/health</c>, <c>/ready</c>, <c>/metrics</c>,
/// <c>/monitoring</c> (JSON and page) and <c>/openapi/v1.json</c>.</summary>
internal static class OperationsEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ServingRegistry registry)
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
            Results.Json(OpenApiDocument.Build($"{environment.ApplicationName} model services", registry.Descriptions(), registry.Operations())))
            .WithName("openapi");
    }
}
