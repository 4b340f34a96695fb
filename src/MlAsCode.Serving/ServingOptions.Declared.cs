using System;
using System.Linq;
using MlAsCode.Declarations;

namespace MlAsCode.Serving;

public sealed partial class ServingOptions
{
    /// <summary>
    /// The options declared on <paramref name="serviceType"/> by <see cref="ServeAttribute"/>, <see cref="AbTestAttribute"/>
    /// and <see cref="MonitorAttribute"/>, read from its attributes through the one declaration reader (the generated
    /// <c>Add{Name}</c> passes this as the service's defaults; configuration section <c>MlAsCode:Serving:{name}</c>
    /// applies after it). What was not written keeps these options' defaults, except the model timeout: 100 ms.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="serviceType"/> has no <see cref="ServeAttribute"/>.</exception>
    public static Action<ServingOptions> Declared(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        var attributes = CustomAttributeViews.Of(serviceType);
        var serve = attributes[typeof(ServeAttribute).FullName!].FirstOrDefault()
            ?? throw new ArgumentException($"{serviceType.FullName} declares no [Serve].", nameof(serviceType));
        var d = ServeDeclaration.Read(serve, attributes[typeof(AbTestAttribute).FullName!].FirstOrDefault(), attributes[typeof(MonitorAttribute).FullName!].FirstOrDefault());
        return o => d.ApplyTo(o);
    }
}

/// <summary>A declared service over the serving options.</summary>
internal static class ServeDeclarations
{
    public static void ApplyTo(this ServeDeclaration d, ServingOptions o)
    {
        o.Timeout = TimeSpan.FromMilliseconds(d.TimeoutMs);
        o.RateLimitPerSecond = d.RateLimitPerSecond ?? o.RateLimitPerSecond;
        o.MaxBatchSize = d.MaxBatchSize ?? o.MaxBatchSize;
        o.MaxBatchDelay = d.MaxBatchDelayMs is { } delay ? TimeSpan.FromMilliseconds(delay) : o.MaxBatchDelay;
        o.MaxBatchRows = d.MaxBatchRows ?? o.MaxBatchRows;
        if (d.AbTest is { } test)
        {
            var ab = new AbTestOptions { Name = test.Name, TreatmentPercent = test.TreatmentPercent };
            ab.ControlVersion = test.Control ?? ab.ControlVersion;
            ab.TreatmentVersion = test.Treatment ?? ab.TreatmentVersion;
            ab.KeyHeader = test.KeyHeader ?? ab.KeyHeader;
            ab.PrimaryMetric = test.PrimaryMetric ?? ab.PrimaryMetric;
            ab.Hypothesis = test.Hypothesis ?? ab.Hypothesis;
            ab.GuardrailMetrics = test.GuardrailMetrics is { } guardrails ? [.. guardrails] : ab.GuardrailMetrics;
            ab.PlannedDays = test.PlannedDays ?? ab.PlannedDays;
            o.AbTest = ab;
        }

        if (d.Monitor is { } monitor)
        {
            var m = new MonitorOptions { Method = monitor.Method == DriftMethod.JensenShannon ? "jensen_shannon" : "psi" };
            m.Warning = monitor.Warning ?? m.Warning;
            m.Critical = monitor.Critical ?? m.Critical;
            m.WindowSize = monitor.WindowSize ?? m.WindowSize;
            m.Interval = monitor.IntervalSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : m.Interval;
            o.Monitor = m;
        }
    }
}
