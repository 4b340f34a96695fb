using System;
using System.IO.Hashing;
using System.Text;

namespace MlAsCode.Serving;

/// <summary>
/// An A/B test between the control model (the service's <c>ModelPath</c>) and a treatment model: a share of the
/// traffic goes to the treatment, assigned by a request key so the same key always gets the same arm. Declared with
/// <c>[AbTest]</c>; the treatment's files come from configuration (<c>MlAsCode:Serving:{Name}:AbTest:TreatmentModelPath</c>).
/// </summary>
public sealed class AbTestOptions
{
    /// <summary>The test's name (part of the assignment hash, so two tests split users independently).</summary>
    public string Name { get; set; } = "";

    /// <summary>Share of keys sent to the treatment, in percent (50 for 50/50, 5 for a canary).</summary>
    public double TreatmentPercent { get; set; }

    /// <summary>The request header holding the assignment key (a customer or session id). Requests without it go to
    /// the control arm.</summary>
    public string KeyHeader { get; set; } = "X-Request-Key";

    /// <summary>The control model's version label.</summary>
    public string ControlVersion { get; set; } = "";

    /// <summary>The treatment model's version label.</summary>
    public string TreatmentVersion { get; set; } = "";

    /// <summary>The treatment's ONNX model.</summary>
    public string TreatmentModelPath { get; set; } = "";

    /// <summary>The treatment's fitted pipeline (the control's when empty).</summary>
    public string TreatmentPipelinePath { get; set; } = "";

    /// <summary>Metrics that must not degrade (recorded with the test, read by the analysis).</summary>
    public string[] GuardrailMetrics { get; set; } = [];

    /// <summary>What the test should show (recorded with the test).</summary>
    public string Hypothesis { get; set; } = "";

    /// <summary>The business metric the test decides on.</summary>
    public string PrimaryMetric { get; set; } = "";

    /// <summary>Planned duration in days.</summary>
    public int PlannedDays { get; set; }

    /// <summary>The arm of <paramref name="key"/>: <c>treatment</c> when the XxHash64 of "name:key" falls in the
    /// treatment's share of 10,000 buckets, <c>control</c> otherwise (and for a missing key).</summary>
    public string Assign(string? key)
    {
        if (string.IsNullOrEmpty(key) || TreatmentPercent <= 0)
        {
            return "control";
        }

        var bucket = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{Name}:{key}")) % 10_000;
        return bucket < (ulong)Math.Round(Math.Clamp(TreatmentPercent, 0, 100) * 100) ? "treatment" : "control";
    }
}
