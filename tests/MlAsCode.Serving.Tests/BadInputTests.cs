using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace MlAsCode.Serving.Tests;

/// <summary>
/// 10,000 generated malformed requests (seeded): wrong types, missing and extra fields, NaN and infinities, huge
/// numbers and strings, invalid JSON, empty bodies, wrong content types, deep nesting, oversized and mixed batches.
/// Every answer is 2xx or 4xx, never 5xx, and the service is still up and ready afterwards.
/// </summary>
public sealed class BadInputTests(TrainedModel model) : IClassFixture<TrainedModel>
{
    private static readonly string[] Fields = ["tenure", "contract", "internet_service", "monthly_charges", "paperless_billing", "total_charges"];

    private static JsonNode? Junk(Random random) => random.Next(14) switch
    {
        0 => "NaN",
        1 => "Infinity",
        2 => new string('x', random.Next(1, 3) == 1 ? 10 : 200_000),
        3 => JsonValue.Create(1e308),
        4 => JsonValue.Create(-1e308),
        5 => JsonValue.Create(random.NextDouble() * 1e12),
        6 => null,
        7 => new JsonArray(1, 2, 3),
        8 => new JsonObject { ["nested"] = new JsonObject { ["deeper"] = 1 } },
        9 => JsonValue.Create(random.Next(2) == 0),
        10 => JsonValue.Create(long.MaxValue),
        11 => JsonValue.Create(-0.000001),
        12 => "Month-to-month",
        _ => JsonValue.Create(random.Next(-1000, 1000)),
    };

    private JsonObject Valid(Random random)
    {
        var c = model.Rows[random.Next(model.Rows.Length)];
        return new JsonObject
        {
            ["tenure"] = c.Tenure,
            ["contract"] = c.Contract,
            ["internet_service"] = c.InternetService,
            ["monthly_charges"] = c.MonthlyCharges,
            ["paperless_billing"] = c.PaperlessBilling,
            ["total_charges"] = c.TotalCharges,
        };
    }

    private JsonObject Broken(Random random)
    {
        var row = Valid(random);
        for (var k = random.Next(1, 4); k > 0; k--)
        {
            switch (random.Next(4))
            {
                case 0:
                    row[Fields[random.Next(Fields.Length)]] = Junk(random);
                    break;
                case 1:
                    row.Remove(Fields[random.Next(Fields.Length)]);
                    break;
                case 2:
                    row["extra_" + random.Next(100)] = Junk(random);
                    break;
                default:
                    row["internet_service"] = "Satellite " + random.Next(1000);   // an unseen category: allowed
                    break;
            }
        }

        return row;
    }

    private (string Route, string Body, string ContentType) Request(Random random)
    {
        const string json = "application/json";
        switch (random.Next(12))
        {
            case 0: return ("/churn/predict", "", json);
            case 1: return ("/churn/predict", Broken(random).ToJsonString()[..random.Next(1, 40)], json);          // truncated
            case 2: return ("/churn/predict", Encoding.Latin1.GetString([.. Enumerable.Range(0, 64).Select(_ => (byte)random.Next(256))]), json);
            case 3: return ("/churn/predict", Valid(random).ToJsonString(), random.Next(2) == 0 ? "text/plain" : "application/xml");
            case 4: return ("/churn/predict", Valid(random).ToJsonString().Replace("\"tenure\":", "\"tenure\":NaN,\"x\":", StringComparison.Ordinal), json);
            case 5: return ("/churn/predict", new string('[', 200) + new string(']', 200), json);                 // deep nesting
            case 6: return ("/churn/predict", "{\"tenure\": 1e400}", json);
            case 7: return ("/churn/predict/batch", new JsonArray([.. Enumerable.Range(0, 1001).Select(_ => (JsonNode)new JsonObject())]).ToJsonString(), json);
            case 8: return ("/churn/predict/batch", new JsonArray([.. Enumerable.Range(0, random.Next(1, 6)).Select(_ => (JsonNode)(random.Next(2) == 0 ? Valid(random) : Broken(random)))]).ToJsonString(), json);
            case 9: return ("/churn/predict/batch", Broken(random).ToJsonString(), json);                         // an object, not an array
            case 10: return ("/churn/predict", new JsonArray(Broken(random)).ToJsonString(), json);               // an array, not an object
            default: return ("/churn/predict", Broken(random).ToJsonString(), json);
        }
    }

    [Fact]
    public async Task Ten_thousand_malformed_requests_never_get_a_5xx_and_the_service_stays_ready()
    {
        await using var app = await ServedApp.StartAsync(model, o => o.MaxRequestBytes = 4_000_000);
        var random = new Random(2026);
        var statuses = new Dictionary<int, int>();
        var clientErrors = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var (route, body, contentType) = Request(random);
            using var response = await app.Client.PostAsync(route, new StringContent(body, Encoding.UTF8, contentType));
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"request {i} to {route} got {status}: {await response.Content.ReadAsStringAsync()}\n{(body.Length > 300 ? body[..300] : body)}");
            clientErrors += status >= 400 ? 1 : 0;
        }

        Assert.True(clientErrors > 5000, string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/ready")).StatusCode);
        var valid = Valid(new Random(1));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.PostAsync("/churn/predict", new StringContent(valid.ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode);
    }
}
