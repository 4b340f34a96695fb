using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using MlAsCode.Cli;
using MlAsCode.Evaluation;

namespace MlAsCode.Cli.Tests;

/// <summary><c>mlac evaluate</c> on files written from scikit-learn's reference cases (reference_metrics.json).</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "reference_metrics.json"))).RootElement.GetProperty("cases");
    private readonly string _folder = Directory.CreateTempSubdirectory("mlac-evaluate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Output, string Error) Run(params string[] args) => Mlac.Run(args);

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString("R", CultureInfo.InvariantCulture) : value.ToString();

    [Fact]
    public void Binary_metrics_match_scikit_learn_overall_and_each_group_matches_its_own_rows()
    {
        foreach (var c in Cases.GetProperty("binary").EnumerateArray())
        {
            var labels = c.GetProperty("label").EnumerateArray().Select(Text).ToArray();
            var scores = c.GetProperty("score").EnumerateArray().Select(Text).ToArray();
            var path = Write("binary.csv", ["churn,probability,segment", .. labels.Select((l, i) => $"{l},{scores[i]},{(i % 3 == 0 ? "new" : "old")}")]);
            var (code, output, error) = Run("evaluate", path, "--task", "binary", "--label", "churn", "--score", "probability",
                "--threshold", Text(c.GetProperty("threshold")), "--group", "segment", "--json");
            Assert.True(code == MlacApp.Ok, error);
            var json = JsonDocument.Parse(output).RootElement;
            var expected = c.GetProperty("expected");
            Assert.Equal("binary", json.GetProperty("task").GetString());
            Assert.Equal(labels.Length, json.GetProperty("rows").GetInt32());
            foreach (var key in new[] { "roc_auc", "f1", "precision", "recall", "accuracy", "balanced_accuracy", "mcc", "brier", "log_loss" })
            {
                Assert.Equal(expected.GetProperty(key).GetDouble(), json.GetProperty(key).GetDouble(), 9);
            }

            Assert.Equal(expected.GetProperty("pr_auc_average_precision").GetDouble(), json.GetProperty("pr_auc").GetDouble(), 9);

            var groups = json.GetProperty("groups");
            var newRows = Enumerable.Range(0, labels.Length).Where(i => i % 3 == 0).ToArray();
            Assert.Equal(newRows.Length, groups.GetProperty("new").GetProperty("rows").GetInt32());
            Assert.Equal(labels.Length - newRows.Length, groups.GetProperty("old").GetProperty("rows").GetInt32());
            bool[] y = [.. newRows.Select(i => labels[i] == "1")];
            double[] s = [.. newRows.Select(i => double.Parse(scores[i], CultureInfo.InvariantCulture))];
            Assert.Equal(Metrics.RocAuc(y, s), groups.GetProperty("new").GetProperty("roc_auc").GetDouble(), 12);
            Assert.Equal(Metrics.Confusion(y, s, c.GetProperty("threshold").GetDouble()).Recall, groups.GetProperty("new").GetProperty("recall").GetDouble(), 12);
        }
    }

    [Fact]
    public void Report_writes_html_and_json_with_the_same_numbers_and_fairness_for_protected_columns()
    {
        var c = Cases.GetProperty("binary")[0];
        var labels = c.GetProperty("label").EnumerateArray().Select(Text).ToArray();
        var scores = c.GetProperty("score").EnumerateArray().Select(Text).ToArray();
        var path = Write("scored.csv", ["churn,probability,segment,gender", .. labels.Select((l, i) => $"{l},{scores[i]},{(i % 3 == 0 ? "new" : "old")},{(i % 2 == 0 ? "f" : "m")}")]);
        var report = Path.Combine(_folder, "out", "report.html");

        var (code, output, error) = Run("evaluate", path, "--task", "binary", "--label", "churn", "--score", "probability", "--threshold", "0.3",
            "--group", "segment", "--protected", "gender", "--json", "--report", report);

        Assert.True(code == MlacApp.Ok, error);
        var printed = JsonDocument.Parse(output).RootElement;
        var numbers = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "out", "report.json"))).RootElement;
        foreach (var key in new[] { "roc_auc", "pr_auc", "f1", "precision", "recall", "brier", "log_loss" })
        {
            Assert.Equal(printed.GetProperty(key).GetDouble(), numbers.GetProperty("metrics").GetProperty(key).GetProperty("value").GetDouble(), 12);
        }

        Assert.Equal(0.3, numbers.GetProperty("threshold").GetDouble());
        Assert.Equal(["f", "m"], numbers.GetProperty("fairness").GetProperty("gender").GetProperty("groups").EnumerateObject().Select(g => g.Name));
        Assert.Equal(["new", "old"], numbers.GetProperty("segments").GetProperty("segment").GetProperty("groups").EnumerateObject().Select(g => g.Name));
        var html = File.ReadAllText(report);
        Assert.Contains("aria-label=\"ROC curve\"", html);
        Assert.Contains("Scores by gender", html);
        Assert.Contains($"report: {report}", error);
    }

    [Fact]
    public void Multiclass_and_regression_metrics_match_scikit_learn()
    {
        foreach (var c in Cases.GetProperty("multiclass").EnumerateArray())
        {
            var labels = c.GetProperty("label").EnumerateArray().Select(Text).ToArray();
            var predicted = c.GetProperty("predicted").EnumerateArray().Select(Text).ToArray();
            var path = Write("multiclass.csv", ["label,predicted", .. labels.Select((l, i) => $"class_{l},class_{predicted[i]}")]);
            var (code, output, error) = Run("evaluate", path, "--task", "multiclass", "--label", "label", "--predicted", "predicted", "--json");
            Assert.True(code == MlacApp.Ok, error);
            var json = JsonDocument.Parse(output).RootElement;
            foreach (var key in new[] { "macro_f1", "micro_f1", "weighted_f1", "accuracy", "cohen_kappa" })
            {
                Assert.Equal(c.GetProperty("expected").GetProperty(key).GetDouble(), json.GetProperty(key).GetDouble(), 9);
            }
        }

        foreach (var c in Cases.GetProperty("regression").EnumerateArray())
        {
            var labels = c.GetProperty("label").EnumerateArray().Select(Text).ToArray();
            var predicted = c.GetProperty("predicted").EnumerateArray().Select(Text).ToArray();
            var path = Write("regression.csv", ["strength,prediction", .. labels.Select((l, i) => $"{l},{predicted[i]}")]);
            var (code, output, error) = Run("evaluate", path, "--task", "regression", "--label", "strength", "--score", "prediction", "--json");
            Assert.True(code == MlacApp.Ok, error);
            var json = JsonDocument.Parse(output).RootElement;
            foreach (var key in new[] { "mae", "rmse", "r2", "mape", "median_ae" })
            {
                Assert.Equal(c.GetProperty("expected").GetProperty(key).GetDouble(), json.GetProperty(key).GetDouble(), 9);
            }
        }
    }

    [Fact]
    public void Text_output_lists_every_metric_and_hard_binary_predictions_give_the_threshold_metrics()
    {
        var path = Write("hard.csv", "actual,predicted", "yes,yes", "yes,no", "no,no", "no,yes", "yes,yes");
        var (code, output, _) = Run("evaluate", path, "--task", "binary", "--label", "actual", "--predicted", "predicted");
        Assert.Equal(MlacApp.Ok, code);
        Assert.Contains("hard.csv: 5 rows, binary", output);
        Assert.Contains("precision          0.666667", output); // 2 of 3 predicted yes are yes
        Assert.Contains("recall             0.666667", output);
        Assert.DoesNotContain("roc_auc", output); // needs scores, not classes
    }

    [Theory]
    [InlineData("y,p\n1,0.2\n0,abc\n", "--score", "line 3, column p: 'abc' is not a finite number")]
    [InlineData("y,p\n1,0.2\n0,1.7\n", "--score", "line 3, column p: 1.7 is not a probability")]
    [InlineData("y,p\n1,0.2\n1,0.4\n", "--score", "every label is '1'; binary metrics need both classes")]
    [InlineData("y,p\na,0.2\nb,0.4\nc,0.1\n", "--score", "a binary label has two values, but there are 3")]
    [InlineData("y,p\nlow,0.2\nhigh,0.4\n", "--score", "cannot tell the positive class of low / high; name it with --positive")]
    [InlineData("y,p\n", "--score", "has a header but no rows")]
    [InlineData("", "--score", "is empty")]
    [InlineData("y,q\n1,0.2\n", "--score", "has no score column 'p'; its columns are y, q")]
    [InlineData("y,p\n1,\n0,0.1\n", "--score", "line 2, column p: the value is missing")]
    public void Malformed_input_exits_2_with_the_line_column_and_reason(string content, string kind, string message)
    {
        var path = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(path, content);
        var (code, output, error) = Run("evaluate", path, "--task", "binary", "--label", "y", kind, "p");
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Equal("", output);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Wrong_option_combinations_exit_2()
    {
        var path = Write("ok.csv", "y,p", "1,0.9", "0,0.1");
        Assert.Contains("exactly one of a score column", Run("evaluate", path, "--task", "binary", "--label", "y").Error);
        Assert.Contains("not a score column", Run("evaluate", path, "--task", "multiclass", "--label", "y", "--score", "p").Error);
        Assert.Equal(MlacApp.UsageError, Run("evaluate", path, "--task", "ranking", "--label", "y", "--score", "p").Code);
        Assert.Contains("column y: 'cat' is not a finite number", Run("evaluate", Write("r.csv", "y,p", "cat,1"), "--task", "regression", "--label", "y", "--score", "p").Error);
    }
}
