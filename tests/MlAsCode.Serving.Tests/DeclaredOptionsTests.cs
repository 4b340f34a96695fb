using System;

namespace MlAsCode.Serving.Tests;

/// <summary>What ServingOptions.Declared (the generated Add{Name}'s defaults) reads from a [Serve] class.</summary>
public class DeclaredOptionsTests
{
#pragma warning disable ML0501, ML0502, ML0505, ML0506 // Read, not served.
    [Serve(Route = "/bare")]
    private static class Bare;

    [Serve(Route = "/watched", RateLimitPerSecond = 7, MaxBatchRows = 10)]
    [Monitor(DriftMethod.JensenShannon, Critical = 0.3, IntervalSeconds = 5)]
    [AbTest("a-vs-b", TreatmentPercent = 10, GuardrailMetrics = new[] { "error_rate" })]
    private static class Watched;
#pragma warning restore ML0501, ML0502, ML0505, ML0506

    private static ServingOptions Apply(Type type)
    {
        var options = new ServingOptions();
        ServingOptions.Declared(type)(options);
        return options;
    }

    [Fact]
    public void Unwritten_settings_keep_the_serving_defaults_and_the_timeout_is_100_ms()
    {
        var bare = Apply(typeof(Bare));
        var defaults = new ServingOptions();
        Assert.Equal(TimeSpan.FromMilliseconds(100), bare.Timeout);
        Assert.Equal((defaults.RateLimitPerSecond, defaults.MaxBatchSize, defaults.MaxBatchDelay, defaults.MaxBatchRows),
            (bare.RateLimitPerSecond, bare.MaxBatchSize, bare.MaxBatchDelay, bare.MaxBatchRows));
        Assert.Null(bare.Monitor);
        Assert.Null(bare.AbTest);
    }

    [Fact]
    public void The_monitor_and_the_ab_test_are_read_with_what_was_written()
    {
        var watched = Apply(typeof(Watched));
        Assert.Equal((7, 10), (watched.RateLimitPerSecond, watched.MaxBatchRows));
        Assert.Equal(("jensen_shannon", 0.1, 0.3, TimeSpan.FromSeconds(5)), (watched.Monitor!.Method, watched.Monitor.Warning, watched.Monitor.Critical, watched.Monitor.Interval));
        Assert.Equal(("a-vs-b", 10.0, "X-Request-Key"), (watched.AbTest!.Name, watched.AbTest.TreatmentPercent, watched.AbTest.KeyHeader));
        Assert.Equal(["error_rate"], watched.AbTest.GuardrailMetrics);
    }

    [Fact]
    public void A_class_that_is_not_served_is_refused_with_its_name()
    {
        var error = Assert.Throws<ArgumentException>(() => ServingOptions.Declared(typeof(DeclaredOptionsTests)));
        Assert.Contains("DeclaredOptionsTests declares no [Serve]", error.Message, StringComparison.Ordinal);
    }
}
