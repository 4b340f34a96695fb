using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MlAsCode.Evaluation.Reporting;
using MlAsCode.Experiments;
using MlAsCode.Training.Trainers;

namespace MlAsCode.Training.Tests;

/// <summary>A house sale recorded by year and month only: the sale date is computed (a generated, time-ordered table
/// with underscores in its column names, as county exports have).</summary>
[FeatureSet(Entity = "sale")]
public partial record Sale
{
    [Target(Transform = TargetTransform.Log)] [Column("Sale_Price")] public float SalePrice { get; init; }

    [Feature(Transform.Standardize)] [Column("Gr_Liv_Area")] public float LivingArea { get; init; }

    [Feature(Transform.OneHot)] public string Neighborhood { get; init; } = "";

    [Column("Yr_Sold")] public int YearSold { get; init; }

    [Column("Mo_Sold")] public int MonthSold { get; init; }

    [EventTime] public DateTime SoldOn => new(YearSold, MonthSold, 1, 0, 0, 0, DateTimeKind.Utc);
}

[MlProblem("sale_prices", BusinessObjective = "Appraise sales", SuccessMetric = "MAE", Task = MlTask.Regression,
    PredictionTarget = "Sale price", Metric = Metric.Mae)]
[Baseline(BaselineKind.GroupMedian, GroupBy = nameof(Sale.Neighborhood))]
[KillCriterion("Baseline heuristic achieves >90% of ML performance")]
public partial class SalePrices;

public sealed class RegressionReportTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlac-sales-" + Guid.NewGuid().ToString("N"));

    public RegressionReportTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // Five years of monthly sales; prices multiplicative in area and neighbourhood; a few neighbourhoods are rare.
    internal static string WriteSales(string path, int rows = 1400, int seed = 21)
    {
        var random = new Random(seed);
        string[] neighborhoods = ["NAmes", "CollgCr", "OldTown", "Edwards", "Somerst", "Gilbert", "Blueste"];
        double[] premium = [0, 0.15, -0.1, -0.05, 0.3, 0.1, 0.2];
        var csv = new StringBuilder("Sale_Price,Gr_Liv_Area,Neighborhood,Yr_Sold,Mo_Sold\n");
        for (var i = 0; i < rows; i++)
        {
            var month = i * 60 / rows;
            // Blueste is rare: a segment too small for an interval.
            var n = random.NextDouble() < 0.015 ? 6 : random.Next(6);
            var area = 700 + (random.NextDouble() * 2000);
            var price = Math.Exp(10.9 + (0.00055 * area) + premium[n] + ((random.NextDouble() - 0.5) * 0.25));
            csv.Append(CultureInfo.InvariantCulture, $"{price:0},{area:0},{neighborhoods[n]},{2006 + (month / 12)},{1 + (month % 12)}\n");
        }

        File.WriteAllText(path, csv.ToString());
        return path;
    }

    [Fact]
    public async Task A_temporal_regression_reports_intervals_residuals_over_time_and_by_segment_and_its_card_dates_the_data()
    {
        var source = WriteSales(Path.Combine(_folder, "sales.csv"));
        Sale[] rows = [.. Sale.ReadCsv(source)];
        Assert.Equal(new DateTime(2010, 12, 1), rows[^1].SoldOn);
        var settings = new ExperimentSettings
        {
            Id = "EXP-2026-12-08-010", Split = SplitStrategy.Temporal, CrossValidation = CrossValidationStrategy.TimeSeries, Folds = 4, Seed = 2, Resamples = 200,
            Segments = ["Neighborhood"],
        };
        var output = Path.Combine(_folder, "run");
        // The computed event time is read by the quality gate (timeliness measured on it), not looked up as a column.
        var report = await new ExperimentRunner<Sale>(settings, SalePrices.Brief, Sale.Features, new MlNetTrainer(ModelFamily.Linear, MlTask.Regression, 2))
            .RunAsync(rows, new ExperimentRunOptions { SourcePath = source, OutputDirectory = output, Documents = RunDocuments.Standard() });

        var quality = Sale.Features.AssessQuality(source, rows: rows);
        var timeliness = quality.Dimensions.Single(d => d.Dimension == Quality.QualityDimension.Timeliness);
        Assert.StartsWith("newest event 2010-12-01 00:00 UTC", timeliness.Evidence, StringComparison.Ordinal);
        Assert.Contains("(computed event time)", timeliness.Evidence, StringComparison.Ordinal);

        var split = Sale.Features.Split(rows, new Splitting.SplitOptions { Strategy = SplitStrategy.Temporal, TestFraction = settings.TestFraction, Seed = settings.Seed });
        var expected = FormattableString.Invariant(
            $"training {split.Train.Min(s => s.SoldOn):yyyy-MM-dd} to {split.Train.Max(s => s.SoldOn):yyyy-MM-dd}; holdout {split.Test.Min(s => s.SoldOn):yyyy-MM-dd} to {split.Test.Max(s => s.SoldOn):yyyy-MM-dd}");
        Assert.Equal(expected, report.DateRange);
        Assert.StartsWith("training 2006-01-01 to 2009-", report.DateRange, StringComparison.Ordinal);

        var evaluation = report.Evaluation!;
        // Intervals from the time-series folds' out-of-fold predictions, on the log scale the model was trained on.
        var intervals = evaluation.PredictionIntervals!;
        Assert.Equal(TargetTransform.Log, intervals.Interval.Scale);
        Assert.InRange(intervals.Coverage.Value, 0.8, 0.99);
        Assert.Contains(evaluation.Checks, c => c.Name == "prediction_intervals" && c.Status is CheckStatus.Passed or CheckStatus.Warning);
        Assert.DoesNotContain(evaluation.Checks, c => c.Name == "calibration");
        // Residuals over time cover the holdout period in order.
        Assert.Equal(split.Test.Length, evaluation.ResidualsOverTime.Sum(p => p.Rows));
        Assert.Equal(split.Test.Min(s => s.SoldOn), evaluation.ResidualsOverTime[0].From);
        Assert.True(evaluation.ResidualsOverTime.Zip(evaluation.ResidualsOverTime.Skip(1)).All(p => p.First.To <= p.Second.From));
        // The rare neighbourhood is marked, the others carry an interval and their bias.
        var groups = evaluation.Segments.Single(s => s.Column == "Neighborhood").Groups;
        Assert.True(groups.Single(g => g.Value == "Blueste").Small);
        Assert.All(groups.Where(g => g.Value != "Blueste"), g => Assert.True(!g.Small && g.MeanResidual is not null && g.Score!.Lower < g.Score.Upper));

        var card = await File.ReadAllTextAsync(Path.Combine(output, "model_card.md"));
        Assert.Contains("- Date range: " + expected, card, StringComparison.Ordinal);
        Assert.DoesNotContain("calibration", card, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("prediction_interval_coverage_90", card, StringComparison.Ordinal);
        var blueste = groups.Single(g => g.Value == "Blueste");
        Assert.Contains($"Segments too small for a confident interval (their numbers are indicative only): Neighborhood = Blueste ({blueste.Rows})", card, StringComparison.Ordinal);
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "experiment_report.json")))!;
        Assert.Equal(expected, json["date_range"]!.GetValue<string>());
    }
}
