using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace MlAsCode.Serving.Tests;

[MlProblem("churn",
    BusinessObjective = "Cut monthly churn of subscription customers",
    SuccessMetric = "Reduce churn 15% within two quarters",
    Task = MlTask.BinaryClassification,
    PredictionTarget = "Customer cancels within 30 days",
    Consumer = PredictionConsumer.Api,
    Latency = LatencyClass.NearRealTime,
    Metric = Metric.PrAuc,
    PositiveRate = 0.265)]
[Baseline("Month-to-month contract and tenure < 6 months", Metric = Metric.PrAuc, Value = 0.41)]
[KillCriterion("Baseline heuristic achieves >90% of ML performance")]
public partial class ChurnProblem;

/// <summary>The service as a user declares it; the generator adds AddChurnService and MapChurnService.</summary>
[Serve(typeof(ChurnProblem), Features = typeof(Customer), Route = "/churn", TimeoutMs = 1000, RateLimitPerSecond = 1000, MaxBatchSize = 8, MaxBatchDelayMs = 1)]
[Fallback(nameof(Rules))]
[Monitor(DriftMethod.Psi, Warning = 0.1, Critical = 0.25, WindowSize = 500, IntervalSeconds = 30)]
[AbTest("lgbm-vs-logistic", Hypothesis = "Logistic regression keeps retention with less latency", Control = "1.2.0", Treatment = "1.3.0", TreatmentPercent = 5, KeyHeader = "X-Customer",
    GuardrailMetrics = new[] { "latency_p99", "error_rate" }, PrimaryMetric = "retention_rate", PlannedDays = 14)]
public static partial class ChurnService
{
    private static double Rules(Customer c) => Customer.Rules(c);
}

public sealed class GeneratedServiceTests(TrainedModel model) : IClassFixture<TrainedModel>
{
    [Fact]
    public async Task The_generated_methods_register_and_map_the_declared_service_configured_from_appsettings()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new System.Collections.Generic.Dictionary<string, string?>
        {
            ["MlAsCode:Serving:Churn:ModelPath"] = model.ModelPath,
            ["MlAsCode:Serving:Churn:PipelinePath"] = model.PipelinePath,
            ["MlAsCode:Serving:Churn:ModelVersion"] = "1.2.0",
            ["MlAsCode:Serving:Churn:AbTest:TreatmentModelPath"] = model.TreatmentPath,
        });
        builder.AddChurnService();
        await using var app = builder.Build();
        app.MapChurnService();
        await app.StartAsync();
        var service = Keyed(app);
        await service.WhenLoaded;

        Assert.Equal("Churn", ChurnService.ServiceName);
        Assert.Equal((TimeSpan.FromMilliseconds(1000), 1000, 8), (service.Options.Timeout, service.Options.RateLimitPerSecond, service.Options.MaxBatchSize));
        Assert.True(service.HasFallback);
        var test = service.AbTest!;
        Assert.Equal(("lgbm-vs-logistic", 5.0, "X-Customer", "1.2.0", "1.3.0", 14), (test.Name, test.TreatmentPercent, test.KeyHeader, test.ControlVersion, test.TreatmentVersion, test.PlannedDays));
        Assert.Equal(["latency_p99", "error_rate"], test.GuardrailMetrics);
        Assert.Equal("Logistic regression keeps retention with less latency", test.Hypothesis);
        Assert.Equal(model.TreatmentPath, test.TreatmentModelPath);
        var monitor = service.Options.Monitor!;
        Assert.Equal(("psi", 0.1, 0.25, 500, TimeSpan.FromSeconds(30)), (monitor.Method, monitor.Warning, monitor.Critical, monitor.WindowSize, monitor.Interval));
        Assert.NotNull(service.Monitor);
        var client = app.GetTestClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ready")).StatusCode);
        var customer = model.Rows[3];
        var row = new JsonObject
        {
            ["tenure"] = customer.Tenure, ["contract"] = customer.Contract, ["internet_service"] = customer.InternetService,
            ["monthly_charges"] = customer.MonthlyCharges, ["paperless_billing"] = customer.PaperlessBilling, ["total_charges"] = customer.TotalCharges,
        };
        var body = JsonNode.Parse(await (await client.PostAsync("/churn/predict", new StringContent(row.ToJsonString(), Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync())!;
        Assert.True(body["source"]!.GetValue<string>() == "model", body.ToJsonString());
        Assert.Equal("1.2.0", body["model_version"]!.GetValue<string>());
        Assert.Equal(model.Model.Predict(model.Pipeline.TransformBatch([customer]))[0], body["probability"]!.GetValue<double>(), 5);
        await app.StopAsync();
    }

    private static ModelService<Customer> Keyed(WebApplication app) =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions.GetRequiredKeyedService<ModelService<Customer>>(app.Services, "Churn");
}

public sealed class DeploymentFilesTests
{
    [Fact]
    public void The_generated_service_writes_a_multi_stage_non_root_dockerfile_with_a_health_check_and_probed_kubernetes_manifests()
    {
        var deployment = ChurnService.Deployment;
        Assert.Equal(("Churn", "/churn", "MlAsCode.Serving.Tests"), (deployment.ServiceName, deployment.Route, deployment.AssemblyName));
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlac-deploy-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = deployment.WriteTo(folder, "src/App/App.csproj", "out/model", "churn-model:1.2.0", ["serve"], "1.2.0");
            var dockerfile = System.IO.File.ReadAllText(files[0]);
            var lines = dockerfile.Split('\n');
            Assert.Equal(["FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", "FROM mcr.microsoft.com/dotnet/aspnet:10.0"], lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
            Assert.Contains("COPY --from=build /app/publish .", lines);
            Assert.Contains("RUN dotnet publish \"src/App/App.csproj\" -c Release -o /app/publish", lines);
            Assert.Contains("USER app", lines);
            Assert.True(Array.IndexOf(lines, "USER app") > Array.FindIndex(lines, l => l.StartsWith("COPY \"out/model/\"", StringComparison.Ordinal)), "the user switches after the files are copied");
            Assert.Contains("HEALTHCHECK --interval=30s --timeout=5s CMD curl -f http://localhost:8080/health || exit 1", lines);
            Assert.Contains("    MlAsCode__Serving__Churn__ModelPath=/app/model/model.onnx \\", lines);
            Assert.Equal("ENTRYPOINT [\"dotnet\", \"MlAsCode.Serving.Tests.dll\", \"serve\"]", lines.Last(l => l.Length > 0));

            var manifest = System.IO.File.ReadAllText(files[1]);
            Assert.Contains("kind: Deployment", manifest);
            Assert.Contains("kind: Service", manifest);
            Assert.Contains("          livenessProbe:\n            httpGet: {path: /health, port: 8080}", manifest);
            Assert.Contains("          readinessProbe:\n            httpGet: {path: /ready, port: 8080}", manifest);
            Assert.Contains("      securityContext: {runAsNonRoot: true, runAsUser: 1654}", manifest);
            Assert.Contains("          image: churn-model:1.2.0", manifest);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
