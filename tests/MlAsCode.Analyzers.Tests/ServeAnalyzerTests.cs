using System.Threading.Tasks;
using Verify = MlAsCode.Analyzers.Tests.AnalyzerVerifier<MlAsCode.Analyzers.Serving.ServeAnalyzer>;

namespace MlAsCode.Analyzers.Tests;

public class ServeAnalyzerTests
{
    private static string Code(string service, string latency = "LatencyClass.RealTime") => $$"""
        using MlAsCode;

        [MlProblem("churn", Task = MlTask.BinaryClassification, Latency = {{latency}})]
        public partial class Churn;

        [FeatureSet(Entity = "customer", Problem = typeof(Churn))]
        public partial record Customer
        {
            [Target(Positive = "Yes")] public string Label { get; init; } = "";
            [Feature] public float Tenure { get; init; }
        }

        {{service}}
        """;

    [Fact]
    public Task A_served_model_with_a_fitting_fallback_and_timeout_has_no_diagnostics() => Verify.VerifyAsync(Code("""
        [Serve(typeof(Churn), Route = "/churn", TimeoutMs = 80)]
        [Monitor]
        [Fallback(nameof(Rules))]
        public static partial class ChurnService
        {
            static double Rules(Customer c) => c.Tenure < 6 ? 0.8 : 0.1;
        }
        """));

    [Fact]
    public Task ML0502_no_fallback_is_reported_on_serve() => Verify.VerifyAsync(Code("""
        [{|#0:Serve|}(typeof(Churn), Route = "/churn")]
        [Monitor]
        public static partial class ChurnService;
        """),
        Verify.Diagnostic(DiagnosticDescriptors.ServedWithoutFallback).WithLocation(0).WithArguments("ChurnService", "has no [Fallback]", "Customer"));

    [Fact]
    public Task ML0502_a_fallback_that_does_not_fit_the_feature_set_is_reported_on_its_name() => Verify.VerifyAsync(Code("""
        [Serve(typeof(Churn), Route = "/churn")]
        [Monitor]
        [Fallback({|#0:nameof(Rules)|})]
        public static partial class ChurnService
        {
            static string Rules(Customer c) => "yes";
        }

        [Serve(typeof(Churn), Route = "/other")]
        [Monitor]
        [Fallback({|#1:"Missing"|})]
        public static partial class OtherService;
        """),
        Verify.Diagnostic(DiagnosticDescriptors.ServedWithoutFallback).WithLocation(0).WithArguments("ChurnService", "names 'Rules', which is not static double Rules(Customer)", "Customer"),
        Verify.Diagnostic(DiagnosticDescriptors.ServedWithoutFallback).WithLocation(1).WithArguments("OtherService", "names 'Missing', which is not a method of OtherService", "Customer"));

    [Theory]
    [InlineData("LatencyClass.RealTime", 250, "real-time", "under 100 ms")]
    [InlineData("LatencyClass.NearRealTime", 1500, "near-real-time", "under 1 s")]
    public Task ML0504_a_timeout_beyond_the_latency_class_is_reported(string latency, int timeout, string name, string promise) => Verify.VerifyAsync(Code($$"""
        [Serve(typeof(Churn), Route = "/churn", {|#0:TimeoutMs = {{timeout}}|})]
        [Monitor]
        [Fallback(nameof(Rules))]
        public static partial class ChurnService
        {
            static double Rules(Customer c) => 0.1;
        }
        """, latency),
        Verify.Diagnostic(DiagnosticDescriptors.TimeoutBeyondLatencyClass).WithLocation(0).WithArguments("ChurnService", timeout, "Churn", name, promise));

    [Fact]
    public Task ML0504_is_silent_for_batch_problems() => Verify.VerifyAsync(Code("""
        [Serve(typeof(Churn), Route = "/churn", TimeoutMs = 30000)]
        [Monitor]
        [Fallback(nameof(Rules))]
        public static partial class ChurnService
        {
            static double Rules(Customer c) => 0.1;
        }
        """, "LatencyClass.Batch"));

    [Fact]
    public Task ML0503_an_ab_test_without_guardrails_or_a_week_is_reported() => Verify.VerifyAsync(Code("""
        [Serve(typeof(Churn), Route = "/churn")]
        [Monitor]
        [Fallback(nameof(Rules))]
        [{|#0:AbTest|}("trees-vs-mlp", TreatmentPercent = 50, {|#1:PlannedDays = 3|})]
        public static partial class ChurnService
        {
            static double Rules(Customer c) => 0.1;
        }

        [Serve(typeof(Churn), Route = "/other")]
        [Monitor]
        [Fallback(nameof(Rules))]
        [AbTest("canary", TreatmentPercent = 5, GuardrailMetrics = new[] { "latency_p99", "error_rate" }, PlannedDays = 14)]
        public static partial class OtherService
        {
            static double Rules(Customer c) => 0.1;
        }
        """),
        Verify.Diagnostic(DiagnosticDescriptors.AbTestWithoutGuardrails).WithLocation(0).WithArguments("trees-vs-mlp",
            "declares no guardrail metrics: add GuardrailMetrics = new[] { \"latency_p99\", \"error_rate\" } (metrics that must not degrade)"),
        Verify.Diagnostic(DiagnosticDescriptors.AbTestWithoutGuardrails).WithLocation(1).WithArguments("trees-vs-mlp",
            "is planned for 3 days: plan at least 7 so weekly cycles do not decide the test"));

    [Fact]
    public Task ML0501_a_served_model_without_monitor_is_reported_on_serve() => Verify.VerifyAsync(Code("""
        [{|#0:Serve|}(typeof(Churn), Route = "/churn")]
        [Fallback(nameof(Rules))]
        public static partial class ChurnService
        {
            static double Rules(Customer c) => 0.1;
        }
        """),
        Verify.Diagnostic(DiagnosticDescriptors.ServedWithoutMonitor).WithLocation(0).WithArguments("ChurnService"));

    [Fact]
    public Task A_served_rag_pipeline_needs_neither_a_drift_monitor_nor_fallback_rules() => Verify.VerifyAsync(Code("""
        [RagPipeline("docs")]
        [Serve(Route = "/docs")]
        public static partial class DocsAssistant;
        """));

    [Fact]
    public Task A_serve_without_a_rag_pipeline_is_still_checked() => Verify.VerifyAsync(Code("""
        [{|#0:Serve|}(typeof(Churn), Route = "/churn")]
        [Fallback(nameof(Rules))]
        public static partial class ChurnService
        {
            static double Rules(Customer c) => 0.1;
        }

        [RagPipeline("docs")]
        public static partial class DocsAssistant;
        """),
        Verify.Diagnostic(DiagnosticDescriptors.ServedWithoutMonitor).WithLocation(0).WithArguments("ChurnService"));

    [Fact]
    public Task ML0505_serve_without_a_problem_on_a_class_that_is_not_a_rag_pipeline_is_reported() => Verify.VerifyAsync(Code("""
        [{|#0:Serve|}(Route = "/churn")]
        public static partial class ChurnService;
        """),
        Verify.Diagnostic(DiagnosticDescriptors.ServeWithoutProblem).WithLocation(0).WithArguments("ChurnService"));

    private static readonly System.Type Runtime = typeof(global::MlAsCode.Features.FeatureSetDefinition<>);
    private static readonly System.Type Serving = typeof(global::MlAsCode.Serving.ServingExtensions);
    private static readonly System.Type Rag = typeof(global::MlAsCode.Rag.Pipeline.RagEngine);
    private static readonly System.Type RagServing = typeof(global::MlAsCode.Rag.Serving.RagServiceExtensions);

    private const string ServedModel = """
        [{|#0:Serve|}(typeof(Churn), Route = "/churn", TimeoutMs = 80)]
        [Monitor]
        [Fallback(nameof(Rules))]
        public static partial class ChurnService
        {
            static double Rules(Customer c) => c.Tenure < 6 ? 0.8 : 0.1;
        }
        """;

    private const string ServedPipeline = """
        [RagPipeline("docs")]
        [{|#0:Serve|}(Route = "/docs")]
        public static partial class DocsAssistant;
        """;

    [Fact]
    public async Task ML0506_a_served_model_in_a_project_with_the_runtime_but_not_the_serving_package_is_reported()
    {
        await Verify.VerifyWithPackagesAsync(Code(ServedModel), [Runtime],
            Verify.Diagnostic(DiagnosticDescriptors.ServedWithoutServingPackage).WithLocation(0).WithArguments("ChurnService", "MlAsCode.Serving", "ChurnService"));
        await Verify.VerifyWithPackagesAsync(Code(ServedModel), [Runtime, Serving]);
        // The attributes alone: nothing is generated, nothing is said.
        await Verify.VerifyAsync(Code(ServedModel));
    }

    [Fact]
    public async Task ML0506_a_served_rag_pipeline_without_the_rag_serving_package_is_reported()
    {
        await Verify.VerifyWithPackagesAsync(Code(ServedPipeline), [Rag],
            Verify.Diagnostic(DiagnosticDescriptors.ServedWithoutServingPackage).WithLocation(0).WithArguments("DocsAssistant", "MlAsCode.Rag.Serving", "DocsAssistant"));
        await Verify.VerifyWithPackagesAsync(Code(ServedPipeline), [Rag, RagServing]);
        // A model's serving package does not serve a pipeline.
        await Verify.VerifyWithPackagesAsync(Code(ServedPipeline), [Runtime, Serving, Rag],
            Verify.Diagnostic(DiagnosticDescriptors.ServedWithoutServingPackage).WithLocation(0).WithArguments("DocsAssistant", "MlAsCode.Rag.Serving", "DocsAssistant"));
    }
}
