using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlAsCode.Experiments;
using MlAsCode.Experiments.Tuning;
using MlAsCode.Serving;
using MlAsCode.Training.Torch;
using MlAsCode.Training.Trainers;

namespace MlAsCode.Benchmarks;

/// <summary>Trained churn models on disk (LightGBM and the MLP) with their fitted pipeline, for the serving benchmarks.</summary>
internal sealed class ServedModels : IDisposable
{
    public ServedModels()
    {
        Folder = Path.Combine(Path.GetTempPath(), "mlac-bench-serve-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Rows = [.. BenchCustomer.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv"))];
        var fit = BenchCustomer.Features.FitTransform(Rows);
        var labels = Labels.Binary(Rows.Select(r => r.Churn == "Yes"));
        Pipeline = fit.Pipeline;
        File.WriteAllText(PipelinePath, fit.Pipeline.ToJson());
        File.WriteAllBytes(LightGbmPath, new MlNetTrainer(ModelFamily.LightGbm, MlTask.BinaryClassification, 42)
            .Fit(fit.TrainingMatrix, labels, ParameterSet.Of([new("num_iterations", 100)])).ToOnnx());
        File.WriteAllBytes(MlpPath, new MlpTrainer(MlTask.BinaryClassification, 42)
            .Fit(fit.TrainingMatrix, labels, ParameterSet.Of([new("max_epochs", 5), new("patience", 0)])).ToOnnx());
    }

    public string Folder { get; }

    public BenchCustomer[] Rows { get; }

    public Features.FittedFeaturePipeline<BenchCustomer> Pipeline { get; }

    public string PipelinePath => Path.Combine(Folder, "feature_pipeline.json");

    public string LightGbmPath => Path.Combine(Folder, "lightgbm.onnx");

    public string MlpPath => Path.Combine(Folder, "mlp.onnx");

    public static string Json(BenchCustomer c) => new JsonObject
    {
        ["partner"] = c.Partner, ["dependents"] = c.Dependents, ["tenure"] = c.Tenure, ["contract"] = c.Contract,
        ["internet_service"] = c.InternetService, ["payment_method"] = c.PaymentMethod, ["paperless_billing"] = c.PaperlessBilling,
        ["monthly_charges"] = c.MonthlyCharges, ["total_charges"] = c.TotalCharges,
    }.ToJsonString();

    /// <summary>Starts the service in process: TestServer (no socket), or Kestrel on loopback when <paramref name="url"/> is given.</summary>
    public async Task<WebApplication> StartAsync(string modelPath, int maxBatchSize, TimeSpan maxDelay, string? url = null, Func<IRowScorer, IRowScorer>? wrap = null)
    {
        var builder = WebApplication.CreateBuilder();
        if (url is null)
        {
            builder.WebHost.UseTestServer();
        }
        else
        {
            builder.WebHost.UseUrls(url);
        }

        builder.Logging.ClearProviders();
        builder.Services.AddMlService("Churn", BenchCustomer.Features, MlTask.BinaryClassification, o =>
        {
            o.ModelPath = modelPath;
            o.PipelinePath = PipelinePath;
            o.ModelVersion = "bench";
            o.Timeout = TimeSpan.FromSeconds(5);
            o.MaxBatchSize = maxBatchSize;
            o.MaxBatchDelay = maxDelay;
            o.BreakerMinimumThroughput = int.MaxValue;
        });
        if (wrap is not null)
        {
            builder.Services.AddSingleton<ScorerFactory>(_ => (path, task, width) => wrap(new OnnxScorer(path, task, width)));
        }

        var app = builder.Build();
        app.MapMlService<BenchCustomer>("Churn", "/churn");
        await app.StartAsync();
        await app.Services.GetRequiredKeyedService<ModelService<BenchCustomer>>("Churn").WhenLoaded;
        return app;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>
/// One prediction through the whole generated handler in process, without a socket (JSON request, validation,
/// transform, ONNX Runtime, JSON response), against the transform and a raw ONNX Runtime call for the same row. The
/// goal is stated at p50, hence the median column.
/// </summary>
[BenchmarkDotNet.Attributes.MedianColumn]
public class ServingHandlerBenchmarks
{
    private ServedModels _models = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private InferenceSession _session = null!;
    private string _input = "";
    private BenchCustomer _row = null!;
    private string _json = "";
    private float[] _features = [];
    private Microsoft.AspNetCore.Http.RequestDelegate _handler = null!;
    private byte[] _body = [];

    [GlobalSetup]
    public async Task Setup()
    {
        _models = new ServedModels();
        _app = await _models.StartAsync(_models.LightGbmPath, maxBatchSize: 1, TimeSpan.Zero);
        _client = _app.GetTestClient();
        _session = new InferenceSession(_models.LightGbmPath);
        _input = _session.InputMetadata.Keys.Single();
        _row = _models.Rows[17];
        _json = ServedModels.Json(_row);
        _features = new float[_models.Pipeline.Width];
        _body = Encoding.UTF8.GetBytes(_json);
        _handler = ((Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)_app).DataSources.SelectMany(d => d.Endpoints)
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().Single(e => e.RoutePattern.RawText == "/churn/predict").RequestDelegate!;
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _session.Dispose();
        _models.Dispose();
    }

    [Benchmark(Baseline = true, Description = "transform + raw ONNX Runtime call")]
    public float Raw()
    {
        _models.Pipeline.Transform(_row, _features);
        var tensor = new DenseTensor<float>(_features, [1, _features.Length]);
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor(_input, tensor)]);
        return results.First(r => r.Name.StartsWith("Probability", StringComparison.Ordinal)).AsTensor<float>().ToArray()[^1];
    }

    [Benchmark(Description = "generated handler (its RequestDelegate, no HTTP client)")]
    public async Task<long> HandlerDelegate()
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = _app.Services };
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(_body, writable: false);
        context.Request.ContentLength = _body.Length;
        var response = new MemoryStream();
        context.Response.Body = response;
        await _handler(context);
        return response.Length;
    }

    [Benchmark(Description = "generated handler (HTTP in process, TestServer)")]
    public async Task<string> Handler()
    {
        using var response = await _client.PostAsync("/churn/predict", new StringContent(_json, Encoding.UTF8, "application/json"));
        return await response.Content.ReadAsStringAsync();
    }
}

/// <summary>
/// <c>--serving-batching</c>: micro-batching on and off at concurrency 1, 16 and 64 for the LightGBM and MLP models;
/// <c>--serving-load</c>: a 60-second closed-loop load run over loopback HTTP. Not BenchmarkDotNet: these measure
/// throughput and tail latency under concurrency, which its one-call-at-a-time loop does not.
/// </summary>
public static class ServingLoad
{
    // Counts rows scored and the time spent in the model stage.
    private sealed class TimedScorer(IRowScorer inner) : IRowScorer
    {
        private long _ticks;
        private long _rows;
        private long _calls;

        public int Width => inner.Width;

        public (long Rows, long Calls, TimeSpan Busy) Take() =>
            (Interlocked.Exchange(ref _rows, 0), Interlocked.Exchange(ref _calls, 0), TimeSpan.FromTicks(Interlocked.Exchange(ref _ticks, 0)));

        public float[] Score(float[] features, int rows)
        {
            var started = Stopwatch.GetTimestamp();
            var scores = inner.Score(features, rows);
            Interlocked.Add(ref _ticks, Stopwatch.GetElapsedTime(started).Ticks);
            Interlocked.Add(ref _rows, rows);
            Interlocked.Increment(ref _calls);
            return scores;
        }
    }

    private static async Task<(double Rps, double P50, double P95, double P99, int Errors)> Drive(HttpClient client, string[] bodies, int concurrency, TimeSpan duration)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            latencies[worker] = [];
            var i = worker;
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync("/churn/predict", new StringContent(bodies[i++ % bodies.Length], Encoding.UTF8, "application/json")).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                latencies[worker].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode || !body.Contains("\"source\":\"model\"", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return (all.Length / stop.Elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.95)], all[(int)(all.Length * 0.99)], errors);
    }

    public static async Task RunBatching(TextWriter output)
    {
        using var models = new ServedModels();
        var bodies = models.Rows.Where(r => float.IsFinite(r.TotalCharges)).Select(ServedModels.Json).ToArray();
        output.WriteLine("| model | concurrency | batching | requests/s | p50 ms | p99 ms | rows per model call | model-stage rows/s | errors |");
        output.WriteLine("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, path) in new[] { ("LightGBM", models.LightGbmPath), ("MLP", models.MlpPath) })
        {
            foreach (var concurrency in new[] { 1, 16, 64 })
            {
                foreach (var batching in new[] { false, true })
                {
                    TimedScorer? timed = null;
                    await using var app = await models.StartAsync(path, batching ? 64 : 1, TimeSpan.FromMilliseconds(2), wrap: s => timed = new TimedScorer(s));
                    var client = app.GetTestClient();
                    await Drive(client, bodies, concurrency, TimeSpan.FromSeconds(2));   // warm-up
                    timed!.Take();
                    var (rps, p50, _, p99, errors) = await Drive(client, bodies, concurrency, TimeSpan.FromSeconds(8));
                    var (rows, calls, busy) = timed.Take();
                    output.WriteLine(FormattableString.Invariant(
                        $"| {name} | {concurrency} | {(batching ? "on (64 rows, 2 ms)" : "off")} | {rps:0} | {p50:0.00} | {p99:0.00} | {(double)rows / Math.Max(1, calls):0.0} | {rows / busy.TotalSeconds:0} | {errors} |"));
                    await app.StopAsync();
                }
            }
        }
    }

    public static async Task RunLoad(TextWriter output, int seconds = 60, int concurrency = 32)
    {
        using var models = new ServedModels();
        var bodies = models.Rows.Where(r => float.IsFinite(r.TotalCharges)).Select(ServedModels.Json).ToArray();
        var url = "http://127.0.0.1:5097";
        await using var app = await models.StartAsync(models.LightGbmPath, 16, TimeSpan.FromMilliseconds(1), url);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(url) };
        await Drive(client, bodies, concurrency, TimeSpan.FromSeconds(5));   // warm-up
        var (rps, p50, p95, p99, errors) = await Drive(client, bodies, concurrency, TimeSpan.FromSeconds(seconds));
        output.WriteLine(FormattableString.Invariant(
            $"{seconds} s over loopback HTTP, {concurrency} concurrent clients, LightGBM with micro-batching (16 rows, 1 ms): {rps:0} requests/s, p50 {p50:0.00} ms, p95 {p95:0.00} ms, p99 {p99:0.00} ms, {errors} errors"));
        await app.StopAsync();
    }
}
