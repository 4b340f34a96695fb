using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlAsCode.Training.Trainers;

namespace MlAsCode.Serving.Tests;

[FeatureSet(Entity = "customer", Source = "data/telco_churn.csv")]
public partial record Customer
{
    [Target(Positive = "Yes")] public string Churn { get; init; } = "";

    [Feature(Transform.Standardize)]
    [ValidRange(0, 120)]
    public float Tenure { get; init; }

    [Feature(Transform.OneHot)]
    [ValidValues("Month-to-month", "One year", "Two year")]
    public string Contract { get; init; } = "";

    [Feature(Transform.OneHot)] public string InternetService { get; init; } = "";

    [Feature(Transform.Log)]
    [ValidRange(0, 500)]
    public float MonthlyCharges { get; init; }

    [Feature(Transform.Raw)] public bool PaperlessBilling { get; init; }

    [Feature(Transform.QuantileBin, Bins = 10, Impute = Imputation.Median)] public double? TotalCharges { get; init; }

    /// <summary>The fallback rules: month-to-month customers in their first six months churn.</summary>
    public static double Rules(Customer c) => c.Contract == "Month-to-month" && c.Tenure < 6 ? 0.8 : 0.1;
}

/// <summary>A LightGBM churn model trained once on telco churn, written as model.onnx and feature_pipeline.json.</summary>
public sealed class TrainedModel : IDisposable
{
    public TrainedModel()
    {
        Folder = Path.Combine(Path.GetTempPath(), "mlac-serve-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Rows = [.. Customer.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv"))];
        var fit = Customer.Features.FitTransform(Rows);
        var model = new MlNetTrainer(ModelFamily.LightGbm, MlTask.BinaryClassification, 7)
            .Fit(fit.TrainingMatrix, Experiments.Labels.Binary(Rows.Select(r => r.Churn == "Yes")), Experiments.Tuning.ParameterSet.Of([new("num_iterations", 50)]));
        File.WriteAllBytes(ModelPath, model.ToOnnx());
        // A second, different model for A/B tests: logistic regression on the same features.
        Treatment = new MlNetTrainer(ModelFamily.Linear, MlTask.BinaryClassification, 7)
            .Fit(fit.TrainingMatrix, Experiments.Labels.Binary(Rows.Select(r => r.Churn == "Yes")));
        File.WriteAllBytes(TreatmentPath, Treatment.ToOnnx());
        File.WriteAllText(PipelinePath, fit.Pipeline.ToJson());
        Pipeline = fit.Pipeline;
        Model = model;
    }

    public string Folder { get; }

    public string ModelPath => Path.Combine(Folder, "model.onnx");

    public string PipelinePath => Path.Combine(Folder, "feature_pipeline.json");

    public string TreatmentPath => Path.Combine(Folder, "treatment.onnx");

    public Experiments.ITrainedModel Treatment { get; }

    public Customer[] Rows { get; }

    public Features.FittedFeaturePipeline<Customer> Pipeline { get; }

    public Experiments.ITrainedModel Model { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>A scorer that waits, fails on demand, and counts calls and batch sizes.</summary>
public sealed class ControlledScorer(IRowScorer inner) : IRowScorer
{
    public int Width => inner.Width;

    public double? DeclaredThreshold => inner.DeclaredThreshold;

    public TimeSpan Delay { get; set; }

    public bool Fail { get; set; }

    public int Calls;

    public List<int> BatchSizes { get; } = [];

    public float[] Score(float[] features, int rows)
    {
        System.Threading.Interlocked.Increment(ref Calls);
        lock (BatchSizes)
        {
            BatchSizes.Add(rows);
        }

        if (Delay > TimeSpan.Zero)
        {
            System.Threading.Thread.Sleep(Delay);
        }

        return Fail ? throw new InvalidOperationException("the model crashed") : inner.Score(features, rows);
    }
}

/// <summary>An in-process server (TestServer) hosting the churn service as an application would.</summary>
public sealed class ServedApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly List<ControlledScorer> _scorers;

    private ServedApp(WebApplication app, List<ControlledScorer> scorers, bool kestrel)
    {
        _app = app;
        _scorers = scorers;
        Client = kestrel ? new HttpClient { BaseAddress = new Uri(app.Urls.First()) } : app.GetTestClient();
    }

    /// <summary>Stops the host (graceful shutdown: the server stops accepting, in-flight requests finish).</summary>
    public Task StopAsync() => _app.StopAsync();

    public HttpClient Client { get; }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The first scorer loaded (the serving model's), when controlled.</summary>
    public ControlledScorer? Scorer => Scorers.FirstOrDefault();

    /// <summary>Every scorer loaded, oldest first (A/B and canary arms after the serving model's).</summary>
    public IReadOnlyList<ControlledScorer> Scorers
    {
        get
        {
            lock (_scorers)
            {
                return [.. _scorers];
            }
        }
    }

    public ModelService<Customer> Service => _app.Services.GetRequiredKeyedService<ModelService<Customer>>("Churn");

    public static Task<ServedApp> StartAsync(TrainedModel model, Action<ServingOptions>? configure = null, bool controlled = false, bool fallback = true, bool kestrel = false) =>
        StartAsync(model.ModelPath, model.PipelinePath, configure, controlled, fallback, kestrel);

    public static async Task<ServedApp> StartAsync(string modelPath, string pipelinePath, Action<ServingOptions>? configure = null, bool controlled = false, bool fallback = true, bool kestrel = false,
        Func<IRowScorer, IRowScorer>? wrap = null)
    {
        var builder = WebApplication.CreateBuilder();
        if (kestrel)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Logging.ClearProviders();
        var scorers = new List<ControlledScorer>();
        builder.Services.AddMlService("Churn", Customer.Features, MlTask.BinaryClassification, o =>
        {
            o.ModelPath = modelPath;
            o.PipelinePath = pipelinePath;
            o.ModelVersion = "EXP-2026-11-26-001";
            o.Timeout = TimeSpan.FromSeconds(5);
            configure?.Invoke(o);
        }, fallback ? Customer.Rules : null);
        if (wrap is not null)
        {
            builder.Services.AddSingleton<ScorerFactory>(_ => (path, task, width) => wrap(new OnnxScorer(path, task, width)));
        }
        else if (controlled)
        {
            builder.Services.AddSingleton<ScorerFactory>(_ => (path, task, width) =>
            {
                var scorer = new ControlledScorer(new OnnxScorer(path, task, width));
                lock (scorers)
                {
                    scorers.Add(scorer);
                }

                return scorer;
            });
        }

        var app = builder.Build();
        app.MapMlService<Customer>("Churn", "/churn");
        await app.StartAsync();
        await app.Services.GetRequiredKeyedService<ModelService<Customer>>("Churn").WhenLoaded;
        return new ServedApp(app, scorers, kestrel);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A customer as a predict request.</summary>
internal static class Requests
{
    public static System.Text.Json.Nodes.JsonObject Json(Customer c) => new()
    {
        ["tenure"] = c.Tenure, ["contract"] = c.Contract, ["internet_service"] = c.InternetService,
        ["monthly_charges"] = c.MonthlyCharges, ["paperless_billing"] = c.PaperlessBilling, ["total_charges"] = c.TotalCharges,
    };

    public static StringContent Content(Customer c) => new(Json(c).ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
