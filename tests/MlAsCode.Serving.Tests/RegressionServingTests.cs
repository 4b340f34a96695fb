using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlAsCode.Experiments;
using MlAsCode.Monitoring;
using MlAsCode.Training.Trainers;

namespace MlAsCode.Serving.Tests;

/// <summary>A house sale in a county export's names, with one policy per categorical feature for levels the training
/// data never had (a generated table).</summary>
[FeatureSet(Entity = "house")]
public partial record HouseSale
{
    [Target(Transform = TargetTransform.Log)] [Column("Sale_Price")] public float SalePrice { get; init; }

    [Feature(Transform.Standardize)] [Column("Gr_Liv_Area")] public float LivingArea { get; init; }

    [Feature(Transform.OneHot)] public string Neighborhood { get; init; } = "";

    [Feature(Transform.OneHot, Unknown = UnknownCategory.Error)] [Column("MS_Zoning")] public string Zoning { get; init; } = "";

    [Feature(Transform.TargetEncode, Folds = 5, Unknown = UnknownCategory.Fallback)] [Column("Bldg_Type")] public string BuildingType { get; init; } = "";
}

[MlProblem("house_sales", BusinessObjective = "Appraise houses", SuccessMetric = "MAE", Task = MlTask.Regression,
    PredictionTarget = "Sale price", Metric = Metric.Mae)]
[Baseline(BaselineKind.GroupMedian, GroupBy = nameof(HouseSale.Neighborhood))]
[KillCriterion("Baseline heuristic achieves >90% of ML performance")]
public partial class HouseSales;

/// <summary>A log-target regression served over real HTTP: answers in dollars, request fields named by the contract,
/// unknown categories counted in the answer and on /monitoring and handled by each feature's policy.</summary>
public sealed class RegressionServingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlac-house-" + Guid.NewGuid().ToString("N"));

    public RegressionServingTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string WriteSales(string path, int rows = 900, int seed = 17)
    {
        var random = new Random(seed);
        string[] hoods = ["NAmes", "CollgCr", "OldTown", "Edwards"];
        string[] zoning = ["RL", "RM"];
        string[] types = ["1Fam", "TwnhsE", "Duplex"];
        var csv = new StringBuilder("Sale_Price,Gr_Liv_Area,Neighborhood,MS_Zoning,Bldg_Type\n");
        for (var i = 0; i < rows; i++)
        {
            var (h, z, t) = (random.Next(hoods.Length), random.Next(zoning.Length), random.Next(types.Length));
            var area = 700 + (random.NextDouble() * 2000);
            var price = Math.Exp(11 + (0.0005 * area) + (0.12 * h) - (0.1 * z) + (0.05 * t) + ((random.NextDouble() - 0.5) * 0.2));
            csv.Append(CultureInfo.InvariantCulture, $"{price:0},{area:0},{hoods[h]},{zoning[z]},{types[t]}\n");
        }

        File.WriteAllText(path, csv.ToString());
        return path;
    }

    private static JsonObject Request(HouseSale h) => new()
    {
        ["Gr_Liv_Area"] = h.LivingArea, ["neighborhood"] = h.Neighborhood, ["MS_Zoning"] = h.Zoning, ["Bldg_Type"] = h.BuildingType,
    };

    [Fact]
    public async Task A_log_target_model_answers_in_dollars_and_counts_and_handles_unknown_categories_by_policy()
    {
        var csv = WriteSales(Path.Combine(_folder, "houses.csv"));
        HouseSale[] rows = [.. HouseSale.ReadCsv(csv)];
        var run = Path.Combine(_folder, "run");
        var settings = new ExperimentSettings { Id = "EXP-2026-12-08-020", Split = SplitStrategy.Random, Folds = 3, Seed = 4, Resamples = 100 };
        await new ExperimentRunner<HouseSale>(settings, HouseSales.Brief, HouseSale.Features, new MlNetTrainer(ModelFamily.Linear, MlTask.Regression, 4))
            .RunAsync(rows, new ExperimentRunOptions { OutputDirectory = run });
        var (modelPath, pipelinePath) = (Path.Combine(run, "model.onnx"), Path.Combine(run, "feature_pipeline.json"));
        // The run wrote the monitor's reference profile: the training part's inputs under their field names and the
        // model's predictions in dollars — what ONNX Runtime gives for the same rows, as served.
        var profile = Path.Combine(run, "reference_profile.json");
        var written = ReferenceProfile.Load(profile);
        Assert.Equal(["Bldg_Type", "Gr_Liv_Area", "MS_Zoning", "neighborhood"], written.Columns.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.InRange(written.Predictions.Average(), rows.Average(r => r.SalePrice) * 0.8, rows.Average(r => r.SalePrice) * 1.2);
        var train = HouseSale.Features.Split(rows, new Splitting.SplitOptions { Strategy = settings.Split, TestFraction = settings.TestFraction, Seed = settings.Seed }).Train;
        var served = ReferenceProfiles.Create(HouseSale.Features, train, MlTask.Regression, modelPath, pipelinePath, settings.Seed);
        Assert.Equal(served.Predictions.Length, written.Predictions.Length);
        Assert.All(served.Predictions.Zip(written.Predictions), p => Assert.Equal(p.First, p.Second, p.First * 1e-4));
        var log = Path.Combine(_folder, "predictions.jsonl");

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddMlService("Houses", HouseSale.Features, MlTask.Regression, o =>
        {
            (o.ModelPath, o.PipelinePath, o.ModelVersion, o.PredictionLogPath) = (modelPath, pipelinePath, "1.0.0", log);
            o.Monitor = new MonitorOptions { ReferenceProfilePath = profile, WindowSize = 1000, MinimumPredictions = 20, Interval = TimeSpan.FromHours(1) };
        }, fallback: _ => 150_000);
        await using var app = builder.Build();
        app.MapMlService<HouseSale>("Houses", "/houses");
        await app.StartAsync();
        var service = app.Services.GetRequiredKeyedService<ModelService<HouseSale>>("Houses");
        await service.WhenLoaded;
        using var client = app.GetTestClient();
        async Task<(HttpStatusCode Status, JsonNode Body)> Post(string path, JsonNode body)
        {
            using var response = await client.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }

        // One naming contract: [Column] names where declared, the property's snake_case otherwise.
        Assert.Equal(["Gr_Liv_Area", "neighborhood", "MS_Zoning", "Bldg_Type"], service.Reader.Fields.Select(f => f.Name));

        // Known rows: answers in dollars, as the served scorer turns the log back (exp of the model's raw output).
        var known = rows.Take(40).ToArray();
        var (status, body) = await Post("/houses/predict/batch", new JsonArray([.. known.Select(r => (JsonNode)Request(r))]));
        Assert.Equal(HttpStatusCode.OK, status);
        var scores = body["predictions"]!.AsArray().Select(p => p!["score"]!.GetValue<double>()).ToArray();
        Assert.All(scores.Zip(known), p => Assert.InRange(p.First / p.Second.SalePrice, 0.7, 1.4));
        Assert.Null(body["unknown_category_counts"]);
        using (var scorer = new OnnxScorer(modelPath, MlTask.Regression, HouseSale.Features.LoadFile(pipelinePath).Width))
        {
            Assert.Equal(TargetTransform.Log, scorer.TargetTransform);
        }

        // Allow: a neighbourhood never seen is scored, and said.
        (status, body) = await Post("/houses/predict", Request(known[0] with { Neighborhood = "Atlantis" }));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("model", "Atlantis"), (body["source"]!.GetValue<string>(), body["unknown_categories"]!["neighborhood"]!.GetValue<string>()));

        // Error: a zoning never seen is refused, naming the field.
        (status, body) = await Post("/houses/predict", Request(known[0] with { Zoning = "XX" }));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'XX' is a category the training data never had (2 known levels)", body["errors"]!["MS_Zoning"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        // Fallback: a building type never seen is answered by the fallback.
        (status, body) = await Post("/houses/predict", Request(known[0] with { BuildingType = "Castle" }));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("fallback", "unknown_category", 150_000.0), (body["source"]!.GetValue<string>(), body["fallback_reason"]!.GetValue<string>(), body["score"]!.GetValue<double>()));
        Assert.Equal("Castle", body["unknown_categories"]!["Bldg_Type"]!.GetValue<string>());

        // A batch counts its rows with unknown categories per field.
        (status, body) = await Post("/houses/predict/batch", new JsonArray(Request(known[1] with { Neighborhood = "Atlantis" }), Request(known[2] with { Neighborhood = "Lemuria" }), Request(known[3])));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body["unknown_category_counts"]!["neighborhood"]!.GetValue<int>());

        // /monitoring counts them over the window: 3 of 45 logged requests (the refused one is not logged) is past the 5% limit, a warning.
        for (var i = 0; i < 200 && (!File.Exists(log) || File.ReadLines(log).Count() < 45); i++)
        {
            await Task.Delay(20);
        }

        using var monitoring = await client.GetAsync("/monitoring?check=true");
        var state = JsonNode.Parse(await monitoring.Content.ReadAsStringAsync())!["Houses"]!;
        Assert.Equal(45, state["predictions"]!.GetValue<int>());
        Assert.Equal((3, 1), (state["unknown_categories"]!["neighborhood"]!.GetValue<int>(), state["unknown_categories"]!["Bldg_Type"]!.GetValue<int>()));
        var finding = state["findings"]!.AsArray().Single(f => f!["kind"]!.GetValue<string>() == "unknown_categories");
        Assert.Equal(("neighborhood", "warning"), (finding!["subject"]!.GetValue<string>(), finding["severity"]!.GetValue<string>()));
        // The counter on /metrics: one per request with a category never seen, by field.
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Matches(@"mlascode_serving_unknown_categories_total\{[^}]*field=""neighborhood""[^}]*\} 3\b", metrics);
        await app.StopAsync();

        // The training CSV (Neighborhood) and the log (neighborhood) are one table through the feature set's names.
        var drift = DriftFile.CompareCsv(csv, log, names: HouseSale.Features.Names);
        Assert.Equal(["Bldg_Type", "Gr_Liv_Area", "MS_Zoning", "neighborhood"], drift.Columns.Select(c => c.Column).Order(StringComparer.Ordinal));
    }
}
