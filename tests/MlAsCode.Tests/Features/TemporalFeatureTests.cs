using System;
using System.Linq;
using MlAsCode.Features;
using MlAsCode.Features.State;

namespace MlAsCode.Tests.Features;

public class TemporalFeatureTests
{
    private static readonly RidershipDay[] Days = TestData.Ridership;
    private static readonly FittedFeaturePipeline<RidershipDay> Pipeline = RidershipDay.Features.Fit(Days);

    [Fact]
    public void Lags_read_the_previous_events_in_time_order()
    {
        var matrix = Pipeline.TransformBatch(Days);
        var lag1 = matrix.ColumnIndex("station_day_clark_lake_lag_1");
        var lag7 = matrix.ColumnIndex("station_day_clark_lake_lag_7");
        var byTime = Enumerable.Range(0, Days.Length).OrderBy(i => Days[i].Date).ToArray();

        for (var p = 7; p < byTime.Length; p++)
        {
            Assert.Equal((float)Days[byTime[p - 1]].ClarkLake, matrix[byTime[p], lag1]);
            Assert.Equal((float)Days[byTime[p - 7]].ClarkLake, matrix[byTime[p], lag7]);
        }

        // The first day has no earlier event: the mean imputation learned from the training lags fills it.
        var fill = Pipeline.State.Columns.OfType<TemporalColumnState>().Single(c => c.Transform == Transform.Lag).Fills[0]!.Value;
        Assert.Equal((float)fill, matrix[byTime[0], lag1]);
    }

    [Fact]
    public void Rolling_windows_cover_the_window_ending_at_the_event_time_and_nothing_later()
    {
        var matrix = Pipeline.TransformBatch(Days);
        var mean = matrix.ColumnIndex("station_day_temp_7d_mean");
        var max = matrix.ColumnIndex("station_day_temp_7d_max");
        var count = matrix.ColumnIndex("station_day_temp_7d_count");

        foreach (var i in new[] { 0, 1, 100, 2500, Days.Length - 1 })
        {
            var day = Days[i].Date;
            var window = Days.Where(d => d.Date > day.AddDays(-7) && d.Date <= day).Select(d => d.Temp).ToArray();
            Assert.Equal((float)window.Average(), matrix[i, mean], 4);
            Assert.Equal((float)window.Max(), matrix[i, max]);
            Assert.Equal(window.Length, matrix[i, count]);
        }
    }

    [Fact]
    public void Row_order_and_later_rows_change_no_earlier_feature()
    {
        var shuffled = Days.Reverse().ToArray();
        var original = Pipeline.TransformBatch(Days);
        var reordered = Pipeline.TransformBatch(shuffled);
        for (var i = 0; i < Days.Length; i++)
        {
            Assert.Equal(original.Row(i).ToArray(), reordered.Row(Days.Length - 1 - i).ToArray());
        }

        // Dropping the last 1,000 days leaves every remaining day's features as they were: nothing reads the future.
        var cutoff = Days.Select(d => d.Date).Order().ElementAt(Days.Length - 1000);
        var past = Days.Where(d => d.Date < cutoff).ToArray();
        var pastMatrix = Pipeline.TransformBatch(past);
        var pastIndex = 0;
        for (var i = 0; i < Days.Length; i++)
        {
            if (Days[i].Date < cutoff)
            {
                Assert.Equal(original.Row(i).ToArray(), pastMatrix.Row(pastIndex++).ToArray());
            }
        }
    }

    [Fact]
    public void Single_rows_need_a_history_when_features_read_earlier_events()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Pipeline.Transform(Days[0], new float[Pipeline.Width]));

        Assert.Contains("FeatureHistory", error.Message);
    }

    [Fact]
    public void The_history_keeps_only_what_the_longest_lag_and_window_need()
    {
        var history = Pipeline.CreateHistory();
        foreach (var day in Days.OrderBy(d => d.Date))
        {
            history.Add(day);
        }

        Assert.InRange(history.Count, 7, 8); // lag 7 and a 7-day window on a daily series
    }
}

/// <summary>Purchases of several customers: entity keys, time since an event, lags per entity.</summary>
[FeatureSet(Entity = "customer")]
public partial record Purchase
{
    [EntityKey] public string CustomerId { get; init; } = "";
    [EventTime] public DateTime At { get; init; }
    [Target] public double Amount { get; init; }

    [Feature(Transform.Lag, Lags = new[] { 1 })]
    [Feature(Transform.Rolling, Window = "30d", Aggregations = Aggregation.Sum | Aggregation.Count)]
    public double Spend { get; init; }

    [Feature(Transform.TimeSince, Impute = Imputation.Constant, ImputeValue = -1)]
    public DateTime SignedUp { get; init; }
}

public class EntityTemporalFeatureTests
{
    private static readonly DateTime Day0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static Purchase P(string customer, int day, double spend, int signedUpDay = 0) =>
        new() { CustomerId = customer, At = Day0.AddDays(day), Spend = spend, SignedUp = Day0.AddDays(signedUpDay) };

    private static readonly Purchase[] Purchases =
    [
        P("a", 0, 10), P("b", 1, 100), P("a", 5, 20), P("b", 40, 300), P("a", 31, 40, signedUpDay: 60),
    ];

    [Fact]
    public void Lags_and_windows_stay_within_each_entity()
    {
        var pipeline = Purchase.Features.Fit(Purchases);
        var m = pipeline.TransformBatch(Purchases);
        float V(int row, string column) => m[row, m.ColumnIndex(column)];

        Assert.Equal(10, V(2, "customer_spend_lag_1"));        // a's previous purchase, not b's
        Assert.Equal(20, V(4, "customer_spend_lag_1"));
        Assert.Equal(100, V(3, "customer_spend_lag_1"));
        Assert.Equal(60, V(4, "customer_spend_30d_sum"));       // a on day 31: days 5 and 31 (day 0 is 31 days back)
        Assert.Equal(2, V(4, "customer_spend_30d_count"));
        Assert.Equal(300, V(3, "customer_spend_30d_sum"));      // b's day-1 purchase is 39 days back
        Assert.True(float.IsNaN(V(0, "customer_spend_lag_1"))); // no imputation declared: the first event has no lag
    }

    [Fact]
    public void Time_since_is_days_to_the_event_and_a_date_after_the_event_counts_as_missing()
    {
        var pipeline = Purchase.Features.Fit(Purchases);
        var m = pipeline.TransformBatch(Purchases);
        var column = m.ColumnIndex("customer_signed_up_days_since");

        Assert.Equal(40, m[3, column]);
        Assert.Equal(-1, m[4, column]); // signed up on day 60, after the day-31 purchase: future information, imputed
    }

    [Fact]
    public void Serving_with_a_history_gives_the_batch_values()
    {
        var pipeline = Purchase.Features.Fit(Purchases);
        var batch = pipeline.TransformBatch(Purchases);
        var history = pipeline.CreateHistory();
        var row = new float[pipeline.Width];

        foreach (var i in Enumerable.Range(0, Purchases.Length).OrderBy(i => Purchases[i].At))
        {
            pipeline.Transform(Purchases[i], history, row);
            history.Add(Purchases[i]);
            Assert.Equal(batch.Row(i).ToArray(), row);
        }
    }
}

public class TemporalTrainTestTests
{
    [Fact]
    public void Test_rows_after_a_training_history_get_real_lags_and_match_serving()
    {
        var ordered = TestData.Ridership.OrderBy(d => d.Date).ToArray();
        var training = ordered[..4500];
        var test = ordered[4500..];
        var pipeline = RidershipDay.Features.Fit(training);

        var batch = pipeline.TransformBatch(test, pipeline.CreateHistory(training));

        var lag1 = batch.ColumnIndex("station_day_clark_lake_lag_1");
        Assert.Equal((float)training[^1].ClarkLake, batch[0, lag1]); // not the fill: the history holds the training days

        var serving = pipeline.CreateHistory(training);
        var row = new float[pipeline.Width];
        for (var i = 0; i < test.Length; i++)
        {
            pipeline.Transform(test[i], serving, row);
            serving.Add(test[i]);
            Assert.Equal(batch.Row(i).ToArray(), row);
        }
    }
}

public class TemporalAllocationTests
{
    [Fact]
    public void Serving_a_row_with_a_history_allocates_nothing()
    {
        var pipeline = RidershipDay.Features.Fit(TestData.Ridership);
        var history = pipeline.CreateHistory(TestData.Ridership.Take(3000));
        var destination = new float[pipeline.Width];
        pipeline.Transform(TestData.Ridership[3000], history, destination); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 3000; i < 3500; i++)
        {
            pipeline.Transform(TestData.Ridership[i], history, destination);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
