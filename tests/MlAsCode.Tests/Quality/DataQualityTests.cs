using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using MlAsCode.Quality;
using MlAsCode.Tests.Features;
using Xunit.Abstractions;

namespace MlAsCode.Tests.Quality;

public class DataQualityTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private DataQualityReport Assess(string file, DataQualityOptions options)
    {
        var report = DataQuality.AssessCsv(TestData.PathOf(file), options with { Clock = new FixedClock(AsOf) });
        output.WriteLine(report.ToText());
        return report;
    }

    [Fact]
    public void Mutual_information_matches_scikit_learn_on_categorical_columns()
    {
        var reference = JsonDocument.Parse(File.ReadAllText(TestData.PathOf("quality_reference.json"))).RootElement;
        foreach (var @case in reference.EnumerateArray())
        {
            var path = TestData.PathOf(@case.GetProperty("file").GetString()!);
            using var reader = new StreamReader(path);
            var csv = new MlAsCode.Data.Csv.CsvReader(reader, path);
            var header = csv.Read()!.Fields;
            var rows = new System.Collections.Generic.List<System.Collections.Generic.IReadOnlyList<string>>();
            while (csv.Read() is { } record)
            {
                rows.Add(record.Fields);
            }

            var table = new Table(path, header, rows, new DataQualityOptions { Target = @case.GetProperty("target").GetString()! });
            var target = table.Discretize(table.Find(@case.GetProperty("target").GetString()!)!, classification: true);
            var feature = table.Discretize(table.Find(@case.GetProperty("feature").GetString()!)!, classification: true);
            Assert.Equal(@case.GetProperty("mutual_information").GetDouble(), Information.MutualInformation(feature.Codes, feature.Levels, target.Codes, target.Levels), 12);
            Assert.Equal(@case.GetProperty("target_entropy").GetDouble(), Information.Entropy(target.Codes, target.Levels), 12);
        }
    }

    [Fact]
    public void Telco_churn_scores_with_evidence_and_passes_the_gate()
    {
        var report = Assess("telco_churn.csv", new DataQualityOptions { Target = "churn" });

        Assert.Equal(7043, report.Rows);
        Assert.Equal(5, report[QualityDimension.Completeness].Score);
        Assert.Contains("11 of 140,860 cells missing", report[QualityDimension.Completeness].Evidence);
        Assert.Contains("total_charges 11", report[QualityDimension.Completeness].Evidence);
        Assert.False(report[QualityDimension.Accuracy].Measured);
        Assert.Equal(4, report[QualityDimension.Consistency].Score);
        Assert.Contains("22 exact duplicate row(s)", report[QualityDimension.Consistency].Evidence);
        Assert.False(report[QualityDimension.Timeliness].Measured);
        Assert.Equal(5, report[QualityDimension.Relevance].Score);
        Assert.Contains("contract 0.170", report[QualityDimension.Relevance].Evidence);
        Assert.Equal(3, report[QualityDimension.Volume].Score);
        Assert.Contains("Yes 1,869", report[QualityDimension.Volume].Evidence);
        // Accuracy (no rules) and timeliness (no event time) are not measured: they count neither way, and the gate is
        // judged over the four measured dimensions (5 + 4 + 5 + 3 = 17 of 20, i.e. 25.5 of 30).
        Assert.Equal((17, 4, 25.5), (report.Total, report.MeasuredDimensions, report.Scaled));
        Assert.True(report.Passes);
        Assert.Contains("Accuracy     not measured", report.ToText());
        Assert.Contains("Total        25.5/30 over 4 measured dimensions (17/20; gate 18): proceed", report.ToText());
        report.EnsurePasses();
    }

    [Fact]
    public void Hr_attrition_is_held_back_by_its_rare_class()
    {
        var report = Assess("hr_attrition.csv", new DataQualityOptions { Target = "Attrition", Exclude = ["Gender", "Age"] });

        Assert.Equal(1470, report.Rows);
        Assert.Equal(5, report[QualityDimension.Completeness].Score);
        Assert.Equal(5, report[QualityDimension.Consistency].Score);
        Assert.Equal(1, report[QualityDimension.Volume].Score);
        Assert.Contains("Yes 237", report[QualityDimension.Volume].Evidence);
        Assert.Contains("OverTime", report[QualityDimension.Relevance].Evidence);
        Assert.Equal(QualityDimension.Volume, report.FixFirst[0].Dimension);
        // 5 + 5 + 4 + 1 over the four measured dimensions: 15 of 20, 22.5 of 30 (the defaults for accuracy and
        // timeliness, 2 and 1, used to put it exactly at the gate).
        Assert.Equal((15, 22.5), (report.Total, report.Scaled));
        Assert.True(report.Passes);
    }

    [Fact]
    public void Rules_time_and_a_failing_gate_report_what_to_fix_first()
    {
        var report = Assess("hr_attrition.csv", new DataQualityOptions
        {
            Target = "Attrition",
            Rules = [ValidationRule.Parse("Age:18..40"), ValidationRule.Parse("OverTime=Yes|No")],
            Gate = 25,
        });
        var accuracy = report[QualityDimension.Accuracy];
        Assert.True(accuracy.Measured);
        Assert.Contains("Age:18..40", accuracy.Evidence);
        Assert.Contains("first at line 2: '41'", accuracy.Evidence);
        Assert.False(report.Passes);
        var error = Assert.Throws<DataQualityException>(report.EnsurePasses);
        Assert.Contains("below the gate of 25", error.Message);
        Assert.Contains("Fix first: Accuracy (1/5)", error.Message); // the measured failures first, then Volume (1/5)
        Assert.Contains("Volume (1/5)", error.Message);

        var ridership = Assess("chicago_ridership.csv", new DataQualityOptions { Target = "ridership", TimeColumn = "date" });
        Assert.Equal(0, ridership[QualityDimension.Timeliness].Score);
        Assert.Contains("newest event 2016-", ridership[QualityDimension.Timeliness].Evidence);
        Assert.Contains("(numeric target)", ridership[QualityDimension.Volume].Evidence);
    }

    // A generated table with no validation rules and no time column: accuracy and timeliness are not measured, count
    // neither way, and the gate is judged on the other four, whichever way their scores fall.
    [Fact]
    public void Unmeasured_dimensions_count_neither_way_and_the_gate_scales_over_the_measured_ones()
    {
        string[] header = ["id", "amount", "plan", "label"];
        var random = new Random(3);
        var rows = Enumerable.Range(0, 3000).Select(i => (System.Collections.Generic.IReadOnlyList<string>)
        [
            i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (random.NextDouble() * 100).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
            random.Next(3) switch { 0 => "basic", 1 => "pro", _ => "team" },
            random.NextDouble() < 0.3 ? "y" : "n",
        ]).ToList();
        var report = DataQuality.Assess("generated", header, rows, new DataQualityOptions { Target = "label", Gate = 18 });
        Assert.False(report[QualityDimension.Accuracy].Measured);
        Assert.False(report[QualityDimension.Timeliness].Measured);
        Assert.Equal(4, report.MeasuredDimensions);
        var measured = report.Dimensions.Where(d => d.Measured).Sum(d => d.Score);
        Assert.Equal(measured, report.Total);
        Assert.Equal(Math.Round(measured * 30.0 / 20, 1), report.Scaled);
        Assert.Equal(report.Scaled >= 18, report.Passes);
        Assert.Contains("Timeliness   not measured", report.ToText(), StringComparison.Ordinal);
        // The unmeasured dimensions' conservative defaults (2 and 1) no longer add to the total.
        Assert.Equal(measured + 3, report.Dimensions.Sum(d => d.Score));
    }

    [Fact]
    public void Duplicates_type_errors_and_spelling_variants_lower_consistency()
    {
        string[] header = ["id", "amount", "plan", "label"];
        var rows = Enumerable.Range(0, 200).Select(i => (System.Collections.Generic.IReadOnlyList<string>)
            [i.ToString(System.Globalization.CultureInfo.InvariantCulture), i == 7 ? "twelve" : (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture), i % 3 == 0 ? "basic" : i == 5 ? "Basic " : "pro", i % 2 == 0 ? "y" : "n"]).ToList();
        rows.Add(rows[0]);
        var report = DataQuality.Assess("inline", header, rows, new DataQualityOptions { Target = "label" });
        var consistency = report[QualityDimension.Consistency];
        Assert.Contains("1 exact duplicate row(s)", consistency.Evidence);
        Assert.Contains("amount: 1 non-numeric value(s) in a numeric column (e.g. 'twelve')", consistency.Evidence);
        Assert.Contains("'Basic '", consistency.Evidence);
        Assert.Equal(3, consistency.Score); // 3 of 201 rows (1.5%): under 3% scores 3
        Assert.Contains("identifiers skipped: id", report[QualityDimension.Relevance].Evidence);
    }

    [Fact]
    public void Bad_inputs_name_the_file_and_column()
    {
        Assert.Contains("'churned' is not in telco_churn.csv", Assert.Throws<ArgumentException>(() => Assess("telco_churn.csv", new DataQualityOptions { Target = "churned" })).Message);
        Assert.StartsWith("The time column 'sold_on' is not in telco_churn.csv",
            Assert.Throws<ArgumentException>(() => Assess("telco_churn.csv", new DataQualityOptions { Target = "churn", TimeColumn = "sold_on" })).Message, StringComparison.Ordinal);
        Assert.Contains("COLUMN:MIN..MAX", Assert.Throws<FormatException>(() => ValidationRule.Parse("age>3")).Message);
        Assert.Throws<FileNotFoundException>(() => DataQuality.AssessCsv("nope.csv", new DataQualityOptions { Target = "x" }));
    }
}

/// <summary>Telco customers with declared validation rules.</summary>
[FeatureSet(Entity = "customer")]
public partial record CheckedCustomer
{
    [Target(Positive = "Yes")]
    public string Churn { get; init; } = "";

    [Protected]
    public int Female { get; init; }

    [Feature(Transform.Standardize)]
    [ValidRange(0, 72)]
    public float Tenure { get; init; }

    [Feature(Transform.OneHot)]
    [ValidValues("Month-to-month", "One year", "Two year")]
    public string Contract { get; init; } = "";

    [Feature]
    [ValidRange(0, 100)]
    public float MonthlyCharges { get; init; }
}

public class DeclaredQualityTests
{
    [Fact]
    public void A_feature_set_assesses_its_source_with_its_declared_rules_target_and_protected_columns()
    {
        var report = CheckedCustomer.Features.AssessQuality(TestData.PathOf("telco_churn.csv"));
        var accuracy = report[QualityDimension.Accuracy];
        Assert.True(accuracy.Measured);
        // 3 rules over 3 x 7,043 values; the 902 monthly charges above 100 fail: 95.7% pass.
        Assert.Contains("3 rule(s) over 21,129 values: 95.7% pass", accuracy.Evidence);
        Assert.Contains("monthly_charges:0..100: 902 fail", accuracy.Evidence);
        Assert.Equal(2, accuracy.Score);
        Assert.DoesNotContain("female", report[QualityDimension.Relevance].Evidence);
        Assert.Equal("Churn", report.Target);
    }
}

public class DataQualityEdgeTests
{
    private static System.Collections.Generic.IReadOnlyList<string>[] Rows(int n, Func<int, string[]> row) => [.. Enumerable.Range(0, n).Select(i => (System.Collections.Generic.IReadOnlyList<string>)row(i))];

    private static string Text(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_single_class_target_scores_zero_for_volume_and_relevance_and_says_why()
    {
        var report = DataQuality.Assess("one.csv", ["x", "y"], Rows(500, i => [Text(i % 7), "no"]), new DataQualityOptions { Target = "y" });
        Assert.Equal(0, report[QualityDimension.Volume].Score);
        Assert.Contains("1 class", report[QualityDimension.Volume].Evidence);
        Assert.Equal(0, report[QualityDimension.Relevance].Score);
        Assert.Contains("single value", report[QualityDimension.Relevance].Evidence);
    }

    [Fact]
    public void Volume_counts_every_class_even_past_twenty()
    {
        // 25 classes of 40 rows and one of 3: the rare class decides volume.
        var report = DataQuality.Assess("many.csv", ["x", "y"], Rows(1003, i => [Text(i % 5), i < 1000 ? "c" + Text(i % 25) : "rare"]), new DataQualityOptions { Target = "y" });
        Assert.Contains("smallest class 3 rows", report[QualityDimension.Volume].Evidence);
        Assert.Equal(0, report[QualityDimension.Volume].Score);
    }

    [Fact]
    public void A_noise_column_with_many_levels_on_few_rows_is_not_relevant()
    {
        // 200 rows, a target and a 20-level column drawn independently of it.
        var random = new Random(3);
        var rows = Rows(200, _ => [Text(random.Next(20)), random.Next(2) == 0 ? "yes" : "no"]);
        var report = DataQuality.Assess("noise.csv", ["noise", "y"], rows, new DataQualityOptions { Target = "y" });
        Assert.True(report[QualityDimension.Relevance].Score <= 2, report[QualityDimension.Relevance].Evidence);
    }

    [Fact]
    public void Missing_targets_unknown_exclusions_and_rules_on_empty_columns_are_explained()
    {
        Assert.Contains("has no values", Assert.Throws<ArgumentException>(() =>
            DataQuality.Assess("t.csv", ["x", "y"], Rows(10, i => [Text(i), ""]), new DataQualityOptions { Target = "y" })).Message);
        Assert.Contains("'zip' is not in t.csv", Assert.Throws<ArgumentException>(() =>
            DataQuality.Assess("t.csv", ["x", "y"], Rows(10, i => [Text(i), "a" + Text(i % 2)]), new DataQualityOptions { Target = "y", Exclude = ["zip"] })).Message);
        var empty = DataQuality.Assess("t.csv", ["x", "y"], Rows(10, i => ["NA", "a" + Text(i % 2)]),
            new DataQualityOptions { Target = "y", Rules = [ValidationRule.Parse("x:0..10")] });
        Assert.False(empty[QualityDimension.Accuracy].Measured);
        Assert.Contains("every value they check is missing", empty[QualityDimension.Accuracy].Evidence);
    }
}
