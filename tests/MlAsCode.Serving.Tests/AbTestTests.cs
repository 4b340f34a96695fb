using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace MlAsCode.Serving.Tests;

public sealed class AbTestTests(TrainedModel model) : IClassFixture<TrainedModel>
{
    private static StringContent Row(Customer c) => Requests.Content(c);

    private AbTestOptions Test(double percent) => new()
    {
        Name = "lgbm-vs-logistic",
        TreatmentPercent = percent,
        KeyHeader = "X-Customer",
        ControlVersion = "EXP-A",
        TreatmentVersion = "EXP-B",
        TreatmentModelPath = model.TreatmentPath,
        GuardrailMetrics = ["latency_p99"],
        PlannedDays = 14,
    };

    [Theory]
    [InlineData(50.0)]
    [InlineData(5.0)]
    public void Assignment_splits_keys_by_the_declared_share_and_never_changes_for_a_key(double percent)
    {
        var test = Test(percent);
        var keys = Enumerable.Range(0, 20_000).Select(i => $"customer-{i}").ToArray();
        var arms = keys.Select(test.Assign).ToArray();
        var share = arms.Count(a => a == "treatment") * 100.0 / keys.Length;
        Assert.InRange(share, percent - 1.5, percent + 1.5);
        Assert.Equal(arms, keys.Select(test.Assign));
        Assert.Equal("control", test.Assign(null));
        Assert.Equal("control", test.Assign(""));
        // Another test splits the same keys independently.
        var other = Test(percent);
        other.Name = "another-test";
        Assert.NotEqual(arms, keys.Select(other.Assign));
    }

    [Fact]
    public async Task Each_arm_answers_with_its_own_model_and_the_arm_is_returned_and_logged()
    {
        var log = System.IO.Path.Combine(model.Folder, $"ab-{Guid.NewGuid():N}.jsonl");
        var test = Test(50);
        var seen = new Dictionary<string, string>();
        await using (var app = await ServedApp.StartAsync(model, o => { o.AbTest = test; o.PredictionLogPath = log; }))
        {
            for (var i = 0; i < 40; i++)
            {
                var customer = model.Rows[i];
                for (var repeat = 0; repeat < 2; repeat++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/churn/predict") { Content = Row(customer) };
                    request.Headers.Add("X-Customer", $"customer-{i}");
                    var body = JsonNode.Parse(await (await app.Client.SendAsync(request)).Content.ReadAsStringAsync())!;
                    var arm = body["arm"]!.GetValue<string>();
                    Assert.Equal(test.Assign($"customer-{i}"), arm);
                    Assert.True(seen.TryAdd($"customer-{i}", arm) || seen[$"customer-{i}"] == arm, "the same key got two arms");
                    var expected = (arm == "treatment" ? model.Treatment : model.Model).Predict(model.Pipeline.TransformBatch([customer]))[0];
                    Assert.Equal(expected, body["probability"]!.GetValue<double>(), 5);
                    Assert.Equal(arm == "treatment" ? "EXP-B" : "EXP-A", body["model_version"]!.GetValue<string>());
                }
            }

            var anonymous = JsonNode.Parse(await (await app.Client.PostAsync("/churn/predict", Row(model.Rows[0]))).Content.ReadAsStringAsync())!;
            Assert.Equal("control", anonymous["arm"]!.GetValue<string>());
        }

        Assert.Contains("treatment", seen.Values);
        Assert.Contains("control", seen.Values);
        var lines = System.IO.File.ReadAllLines(log).Select(l => JsonNode.Parse(l)!).ToArray();
        Assert.Equal(81, lines.Length);
        Assert.All(lines, l => Assert.Equal(l["arm"]!.GetValue<string>() == "treatment" ? "EXP-B" : "EXP-A", l["model_version"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_missing_treatment_model_keeps_the_service_not_ready()
    {
        var test = Test(50);
        test.TreatmentModelPath = "/nowhere/treatment.onnx";
        await using var app = await ServedApp.StartAsync(model, o => o.AbTest = test);
        Assert.False(app.Service.IsReady);
        Assert.Contains("AbTest:TreatmentModelPath", app.Service.NotReadyReason);
    }
}
