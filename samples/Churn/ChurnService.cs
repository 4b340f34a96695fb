using MlAsCode;

namespace Churn;

/// <summary>
/// Serving (Phase 5): the generator adds builder.AddChurnService() and app.MapChurnService() — POST /churn/predict,
/// POST /churn/predict/batch, GET /health, GET /ready — over the LightGBM model's ONNX file and the fitted feature
/// pipeline, with a 100 ms timeout, 500 requests per second per client, micro-batches of up to 16 rows, and these
/// rules answering when the model cannot, and a monitor comparing every window of 1,000 predictions with the training
/// data's reference profile (PSI; 0.1 warning, 0.25 critical) at GET /monitoring and /monitoring/page.
/// </summary>
[Serve(typeof(ChurnProblem), Route = "/churn", TimeoutMs = 100, RateLimitPerSecond = 500, MaxBatchSize = 16, MaxBatchDelayMs = 2)]
[Fallback(nameof(Rules))]
[Monitor(DriftMethod.Psi, Warning = 0.1, Critical = 0.25, WindowSize = 1000, IntervalSeconds = 60)]
public static partial class ChurnService
{
    // The brief's baseline heuristic: month-to-month customers in their first six months churn.
    private static double Rules(Customer c) => c.Contract == "Month-to-month" && c.Tenure < 6 ? 0.8 : 0.1;
}
