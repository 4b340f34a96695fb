using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MlAsCode.Experiments;
using MlAsCode.Registry;
using MlAsCode.Serving;

namespace Churn;

/// <summary>The sample's registry workflow: register, then promote only as far as the methodology's criteria allow.</summary>
internal static class ChurnRegistry
{
    public const string Model = "churn";

    /// <summary>Registers the run's model and promotes it; returns what is in production afterwards.</summary>
    public static async Task<ModelVersion?> PromoteAsync(ModelRegistry registry, ExperimentReport report, string folder)
    {
        var onnx = Path.Combine(folder, "model.onnx");
        var pipeline = Path.Combine(folder, "feature_pipeline.json");
        Console.WriteLine();
        Console.WriteLine($"Model registry ({registry.Location}):");
        var current = await registry.GetProductionAsync(Model);
        if (current is not null && current.OnnxSha256 == ArtifactStore.Hash(File.ReadAllBytes(onnx)))
        {
            Console.WriteLine($"  {current} already serves this exact model (SHA-256 {current.OnnxSha256[..12]})");
            return current;
        }

        // The run's model, lineage, primary metric (PR-AUC), ROC-AUC as a guardrail, and its fairness and kill-criteria
        // outcomes with the declared overrides: a failed check without its override would block promotion.
        var version = await registry.RegisterAsync(report.ToRegistration(Model, "churn-sample", MlAsCode.Metric.RocAuc));
        Console.WriteLine($"  registered {version}, ONNX SHA-256 {version.OnnxSha256[..12]}…, run {version.Lineage.ExperimentRunId}");
        try
        {
            await registry.PromoteToStagingAsync(Model, version.Version, "churn-sample", "experiment verdict: " + report.Verdict);
            var (p99, budget) = LoadTest(onnx, pipeline);
            await registry.RecordCheckAsync(Model, version.Version, ModelChecks.LoadTest, p99 <= budget,
                FormattableString.Invariant($"p99 {p99:0.###} ms over 2,000 single-row ONNX calls (budget {budget} ms)"), "churn-sample");
            var (risky, loyal) = Golden(onnx, pipeline);
            await registry.RecordCheckAsync(Model, version.Version, ModelChecks.IntegrationTest, risky > loyal,
                FormattableString.Invariant($"new month-to-month fiber customer {risky:0.###} above a loyal two-year customer {loyal:0.###}"), "churn-sample");
            await registry.ApproveAsync(Model, version.Version, "churn-sample", "the sample approves its own model; a team records a person here");
            var promoted = await registry.PromoteToProductionAsync(Model, version.Version, "churn-sample", "sample lifecycle");
            Console.WriteLine($"  {promoted}: beat production offline, passed the load test, integration test and approval");
            return promoted;
        }
        catch (PromotionRefusedException refused)
        {
            Console.WriteLine($"  not promoted: {refused.Message}");
            return current;
        }
    }

    // Single-row latency through ONNX Runtime, as the served model will call it.
    private static (double P99, double Budget) LoadTest(string onnx, string pipelinePath)
    {
        var pipeline = Customer.Features.LoadFile(pipelinePath);
        using var scorer = new OnnxScorer(onnx, MlAsCode.MlTask.BinaryClassification, pipeline.Width);
        var features = new float[pipeline.Width];
        var latencies = new double[2000];
        for (var i = -200; i < latencies.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            scorer.Score(features, 1);
            if (i >= 0)
            {
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        Array.Sort(latencies);
        return (latencies[(int)(0.99 * latencies.Length)], 100);
    }

    private static (float Risky, float Loyal) Golden(string onnx, string pipelinePath)
    {
        var pipeline = Customer.Features.LoadFile(pipelinePath);
        using var scorer = new OnnxScorer(onnx, MlAsCode.MlTask.BinaryClassification, pipeline.Width);
        float Score(Customer c)
        {
            var features = new float[pipeline.Width];
            pipeline.Transform(c, features);
            return scorer.Score(features, 1)[0];
        }

        return (Score(new Customer { Contract = "Month-to-month", Tenure = 1, InternetService = "Fiber optic", MonthlyCharges = 95, TotalCharges = 95, PaperlessBilling = true, PaymentMethod = "Electronic check" }),
            Score(new Customer { Contract = "Two year", Tenure = 70, InternetService = "DSL", MonthlyCharges = 50, TotalCharges = 3500, Partner = true, Dependents = true, PaymentMethod = "Bank transfer (automatic)" }));
    }
}
