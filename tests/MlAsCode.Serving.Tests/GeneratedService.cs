using System;
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
