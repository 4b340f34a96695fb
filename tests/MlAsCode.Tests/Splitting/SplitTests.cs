using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using MlAsCode.Splitting;
using MlAsCode.Tests.Features;

namespace MlAsCode.Tests.Splitting;

/// <summary>Orders of one customer: several rows per entity.</summary>
[FeatureSet(Entity = "order")]
public partial record Order
{
    [EntityKey]
    public string Customer { get; init; } = "";

    [EventTime]
    public DateTime At { get; init; }

    [Target(Positive = "yes")]
    public string Returned { get; init; } = "";

    [Feature]
    public double Amount { get; init; }
}

public class SplitTests
{
    private static readonly Order[] Orders = [.. Enumerable.Range(0, 400).Select(i => new Order
    {
        Customer = "c" + (i % 97),
        At = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i * 5),
        Returned = i % 4 == 0 ? "yes" : "no",
        Amount = i % 53,
    })];

    [Fact]
    public void A_stratified_split_keeps_the_churn_share_removes_duplicates_and_is_reproducible()
    {
        var rows = TestData.Telco;
        var (distinct, removed) = TelcoCustomer.Features.Deduplicate(rows);
        var split = TelcoCustomer.Features.Split([.. rows, rows[0], rows[1]], SplitStrategy.Stratified, 0.2, seed: 11);

        Assert.Equal(45, removed); // 7,043 rows, 6,998 distinct over these columns (counted with Python)
        Assert.Equal(6998, distinct.Length);
        Assert.Equal(removed + 2, split.DuplicatesRemoved);
        Assert.Equal(distinct.Length, split.Train.Length + split.Test.Length);
        double Share(IEnumerable<TelcoCustomer> part) => part.Average(c => c.Churn == "Yes" ? 1.0 : 0.0);
        Assert.Equal(Share(distinct), Share(split.Test), 3);
        Assert.Equal(Share(distinct), Share(split.Train), 3);
        Assert.InRange(split.Test.Length, (int)(0.2 * distinct.Length) - 1, (int)(0.2 * distinct.Length) + 1);

        var again = TelcoCustomer.Features.Split([.. rows, rows[0], rows[1]], SplitStrategy.Stratified, 0.2, seed: 11);
        Assert.Equal(split.HoldoutFingerprint, again.HoldoutFingerprint);
        Assert.Equal(TelcoCustomer.Features.HoldoutFingerprint(distinct), split.DatasetFingerprint);
        Assert.True(split.Test.SequenceEqual(again.Test));
        Assert.NotEqual(split.HoldoutFingerprint, TelcoCustomer.Features.Split(rows, SplitStrategy.Stratified, 0.2, seed: 12).HoldoutFingerprint);
        var trainHashes = split.Train.Select(r => TelcoCustomer.ContentHash(r)).ToHashSet();
        Assert.DoesNotContain(split.Test, r => trainHashes.Contains(TelcoCustomer.ContentHash(r)));
    }

    [Fact]
    public void The_holdout_fingerprint_ignores_order_and_catches_a_changed_row()
    {
        var split = TelcoCustomer.Features.Split(TestData.Telco, SplitStrategy.Random, 0.25, seed: 3);
        TelcoCustomer.Features.VerifyHoldout([.. split.Test.Reverse()], split.HoldoutFingerprint);

        var tampered = split.Test.SetItem(5, split.Test[5] with { MonthlyCharges = split.Test[5].MonthlyCharges + 1 });
        var error = Assert.Throws<DataLeakageException>(() => TelcoCustomer.Features.VerifyHoldout(tampered, split.HoldoutFingerprint));
        Assert.Contains("holdout changed", error.Message);
        Assert.Contains(split.HoldoutFingerprint, error.Message);
    }

    [Fact]
    public void Random_and_group_splits_keep_every_entity_on_one_side()
    {
        foreach (var strategy in new[] { SplitStrategy.Random, SplitStrategy.Group, SplitStrategy.Stratified })
        {
            var split = Order.Features.Split(Orders, strategy, 0.3, seed: 5);
            var trainCustomers = split.Train.Select(o => o.Customer).ToHashSet();
            Assert.DoesNotContain(split.Test, o => trainCustomers.Contains(o.Customer));
            Assert.Equal(Orders.Length, split.Train.Length + split.Test.Length);
        }
    }

    [Fact]
    public void A_temporal_split_tests_on_the_latest_events_and_drops_the_gap()
    {
        var split = Order.Features.Split(Orders, new SplitOptions { Strategy = SplitStrategy.Temporal, TestFraction = 0.2, Gap = TimeSpan.FromDays(2) });
        Assert.Equal(80, split.Test.Length);
        var firstTest = split.Test.Min(o => o.At);
        Assert.Equal(Orders[320].At, firstTest);
        Assert.True(split.Train.Max(o => o.At) < firstTest - TimeSpan.FromDays(2));
        Assert.Equal(9, split.GapRowsDropped); // orders 5, 10, ... 45 hours before the first test order
        Assert.Equal(400, split.Train.Length + split.Test.Length + split.GapRowsDropped);
    }

    [Fact]
    public void Leaks_in_hand_made_splits_are_refused_with_what_leaked()
    {
        var rows = Orders;
        var shared = Assert.Throws<DataLeakageException>(() => Order.Features.CheckNoLeakage(rows[..300], rows[299..]));
        Assert.Contains("share 1 identical row", shared.Message);
        Assert.Contains("test row 1", shared.Message);

        var entities = Assert.Throws<DataLeakageException>(() => Order.Features.CheckNoLeakage(rows[..300], rows[300..]));
        Assert.Contains("in both train and test", entities.Message);

        var order = Assert.Throws<DataLeakageException>(() => Order.Features.CheckNoLeakage(rows[100..], rows[..100], temporal: true));
        Assert.Contains("300 training event(s) are at or after the first test event (2026-01-01 00:00:00)", order.Message);

        Order.Features.CheckNoLeakage(rows[..300], rows[300..], temporal: true);
    }

    [Fact]
    public void K_fold_and_stratified_k_fold_cover_every_row_once_with_scikit_learn_fold_sizes()
    {
        var reference = JsonDocument.Parse(File.ReadAllText(TestData.PathOf("split_reference.json"))).RootElement;
        var telco = TelcoCustomer.Features.Deduplicate(TestData.Telco).Rows;
        var expected = reference.GetProperty("kfold_sizes").EnumerateArray()
            .Single(c => c.GetProperty("n").GetInt32() == telco.Length && c.GetProperty("k").GetInt32() == 10)
            .GetProperty("sizes").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var folds = TelcoCustomer.Features.Folds(telco, CrossValidationStrategy.KFold, 10, seed: 1);
        Assert.Equal(expected, folds.Select(f => f.Validation.Length).ToArray());
        Assert.All(folds, f => Assert.Equal(telco.Length, f.Train.Length + f.Validation.Length));
        Assert.Equal(telco.Length, folds.SelectMany(f => f.Validation).Distinct().Count());

        var stratified = TelcoCustomer.Features.Folds(telco, CrossValidationStrategy.StratifiedKFold, 5, seed: 1);
        var share = telco.Average(c => c.Churn == "Yes" ? 1.0 : 0.0);
        Assert.All(stratified, f => Assert.Equal(share, f.Validation.Average(c => c.Churn == "Yes" ? 1.0 : 0.0), 2));
        Assert.Equal(telco.Length, stratified.SelectMany(f => f.Validation).Distinct().Count());
        Assert.Equal(stratified.Select(f => f.Validation.Length), TelcoCustomer.Features.Folds(telco, CrossValidationStrategy.StratifiedKFold, 5, seed: 1).Select(f => f.Validation.Length));
    }

    [Fact]
    public void Time_series_folds_match_scikit_learn_time_series_split()
    {
        var reference = JsonDocument.Parse(File.ReadAllText(TestData.PathOf("split_reference.json"))).RootElement;
        var days = TestData.Ridership.Reverse().ToArray(); // out of order on purpose: folds follow event time
        var ordered = TestData.Ridership.OrderBy(d => d.Date).ToArray();
        foreach (var @case in reference.GetProperty("time_series").EnumerateArray().Where(c => c.GetProperty("n").GetInt32() == ordered.Length))
        {
            var folds = RidershipDay.Features.Folds(days, CrossValidationStrategy.TimeSeries, @case.GetProperty("splits").GetInt32(), gapRows: @case.GetProperty("gap").GetInt32());
            var expected = @case.GetProperty("folds").EnumerateArray().ToArray();
            Assert.Equal(expected.Length, folds.Length);
            for (var f = 0; f < folds.Length; f++)
            {
                Assert.Equal(ordered[..expected[f].GetProperty("train_end").GetInt32()], folds[f].Train);
                var start = expected[f].GetProperty("validation_start").GetInt32();
                Assert.Equal(ordered[start..expected[f].GetProperty("validation_end").GetInt32()], folds[f].Validation);
            }
        }
    }

    [Fact]
    public void Impossible_requests_say_what_is_missing()
    {
        Assert.Contains("[EventTime]", Assert.Throws<InvalidOperationException>(() => TelcoCustomer.Features.Split(TestData.Telco, SplitStrategy.Temporal)).Message);
        Assert.Contains("[EntityKey]", Assert.Throws<InvalidOperationException>(() => TelcoCustomer.Features.Split(TestData.Telco, SplitStrategy.Group)).Message);
        // These two misuse time-ordered rows on purpose (the analyzer's ML0204 says so at build time); the runtime
        // must still refuse them with a clear message.
#pragma warning disable ML0204
        var tooFew = Assert.Throws<ArgumentException>(() => Order.Features.Folds(Orders[..8], CrossValidationStrategy.StratifiedKFold, 5));
        Assert.Contains("class 'yes' has", tooFew.Message);
        // One series: a random split of its single entity would leave one side empty.
        Assert.Contains("SplitStrategy.Temporal", Assert.Throws<ArgumentException>(() => RidershipDay.Features.Split(TestData.Ridership, SplitStrategy.Random)).Message);
#pragma warning restore ML0204
    }
}
