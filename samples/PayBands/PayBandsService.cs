using MlAsCode;

namespace PayBands;

/// <summary>
/// Serving: the generator adds builder.AddPayBandsService() and app.MapPayBandsService() — POST /pay/predict and
/// /pay/predict/batch answering in dollars (the served scorer turns the model's log back) — with a rough band by job
/// level answering when the model cannot, and a monitor of every window of 500 requests (drift and unknown roles).
/// </summary>
[Serve(typeof(PayBandsProblem), Route = "/pay", TimeoutMs = 100)]
[Fallback(nameof(Rules))]
[Monitor(DriftMethod.Psi, Warning = 0.1, Critical = 0.25, WindowSize = 500, IntervalSeconds = 60)]
public static partial class PayBandsService
{
    // The company's published grid before any model: a starting amount per job level.
    private static double Rules(Employee e) => e.JobLevel switch { 1 => 2_800, 2 => 5_500, 3 => 9_800, 4 => 15_500, _ => 19_200 };
}
