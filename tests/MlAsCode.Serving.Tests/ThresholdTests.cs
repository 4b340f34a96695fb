using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlAsCode.Experiments;

namespace MlAsCode.Serving.Tests;

/// <summary>The served label uses the threshold the experiment evaluated the model at (carried in the ONNX metadata),
/// unless the service is configured with another.</summary>
public sealed class ThresholdTests(TrainedModel model) : IClassFixture<TrainedModel>
{
    [Fact]
    public async Task The_label_follows_the_models_declared_threshold_and_configuration_overrides_it()
    {
        var path = Path.Combine(model.Folder, $"threshold-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, OnnxMetadata.With(model.Model.ToOnnx(), [new(OnnxMetadata.DecisionThreshold, "0.3")]));

        // Customers the model gives between 0.3 and 0.5: positive at 0.3, negative at the default 0.5.
        var probabilities = model.Model.Predict(model.Pipeline.TransformBatch(model.Rows));
        var between = model.Rows.Where((_, i) => probabilities[i] is >= 0.32f and < 0.48f).Take(5).ToArray();
        Assert.Equal(5, between.Length);

        await using (var declared = await ServedApp.StartAsync(path, model.PipelinePath))
        {
            Assert.Equal(0.3, declared.Service.Threshold);
            foreach (var customer in between)
            {
                var body = JsonNode.Parse(await (await declared.Client.PostAsync("/churn/predict", Requests.Content(customer))).Content.ReadAsStringAsync())!;
                Assert.InRange(body["probability"]!.GetValue<double>(), 0.3, 0.5);
                Assert.True(body["label"]!.GetValue<bool>());
            }
        }

        await using var configured = await ServedApp.StartAsync(path, model.PipelinePath, o => o.Threshold = 0.5);
        Assert.Equal(0.5, configured.Service.Threshold);
        var answer = JsonNode.Parse(await (await configured.Client.PostAsync("/churn/predict", Requests.Content(between[0]))).Content.ReadAsStringAsync())!;
        Assert.False(answer["label"]!.GetValue<bool>());

        // A model without the metadata answers at 0.5.
        await using var plain = await ServedApp.StartAsync(model);
        Assert.Equal(0.5, plain.Service.Threshold);
    }
}
