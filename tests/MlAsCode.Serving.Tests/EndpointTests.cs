using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace MlAsCode.Serving.Tests;

public sealed class EndpointTests(TrainedModel model) : IClassFixture<TrainedModel>
{
    private static JsonObject Row(Customer c) => Requests.Json(c);

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    private double Expected(Customer c) => model.Model.Predict(model.Pipeline.TransformBatch([c]))[0];

    [Fact]
    public async Task Health_ready_and_predict_answer_with_the_models_probability()
    {
        await using var app = await ServedApp.StartAsync(model);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health")).StatusCode);
        var ready = await app.Client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("EXP-2026-11-26-001", JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["services"]!["Churn"]!["model_version"]!.GetValue<string>());

        foreach (var customer in model.Rows.Take(20))
        {
            var response = await app.Client.PostAsync("/churn/predict", Json(Row(customer)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var probability = body["probability"]!.GetValue<double>();
            Assert.Equal(Expected(customer), probability, 5);
            Assert.Equal(probability >= 0.5, body["label"]!.GetValue<bool>());
            Assert.Equal("model", body["source"]!.GetValue<string>());
            Assert.Equal("EXP-2026-11-26-001", body["model_version"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task The_openapi_document_describes_the_rows_from_the_feature_set_and_the_response_from_the_task()
    {
        await using var app = await ServedApp.StartAsync(model);
        var response = await app.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("3.0.1", document["openapi"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Equal(["/churn/predict", "/churn/predict/batch", "/health", "/ready"], paths);
        var row = document["components"]!["schemas"]!["ChurnRow"]!;
        Assert.False(row["additionalProperties"]!.GetValue<bool>());
        Assert.Equal(["tenure", "contract", "internet_service", "monthly_charges", "paperless_billing", "total_charges"],
            row["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["tenure", "contract", "internet_service", "monthly_charges", "paperless_billing"],
            row["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal((0.0, 120.0), (row["properties"]!["tenure"]!["minimum"]!.GetValue<double>(), row["properties"]!["tenure"]!["maximum"]!.GetValue<double>()));
        Assert.Equal(["Month-to-month", "One year", "Two year"], row["properties"]!["contract"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.True(row["properties"]!["total_charges"]!["nullable"]!.GetValue<bool>());
        Assert.Equal("boolean", row["properties"]!["paperless_billing"]!["type"]!.GetValue<string>());
        var prediction = document["components"]!["schemas"]!["ChurnPrediction"]!["properties"]!.AsObject();
        Assert.Equal(["probability", "label", "score", "model_version", "source", "fallback_reason"], prediction.Select(p => p.Key));
        Assert.Equal("#/components/schemas/ProblemDetails",
            document["paths"]!["/churn/predict"]!["post"]!["responses"]!["400"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task Prometheus_scrapes_request_counts_latency_buckets_fallbacks_and_predictions()
    {
        await using var app = await ServedApp.StartAsync(model, o => o.ModelPath = "/nowhere/model.onnx");
        for (var i = 0; i < 3; i++)
        {
            await app.Client.PostAsync("/churn/predict", Json(Row(model.Rows[i])));
        }

        await app.Client.PostAsync("/churn/predict", new StringContent("{}", Encoding.UTF8, "text/plain"));
        var text = await app.Client.GetStringAsync("/metrics");
        // OpenTelemetry listens to every meter of this name in the process; other tests' hosts run in parallel, so the
        // counts are at least this test's.
        double Count(string pattern) => System.Text.RegularExpressions.Regex.Matches(text, pattern + " (\\d+)")
            .Sum(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(Count("mlascode_serving_requests_total\\{[^}]*status=\"200\"[^}]*\\}") >= 3, text);
        Assert.True(Count("mlascode_serving_requests_total\\{[^}]*status=\"415\"[^}]*\\}") >= 1, text);
        Assert.True(Count("mlascode_serving_fallbacks_total\\{[^}]*reason=\"not_loaded\"[^}]*\\}") >= 3, text);
        Assert.Contains("mlascode_serving_latency_milliseconds_bucket{", text);
    }

    [Fact]
    public async Task A_batch_gives_the_same_predictions_as_single_rows()
    {
        await using var app = await ServedApp.StartAsync(model);
        var rows = model.Rows.Skip(100).Take(25).ToArray();
        var response = await app.Client.PostAsync("/churn/predict/batch", Json(new JsonArray([.. rows.Select(r => (JsonNode)Row(r))])));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["predictions"]!.AsArray();
        Assert.Equal(25, predictions.Count);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(Expected(rows[i]), predictions[i]!["probability"]!.GetValue<double>(), 5);
        }
    }

    [Fact]
    public async Task Bad_fields_get_400_problem_details_naming_every_field()
    {
        await using var app = await ServedApp.StartAsync(model);
        var row = Row(model.Rows[0]);
        row["tenure"] = 500;                 // outside [ValidRange(0, 120)]
        row["contract"] = "Weekly";          // not one of [ValidValues]
        row["monthly_charges"] = "cheap";    // not a number
        row.Remove("internet_service");      // required
        row["favourite_colour"] = "blue";    // unknown

        var response = await app.Client.PostAsync("/churn/predict", Json(row));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(["$", "contract", "monthly_charges", "tenure"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        // The names are one error that says the field list once.
        Assert.Equal(
            "unknown favourite_colour; missing internet_service (string); the fields are tenure, contract, internet_service, monthly_charges, paperless_billing, total_charges",
            Assert.Single(errors["$"]!.AsArray())!.GetValue<string>());
        Assert.Contains("outside the declared range [0, 120]", errors["tenure"]![0]!.GetValue<string>());
        Assert.Contains("is not one of Month-to-month, One year, Two year", errors["contract"]![0]!.GetValue<string>());

        // A field renamed by case or separators is pointed at its declared name.
        var renamed = Row(model.Rows[0]);
        renamed.Remove("monthly_charges");
        renamed["MonthlyCharges"] = 70.0;
        var hint = JsonNode.Parse(await (await app.Client.PostAsync("/churn/predict", Json(renamed))).Content.ReadAsStringAsync())!["errors"]!["$"]![0]!.GetValue<string>();
        Assert.StartsWith("unknown MonthlyCharges (did you mean monthly_charges?); missing monthly_charges (number)", hint, StringComparison.Ordinal);

        // A nullable field may be missing: the pipeline imputes it (median).
        var partial = Row(model.Rows[0]);
        partial.Remove("total_charges");
        Assert.Equal(HttpStatusCode.OK, (await app.Client.PostAsync("/churn/predict", Json(partial))).StatusCode);
    }

    [Theory]
    [InlineData("not json", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("[1,2]", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"tenure\": 1}", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    public async Task Malformed_bodies_are_refused_with_a_problem(string body, string contentType, HttpStatusCode expected)
    {
        await using var app = await ServedApp.StartAsync(model);
        var response = await app.Client.PostAsync("/churn/predict", new StringContent(body, Encoding.UTF8, contentType));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Oversized_requests_and_batches_are_refused()
    {
        await using var app = await ServedApp.StartAsync(model, o => { o.MaxRequestBytes = 10_000; o.MaxBatchRows = 5; });
        var big = new JsonArray([.. model.Rows.Take(200).Select(r => (JsonNode)Row(r))]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await app.Client.PostAsync("/churn/predict/batch", Json(big))).StatusCode);
        var six = new JsonArray([.. model.Rows.Take(6).Select(r => (JsonNode)Row(r))]);
        var response = await app.Client.PostAsync("/churn/predict/batch", Json(six));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("more than the limit of 5", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_slow_model_times_out_and_the_fallback_answers()
    {
        await using var app = await ServedApp.StartAsync(model, o => o.Timeout = TimeSpan.FromMilliseconds(50), controlled: true);
        app.Scorer!.Delay = TimeSpan.FromMilliseconds(400);
        var customer = model.Rows.First(c => c.Contract == "Month-to-month" && c.Tenure < 6);
        var body = JsonNode.Parse(await (await app.Client.PostAsync("/churn/predict", Json(Row(customer)))).Content.ReadAsStringAsync())!;
        Assert.Equal("fallback", body["source"]!.GetValue<string>());
        Assert.Equal("timeout", body["fallback_reason"]!.GetValue<string>());
        Assert.Equal(Customer.Rules(customer), body["probability"]!.GetValue<double>());
    }

    [Fact]
    public async Task Model_failures_open_the_circuit_and_the_fallback_answers_without_calling_the_model()
    {
        await using var app = await ServedApp.StartAsync(model, o =>
        {
            o.BreakerMinimumThroughput = 4;
            o.BreakerFailureRatio = 0.5;
            o.BreakerDuration = TimeSpan.FromMinutes(1);
        }, controlled: true);
        app.Scorer!.Fail = true;
        var reasons = new System.Collections.Generic.List<string>();
        for (var i = 0; i < 10; i++)
        {
            var body = JsonNode.Parse(await (await app.Client.PostAsync("/churn/predict", Json(Row(model.Rows[i])))).Content.ReadAsStringAsync())!;
            Assert.Equal("fallback", body["source"]!.GetValue<string>());
            reasons.Add(body["fallback_reason"]!.GetValue<string>());
        }

        Assert.Equal("model_error", reasons[0]);
        Assert.Equal("circuit_open", reasons[^1]);
        var callsWhenOpen = app.Scorer.Calls;
        await app.Client.PostAsync("/churn/predict", Json(Row(model.Rows[0])));
        Assert.Equal(callsWhenOpen, app.Scorer.Calls);
    }

    [Fact]
    public async Task Shutting_down_lets_in_flight_requests_finish_with_the_model()
    {
        await using var app = await ServedApp.StartAsync(model, controlled: true, kestrel: true);
        app.Scorer!.Delay = TimeSpan.FromMilliseconds(400);
        var calls = app.Scorer.Calls;
        var inFlight = app.Client.PostAsync("/churn/predict", Json(Row(model.Rows[5])));
        while (app.Scorer.Calls == calls)
        {
            await Task.Delay(5);
        }

        var stopping = app.StopAsync();
        var response = await inFlight;
        await stopping;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("model", body["source"]!.GetValue<string>());
        Assert.Equal(Expected(model.Rows[5]), body["probability"]!.GetValue<double>(), 5);
    }

    [Fact]
    public async Task Without_a_fallback_a_failing_model_gives_503()
    {
        await using var app = await ServedApp.StartAsync(model, controlled: true, fallback: false);
        app.Scorer!.Fail = true;
        var response = await app.Client.PostAsync("/churn/predict", Json(Row(model.Rows[0])));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("the model crashed", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Overload_gets_429_with_retry_after()
    {
        await using var app = await ServedApp.StartAsync(model, o => o.RateLimitPerSecond = 3);
        var statuses = new System.Collections.Generic.List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++)
        {
            statuses.Add(await app.Client.PostAsync("/churn/predict", Json(Row(model.Rows[i]))));
        }

        // Three tokens a second: the first three pass; the bucket refills once a second, so a slow machine may let one
        // more through, never most of them.
        Assert.InRange(statuses.Count(s => s.StatusCode == HttpStatusCode.OK), 3, 6);
        var limited = statuses.Where(s => s.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(10, limited.Count + statuses.Count(s => s.StatusCode == HttpStatusCode.OK));
        Assert.True(limited.Count >= 4, $"{limited.Count} limited");
        Assert.All(limited, s => Assert.True(s.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), s.Headers.ToString()));
    }

    [Fact]
    public async Task A_missing_model_is_not_ready_and_predictions_fall_back()
    {
        await using var app = await ServedApp.StartAsync(model, o => o.ModelPath = "/nowhere/model.onnx");
        var ready = await app.Client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("No ONNX model at /nowhere/model.onnx", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health")).StatusCode);
        var body = JsonNode.Parse(await (await app.Client.PostAsync("/churn/predict", Json(Row(model.Rows[0])))).Content.ReadAsStringAsync())!;
        Assert.Equal(("fallback", "not_loaded"), (body["source"]!.GetValue<string>(), body["fallback_reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Concurrent_single_rows_are_micro_batched_into_fewer_model_calls_with_the_same_answers()
    {
        await using var app = await ServedApp.StartAsync(model, o => { o.MaxBatchSize = 32; o.MaxBatchDelay = TimeSpan.FromMilliseconds(50); }, controlled: true);
        var rows = model.Rows.Skip(200).Take(32).ToArray();
        // A 20 ms model: requests arriving while the scoring threads are busy queue up and go together.
        app.Scorer!.Delay = TimeSpan.FromMilliseconds(20);
        var calls = app.Scorer.Calls;
        var responses = await Task.WhenAll(rows.Select(r => app.Client.PostAsync("/churn/predict", Json(Row(r)))));
        var probabilities = await Task.WhenAll(responses.Select(async r => JsonNode.Parse(await r.Content.ReadAsStringAsync())!["probability"]!.GetValue<double>()));
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(Expected(rows[i]), probabilities[i], 5);
        }

        Assert.True(app.Scorer.Calls - calls < rows.Length / 2, $"{app.Scorer.Calls - calls} model calls for {rows.Length} requests");
        Assert.Contains(app.Scorer.BatchSizes, b => b > 1);
    }

    [Fact]
    public async Task Every_prediction_is_appended_to_the_prediction_log()
    {
        var log = System.IO.Path.Combine(model.Folder, $"predictions-{Guid.NewGuid():N}.jsonl");
        await using (var app = await ServedApp.StartAsync(model, o => o.PredictionLogPath = log))
        {
            await app.Client.PostAsync("/churn/predict", Json(Row(model.Rows[0])));
            await app.Client.PostAsync("/churn/predict/batch", Json(new JsonArray(Row(model.Rows[1]), Row(model.Rows[2]))));
        }

        var lines = System.IO.File.ReadAllLines(log).Select(l => JsonNode.Parse(l)!).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Equal("EXP-2026-11-26-001", l["model_version"]!.GetValue<string>()));
        Assert.Equal(model.Rows[1].Contract, lines[1]["inputs"]!["contract"]!.GetValue<string>());
        Assert.Equal(Expected(model.Rows[2]), lines[2]["output"]!["probability"]!.GetValue<double>(), 5);
        Assert.All(lines, l => Assert.True(l["latency_ms"]!.GetValue<double>() >= 0));
    }
}
