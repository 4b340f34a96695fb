using System;
using System.Linq;
using System.Text.Json;
using MlAsCode.Cli;
using MlAsCode.Experiments;

namespace MlAsCode.Cli.Tests;

public sealed class SelectModelCommandTests
{
    [Theory]
    [InlineData(MlTask.BinaryClassification, DataModality.Tabular, "Tabular classification", ModelFamily.LightGbm)]
    [InlineData(MlTask.Regression, DataModality.Tabular, "Tabular regression", ModelFamily.LightGbm)]
    [InlineData(MlTask.Regression, DataModality.TimeSeries, "Time series", ModelFamily.LightGbm)]
    [InlineData(MlTask.AnomalyDetection, DataModality.Tabular, "Anomaly detection", ModelFamily.IsolationForest)]
    [InlineData(MlTask.MulticlassClassification, DataModality.Image, "Image classification", null)]
    [InlineData(MlTask.Ranking, DataModality.Text, "Search/ranking", null)]
    public void Each_task_gets_the_methodologys_row(MlTask task, DataModality data, string row, ModelFamily? family)
    {
        var advice = ModelSelectionGuide.Recommend(task, 50_000, data);
        Assert.Equal((row, family), (advice.Row, advice.Family));
    }

    [Fact]
    public void The_size_thresholds_of_the_seed_decide_the_reasons_and_warnings()
    {
        var small = ModelSelectionGuide.Recommend(MlTask.BinaryClassification, 7_043);
        Assert.Contains(small.Warnings, w => w.Contains("under 10,000", StringComparison.Ordinal) && w.Contains("ML0301", StringComparison.Ordinal));
        var large = ModelSelectionGuide.Recommend(MlTask.BinaryClassification, 250_000);
        Assert.Empty(large.Warnings);
        Assert.Contains(large.Reasons, r => r.Contains("over 100,000", StringComparison.Ordinal) && r.Contains("ModelFamily.Mlp", StringComparison.Ordinal));
        Assert.Contains(ModelSelectionGuide.Recommend(MlTask.Regression, 800).Warnings, w => w.Contains("ML-vs-rules", StringComparison.Ordinal));
        Assert.Contains(ModelSelectionGuide.Recommend(MlTask.Recommendation, 5_000, users: 300).Warnings, w => w.Contains("fewer than 1,000 users", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => ModelSelectionGuide.Recommend(MlTask.Clustering, 5_000));
    }

    [Fact]
    public void The_command_prints_the_guide_as_json_and_exits_1_when_the_size_argues_against_the_plan()
    {
        var (code, output, error) = Mlac.Run(["select-model", "--task", "binary-classification", "--rows", "250000", "--json"]);
        Assert.True(code == MlacApp.Ok, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(("Tabular classification", "XGBoost/LightGBM", "LightGbm"),
            (json.GetProperty("row").GetString(), json.GetProperty("start_with").GetString(), json.GetProperty("family").GetString()));
        Assert.Equal(0, json.GetProperty("warnings").GetArrayLength());

        (code, output, _) = Mlac.Run(["select-model", "--task", "binary-classification", "--rows", "7043"]);
        Assert.Equal(MlacApp.Findings, code);
        Assert.Contains("! 7,043 rows: under 10,000", output, StringComparison.Ordinal);

        (code, output, _) = Mlac.Run(["select-model", "--task", "forecasting", "--rows", "5000", "--json"]);
        Assert.Equal("Time series", JsonDocument.Parse(output).RootElement.GetProperty("row").GetString());

        (code, _, error) = Mlac.Run(["select-model", "--task", "telepathy", "--rows", "10"]);
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("Unknown --task 'telepathy'", error, StringComparison.Ordinal);
        (code, _, error) = Mlac.Run(["select-model", "--task", "clustering", "--rows", "10"]);
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("no row for clustering", error, StringComparison.Ordinal);
    }

    [Fact]
    public void At_a_terminal_the_guide_and_the_data_quality_are_tables()
    {
        Terminal.ForceInteractive = true;
        try
        {
            var (code, guide, _) = Mlac.Run(["select-model", "--task", "binary-classification", "--rows", "7043"]);
            Assert.Equal(MlacApp.Findings, code);
            Assert.Contains("│ start with", guide, StringComparison.Ordinal);
            Assert.Contains("XGBoost/LightGBM", guide, StringComparison.Ordinal);

            var data = System.IO.Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv");
            var (_, quality, error) = Mlac.Run(["assess-data", data, "--target", "Churn"]);
            Assert.Contains("telco_churn.csv: ", quality + error, StringComparison.Ordinal);
            Assert.Contains("│ Completeness", quality, StringComparison.Ordinal);
        }
        finally
        {
            Terminal.ForceInteractive = false;
        }
    }
}
