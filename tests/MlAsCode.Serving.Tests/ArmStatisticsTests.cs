namespace MlAsCode.Serving.Tests;

public sealed class ArmStatisticsTests
{
    [Fact]
    public void A_window_counts_every_request_but_keeps_only_the_latest_latencies_and_labels()
    {
        var statistics = new ArmStatistics();
        for (var i = 0; i < ArmStatistics.Capacity; i++)
        {
            statistics.Record(100, failed: i % 4 == 0);
            statistics.Label(0.9, 0);
        }

        for (var i = 0; i < ArmStatistics.Capacity; i++)
        {
            statistics.Record(2, failed: false);
            statistics.Label(i, i % 2);
        }

        var window = statistics.Snapshot("1.1.0", reset: true);
        Assert.Equal((2 * ArmStatistics.Capacity, ArmStatistics.Capacity / 4), (window.Requests, window.Failures));
        Assert.Equal(0.125, window.ErrorRate);
        Assert.Equal(2, window.LatencyP50Ms);   // the older, slower calls have left the ring
        Assert.Equal(ArmStatistics.Capacity, window.Scores.Length);
        Assert.Equal((0.0, 0.0), (window.Scores[0], window.Labels[0]));   // oldest kept first, pairs aligned
        Assert.Equal((ArmStatistics.Capacity - 1.0, 1.0), (window.Scores[^1], window.Labels[^1]));

        var empty = statistics.Snapshot("1.1.0", reset: false);
        Assert.Equal((0, 0, 0.0, 0), (empty.Requests, empty.Failures, empty.LatencyP50Ms, empty.Scores.Length));
    }
}
