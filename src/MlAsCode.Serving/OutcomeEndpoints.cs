using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MlAsCode.Serving;

/// <summary><c>POST {route}/outcomes</c>: observed labels of keyed predictions, for the monitor's performance check and
/// the arms' comparison.</summary>
internal static class OutcomeEndpoints
{
    public static void Map<TRow>(IEndpointRouteBuilder app, ModelService<TRow> service, string name, string prefix)
    {
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
    }
}

/// <summary>The observed outcome of a keyed prediction (<c>POST {route}/outcomes</c>, a JSON array).</summary>
/// <param name="Key">The request key the prediction was made with (the service's key header).</param>
/// <param name="Label">What happened: 1 or 0 for binary classification, the value for regression.</param>
public sealed record Outcome(string Key, double? Label);
