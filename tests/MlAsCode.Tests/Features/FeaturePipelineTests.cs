using System;
using System.Collections.Generic;
using System.Linq;
using MlAsCode.Features;
using MlAsCode.Features.State;

namespace MlAsCode.Tests.Features;

public class FeaturePipelineTests
{
    [Fact]
    public void The_generated_loader_reads_every_telco_row_with_missing_values_as_null()
    {
        var rows = TelcoCustomer.ReadCsv(TestData.PathOf("telco_churn.csv"));
        var list = rows.ToList();

        Assert.Equal(7043, list.Count);
        Assert.Equal(7043, rows.Report.RowCount);
        Assert.True(rows.Report.Completed);
        Assert.Empty(rows.Report.Rejected);
        Assert.Equal(11, list.Count(c => c.TotalCharges is null));
        Assert.Equal(1869, list.Count(c => c.Churn == "Yes"));
        Assert.Equal(new TelcoCustomer
        {
            Churn = "No", Female = 1, SeniorCitizen = 0, Partner = true, Tenure = 1, Contract = "Month-to-month",
            PaymentMethod = "Electronic check", InternetService = "DSL", MonthlyCharges = 29.85f, TotalCharges = 29.85,
        }, list[0]);
    }

    /// <summary>The offline-to-online gap, closed: batch and single-row transforms agree bit for bit on every row.</summary>
    [Fact]
    public void Offline_batch_and_online_single_row_transforms_are_identical_on_telco() =>
        AssertReplayIdentical(TelcoCustomer.Features.Fit(TestData.Telco), TestData.Telco);

    [Fact]
    public void Offline_batch_and_online_single_row_transforms_are_identical_on_chicago_ridership() =>
        AssertReplayIdentical(RidershipDay.Features.Fit(TestData.Ridership), TestData.Ridership);

    /// <summary>Online: one row at a time, in arrival (event-time) order, each added to the history afterwards.</summary>
    private static void AssertReplayIdentical<T>(FittedFeaturePipeline<T> pipeline, T[] rows)
    {
        var batch = pipeline.TransformBatch(rows);
        Span<float> online = stackalloc float[pipeline.Width];
        var history = pipeline.NeedsHistory ? pipeline.CreateHistory() : null;
        foreach (var r in ArrivalOrder(pipeline, rows))
        {
            online.Clear();
            if (history is null)
            {
                pipeline.Transform(rows[r], online);
            }
            else
            {
                pipeline.Transform(rows[r], history, online);
                history.Add(rows[r]);
            }

            var offline = batch.Row(r);
            for (var c = 0; c < pipeline.Width; c++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(offline[c]) == BitConverter.SingleToInt32Bits(online[c]),
                    $"row {r}, column {batch.Names[c]}: batch {offline[c]} vs online {online[c]}");
            }
        }
    }

    private static IEnumerable<int> ArrivalOrder<T>(FittedFeaturePipeline<T> pipeline, T[] rows) =>
        pipeline.Definition.EventTime is { } time
            ? Enumerable.Range(0, rows.Length).OrderBy(i => time(rows[i]))
            : Enumerable.Range(0, rows.Length);

    [Fact]
    public void Fitting_reads_only_the_rows_given()
    {
        var train = TestData.Telco[..5000];
        var test = TestData.Telco[5000..].ToArray();
        var before = TelcoCustomer.Features.Fit(train).ContentHash;

        // Rewrite every test row; the training fit must not move.
        for (var i = 0; i < test.Length; i++)
        {
            test[i] = test[i] with { Tenure = 999, Contract = "Unheard-of", MonthlyCharges = 5, TotalCharges = null, Churn = "Yes" };
        }

        Assert.Equal(before, TelcoCustomer.Features.Fit(train).ContentHash);
        Assert.NotEqual(before, TelcoCustomer.Features.Fit([.. train, .. test.Take(10)]).ContentHash);
    }

    [Fact]
    public void Refitting_on_the_same_rows_gives_the_same_hash_whenever_it_happens()
    {
        var first = TelcoCustomer.Features.Fit(TestData.Telco, new FixedClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var second = TelcoCustomer.Features.Fit(TestData.Telco, new FixedClock(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal(first.ContentHash, second.ContentHash);
        Assert.Matches("^[0-9a-f]{64}$", first.ContentHash);
    }

    [Fact]
    public void Out_of_fold_target_encodings_differ_from_the_full_data_encoding()
    {
        var train = TestData.Telco[..5000];
        var result = TelcoCustomer.Features.FitTransform(train);
        var column = result.TrainingMatrix.ColumnIndex("customer_payment_method_target_encoded");
        var served = result.Pipeline.TransformBatch(train);

        var differing = Enumerable.Range(0, train.Length).Count(r => result.TrainingMatrix[r, column] != served[r, column]);
        Assert.Equal(train.Length, differing);

        // Every other column is the plain transform.
        for (var c = 0; c < served.Columns; c++)
        {
            if (c != column)
            {
                Assert.True(Enumerable.Range(0, train.Length).All(r => result.TrainingMatrix[r, c].Equals(served[r, c])), served.Names[c]);
            }
        }
    }

    [Fact]
    public void Full_data_target_encoding_is_the_smoothed_churn_rate_of_the_level()
    {
        var rows = TestData.Telco;
        var state = TelcoCustomer.Features.Fit(rows).State.Columns.OfType<TargetEncodingColumnState>().Single();
        var prior = rows.Average(c => c.Churn == "Yes" ? 1.0 : 0.0);
        var check = rows.Where(c => c.PaymentMethod == "Electronic check").ToList();
        var expected = (check.Count(c => c.Churn == "Yes") + (10 * prior)) / (check.Count + 10);

        Assert.Equal(prior, state.Prior, 12);
        Assert.Equal(expected, state.Levels.Single(l => l.Level == "Electronic check").Value, 12);
        Assert.Equal(4, state.Levels.Length);
    }

    [Fact]
    public void Feature_names_follow_the_convention_one_per_output_column()
    {
        var pipeline = TelcoCustomer.Features.Fit(TestData.Telco);

        Assert.Equal(
        [
            "customer_partner",
            "customer_tenure_standardized",
            "customer_tenure_bin",
            "customer_contract_month_to_month", "customer_contract_one_year", "customer_contract_two_year",
            "customer_payment_method_target_encoded",
            .. Enumerable.Range(0, 8).Select(i => $"customer_internet_service_hash_{i}"),
            "customer_monthly_charges_log",
            "customer_monthly_charges_per_tenure",
            "customer_total_charges_minmax",
        ], pipeline.Names.ToArray());
        Assert.All(pipeline.Names, n => Assert.True(FeatureNaming.Follows(n, "customer"), n));
        Assert.DoesNotContain(pipeline.Names, n => n.Contains("female") || n.Contains("senior") || n.Contains("churn"));
    }

    [Fact]
    public void Unknown_levels_and_missing_values_follow_the_documented_policy()
    {
        var pipeline = TelcoCustomer.Features.Fit(TestData.Telco);
        var row = TestData.Telco[0] with { Contract = "Ten year", PaymentMethod = "Crypto", InternetService = "", TotalCharges = null, Tenure = float.NaN };
        var values = new float[pipeline.Width];

        pipeline.Transform(row, values);

        float Value(string name) => values[pipeline.Names.IndexOf(name)];
        Assert.Equal(0, Value("customer_contract_month_to_month") + Value("customer_contract_one_year") + Value("customer_contract_two_year"));
        var prior = pipeline.State.Columns.OfType<TargetEncodingColumnState>().Single().Prior;
        Assert.Equal((float)prior, Value("customer_payment_method_target_encoded"));
        Assert.Equal(0, Enumerable.Range(0, 8).Sum(i => Value($"customer_internet_service_hash_{i}")));
        var total = pipeline.State.Columns.OfType<NumericColumnState>().Single(c => c.Feature == "TotalCharges");
        Assert.Equal((float)((total.Fill!.Value - total.Center) / total.Scale), Value("customer_total_charges_minmax"));
        Assert.True(float.IsNaN(Value("customer_tenure_standardized"))); // no imputation declared: NaN stays NaN
    }

    [Fact]
    public void Ratio_by_zero_follows_the_declared_policy()
    {
        var pipeline = TelcoCustomer.Features.Fit(TestData.Telco);
        var values = new float[pipeline.Width];

        pipeline.Transform(TestData.Telco[0] with { Tenure = 0, MonthlyCharges = 50 }, values);

        Assert.Equal(0, values[pipeline.Names.IndexOf("customer_monthly_charges_per_tenure")]);
    }

    [Fact]
    public void Log_refuses_a_negative_value_by_default_and_names_the_feature()
    {
        var pipeline = TelcoCustomer.Features.Fit(TestData.Telco);

        var error = Assert.Throws<FeatureValueException>(() => pipeline.Transform(TestData.Telco[0] with { MonthlyCharges = -3 }, new float[pipeline.Width]));

        Assert.Equal("MonthlyCharges", error.Feature);
        Assert.Contains("-3", error.Message);
    }

    [Fact]
    public void A_saved_state_loads_back_to_the_same_transform()
    {
        var pipeline = TelcoCustomer.Features.Fit(TestData.Telco[..3000]);

        var loaded = TelcoCustomer.Features.Load(pipeline.ToJson());

        Assert.Equal(pipeline.ContentHash, loaded.ContentHash);
        Assert.Equal(pipeline.TransformBatch(TestData.Telco).Values, loaded.TransformBatch(TestData.Telco).Values);
    }

    [Fact]
    public void A_state_fitted_for_another_feature_set_is_refused()
    {
        var chicagoState = RidershipDay.Features.Fit(TestData.Ridership).ToJson();

        var error = Assert.Throws<ArgumentException>(() => TelcoCustomer.Features.Load(chicagoState));

        Assert.Contains("different declaration", error.Message);
    }

    [Fact]
    public void The_manifest_lists_every_feature_with_its_registry_metadata()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero));
        var manifest = TelcoCustomer.Features.Fit(TestData.Telco, clock).Manifest();

        Assert.Equal("customer", manifest.Entity);
        Assert.Equal("telco_churn", manifest.SourceTable);
        Assert.Equal(9, manifest.Features.Length);
        var payment = manifest.Features.Single(f => f.Property == "PaymentMethod");
        Assert.Equal("customer_payment_method_target_encoded", payment.Name);
        Assert.Equal("string", payment.DataType);
        Assert.Equal("payment_method", payment.SourceColumn);
        Assert.Equal(new DateOnly(2026, 11, 26), payment.Created);
        Assert.StartsWith("Churn rate", payment.Description);
        Assert.Equal("billing", manifest.Features.First(f => f.Property == "MonthlyCharges").Owner);
        Assert.Equal("double?", manifest.Features.Single(f => f.Property == "TotalCharges").DataType);
        Assert.Equal(3, manifest.Features.Single(f => f.Property == "Contract").Columns.Length);
        Assert.Contains("\"known_issues\": \"NA for the 11 customers with tenure 0\"", manifest.ToJson());
    }

    [Fact]
    public void Before_fitting_the_manifest_lists_the_features_without_columns_or_dates()
    {
        var manifest = TelcoCustomer.Features.Manifest();

        Assert.Equal(9, manifest.Features.Length);
        Assert.Null(manifest.ContentHash);
        Assert.All(manifest.Features, f => Assert.Null(f.Created));
        Assert.All(manifest.Features, f => Assert.Empty(f.Columns));
        Assert.Equal("customer_contract", manifest.Features.Single(f => f.Property == "Contract").Name);
    }

    [Fact]
    public void A_row_passed_with_no_history_to_a_pipeline_that_needs_one_is_refused_clearly()
    {
        var pipeline = RidershipDay.Features.Fit(TestData.Ridership);

        var error = Assert.Throws<InvalidOperationException>(() => pipeline.Transform(TestData.Ridership[0], null, new float[pipeline.Width]));

        Assert.Contains("FeatureHistory", error.Message);
    }

    [Fact]
    public void Protected_attributes_are_declared_but_never_features()
    {
        Assert.Equal(["Female", "SeniorCitizen"], TelcoCustomer.Features.ProtectedProperties.ToArray());
        Assert.DoesNotContain(TelcoCustomer.Features.Features, f => f.Property is "Female" or "SeniorCitizen" or "Churn");
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

public class FeaturePipelineStateTests
{
    [Fact]
    public void A_damaged_state_is_refused_when_loaded_not_when_serving()
    {
        var json = TelcoCustomer.Features.Fit(TestData.Telco).ToJson();
        var damaged = json.Replace("\"Month-to-month\",", "");

        var error = Assert.Throws<ArgumentException>(() => TelcoCustomer.Features.Load(damaged));

        Assert.Contains("(Contract) must have one distinct level per output name", error.Message);
    }

    [Fact]
    public void Text_that_is_not_a_state_names_what_was_expected()
    {
        var error = Assert.Throws<MlAsCode.Data.DataFormatException>(() => TelcoCustomer.Features.Load("{ \"entity\": 3 "));

        Assert.Contains("expected a feature pipeline state", error.Message);
    }

    [Fact]
    public void The_serving_transform_allocates_nothing_per_row()
    {
        var pipeline = TelcoCustomer.Features.Fit(TestData.Telco);
        var destination = new float[pipeline.Width];
        pipeline.Transform(TestData.Telco[0], destination); // warm up: first calls may allocate in the runtime itself

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < TestData.Telco.Length; i++)
        {
            pipeline.Transform(TestData.Telco[i], destination);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

public class DamagedLevelTests
{
    [Fact]
    public void Duplicate_target_encoding_levels_are_refused_at_load()
    {
        var json = TelcoCustomer.Features.Fit(TestData.Telco).ToJson();
        var damaged = System.Text.RegularExpressions.Regex.Replace(json, "\"level\": \"Mailed check\"", "\"level\": \"Electronic check\"");

        var error = Assert.Throws<ArgumentException>(() => TelcoCustomer.Features.Load(damaged));

        Assert.Contains("(PaymentMethod) must have one output name and one encoding per distinct level", error.Message);
    }
}

public class OutOfRangeTests
{
    [Fact]
    public void Values_outside_the_training_range_follow_the_documented_behaviour()
    {
        var pipeline = TelcoCustomer.Features.Fit(TestData.Telco);
        var minmax = pipeline.State.Columns.OfType<NumericColumnState>().Single(c => c.Transform == Transform.MinMax);
        var values = new float[pipeline.Width];
        float Value(string name) => values[pipeline.Names.IndexOf(name)];

        // Far above the training maximum: min-max is not clipped, the quantile bin is the last one.
        pipeline.Transform(TestData.Telco[0] with { TotalCharges = minmax.Center + (3 * minmax.Scale), Tenure = 10_000 }, values);
        Assert.Equal(3f, Value("customer_total_charges_minmax"), 5);
        Assert.Equal(3f, Value("customer_tenure_bin")); // 4 bins: 0..3
        Assert.True(Value("customer_tenure_standardized") > 300);

        // Below the training minimum: negative min-max value, first bin.
        pipeline.Transform(TestData.Telco[0] with { TotalCharges = minmax.Center - minmax.Scale, Tenure = -5 }, values);
        Assert.Equal(-1f, Value("customer_total_charges_minmax"), 5);
        Assert.Equal(0f, Value("customer_tenure_bin"));

        // Infinity counts as missing: median imputation for total charges.
        pipeline.Transform(TestData.Telco[0] with { TotalCharges = double.PositiveInfinity }, values);
        Assert.Equal((float)((minmax.Fill!.Value - minmax.Center) / minmax.Scale), Value("customer_total_charges_minmax"));
    }
}
