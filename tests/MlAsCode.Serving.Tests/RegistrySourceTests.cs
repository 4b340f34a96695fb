using System;
using System.IO;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlAsCode.Registry;

namespace MlAsCode.Serving.Tests;

public sealed class RegistrySourceTests(TrainedModel model) : IClassFixture<TrainedModel>
{
    [Fact]
    public async Task A_service_serves_the_registrys_production_version_and_refuses_a_tampered_file()
    {
        var folder = Path.Combine(model.Folder, "registry-" + Guid.NewGuid().ToString("N"));
        var database = Path.Combine(folder, "registry.db");
        var registry = new SqliteModelRegistry(database, policy: new PromotionPolicy { RequiredChecks = [] });
        var version = await registry.RegisterAsync(new ModelRegistration
        {
            Model = "churn", OnnxPath = model.ModelPath, PipelinePath = model.PipelinePath, PrimaryMetric = new ModelMetric("pr_auc", 0.66),
            Lineage = new ModelLineage("run-1", new string('d', 64), ArtifactStore.Hash(File.ReadAllBytes(model.PipelinePath)), "test"),
        });
        await registry.PromoteToStagingAsync("churn", version.Version, "ana", "first");
        await registry.PromoteToProductionAsync("churn", version.Version, "ana", "first");

        void FromRegistry(ServingOptions o) => (o.ModelPath, o.PipelinePath, o.Registry) = ("", "", new RegistrySource { Model = "churn", Path = database });
        await using (var app = await ServedApp.StartAsync(model, FromRegistry))
        {
            var ready = JsonNode.Parse(await app.Client.GetStringAsync("/ready"))!;
            Assert.Equal("1.0.0", ready["services"]!["Churn"]!["model_version"]!.GetValue<string>());
            var answer = JsonNode.Parse(await (await app.Client.PostAsync("/churn/predict", Requests.Content(model.Rows[0]))).Content.ReadAsStringAsync())!;
            Assert.Equal(("model", "1.0.0"), (answer["source"]!.GetValue<string>(), answer["model_version"]!.GetValue<string>()));
        }

        var stored = registry.Artifacts.PathOf(version.OnnxSha256);
        var bytes = File.ReadAllBytes(stored);
        bytes[^10] ^= 0x5A;
        File.WriteAllBytes(stored, bytes);
        await using (var app = await ServedApp.StartAsync(model, FromRegistry))
        {
            using var response = await app.Client.GetAsync("/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var reason = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["services"]!["Churn"]!["reason"]!.GetValue<string>();
            Assert.Contains("Refusing to load the ONNX model of churn 1.0.0", reason, StringComparison.Ordinal);
            var fallback = JsonNode.Parse(await (await app.Client.PostAsync("/churn/predict", Requests.Content(model.Rows[0]))).Content.ReadAsStringAsync())!;
            Assert.Equal(("fallback", "not_loaded"), (fallback["source"]!.GetValue<string>(), fallback["fallback_reason"]!.GetValue<string>()));
        }
    }
}
