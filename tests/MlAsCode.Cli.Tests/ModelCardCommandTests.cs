using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using MlAsCode.Cli;
using MlAsCode.Evaluation;
using MlAsCode.Evaluation.Reporting;
using MlAsCode.ModelCards;

namespace MlAsCode.Cli.Tests;

public sealed class ModelCardCommandTests
{
    // A card as an experiment writes it: what the run knows, none of the human parts.
    private static readonly ModelCard Card = new()
    {
        ModelName = "churn-lightgbm",
        Version = "EXP-2026-11-26-001",
        Description = "LightGbm model predicting \"customer cancels\" within 30 days: it's binary",
        IntendedUse = "Cut monthly churn.\nSuccess: reduce churn 15%.",
        TrainingSource = "7,043 telco customers",
        TrainingSize = "5634 training rows, 1409 holdout rows",
        KnownBiases = ["No usage history"],
        Features = ["Tenure (Standardize)", "Contract (OneHot)"],
        Metrics = [new MetricEstimate("pr_auc", new Interval(0.6512, 0.61, 0.69, 0.95)), new MetricEstimate("brier", new Interval(double.NaN, double.NaN, double.NaN, 0.95))],
        Datasets = ["holdout of 1409 rows"],
        SlicedMetrics = [new SlicedMetric("female", "1", 700, "selection_rate", 0.31), new SlicedMetric("female", "1", 700, "true_positive_rate", 0.7), new SlicedMetric("female", "0", 709, "selection_rate", 0.29)],
        Limitations = ["Not run: calibration - too few positives"],
        EthicalConsiderations = ["Offers must not depend on gender — checked as a slice"],
    };

    private static string Folder() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"mlac-card-{Guid.NewGuid():N}")).FullName;

    [Fact]
    public void A_card_written_as_yaml_reads_back_the_same()
    {
        var read = ModelCardYaml.Read(Card.ToYaml());
        Assert.Equal(Card.ToYaml(), read.ToYaml());
        Assert.Equal(Card.Description, read.Description);
        Assert.Equal(0.6512, read.Metrics[0].Score.Value);
        Assert.True(double.IsNaN(read.Metrics[1].Score.Value));
        Assert.Equal(3, read.SlicedMetrics.Length);
        Assert.Equal(["date", "owner", "out_of_scope_uses", "training_data.date_range", "maintenance.retraining_schedule", "maintenance.monitoring", "maintenance.contact"],
            ModelCardYaml.Missing(read).ToArray());
    }

    [Fact]
    public void The_command_fills_in_the_human_parts_and_exits_0_only_when_the_template_is_complete()
    {
        var experiment = Folder();
        File.WriteAllText(Path.Combine(experiment, "model_card.yaml"), Card.ToYaml());
        var output = Path.Combine(Folder(), "card");

        var (code, stdout, error) = Mlac.Run(["model-card", experiment, "--owner", "Retention team", "--out", output, "--json"]);
        Assert.True(code == MlacApp.Findings, error);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(["date", "out_of_scope_uses", "training_data.date_range", "maintenance.retraining_schedule", "maintenance.monitoring", "maintenance.contact"],
            json.GetProperty("missing").EnumerateArray().Select(m => m.GetString()!).ToArray());

        (code, stdout, error) = Mlac.Run(["model-card", experiment, "--owner", "Retention team", "--contact", "retention@example.com", "--date", "2026-11-26",
            "--out-of-scope", "Credit decisions", "--out-of-scope", "Pricing", "--training-date-range", "2024-01 to 2025-12",
            "--retraining-schedule", "Monthly, or when PSI > 0.25", "--monitoring", "Drift and latency at /monitoring", "--out", output]);
        Assert.True(code == MlacApp.Ok, error + stdout);
        Assert.Contains("every template field is filled in", stdout, StringComparison.Ordinal);
        var markdown = File.ReadAllText(Path.Combine(output, "model_card.md"));
        Assert.Contains("| Owner | Retention team |", markdown, StringComparison.Ordinal);
        Assert.Contains("- Credit decisions\n- Pricing", markdown, StringComparison.Ordinal);
        var completed = ModelCardYaml.Read(File.ReadAllText(Path.Combine(output, "model_card.yaml")));
        Assert.Equal(("Monthly, or when PSI > 0.25", "EXP-2026-11-26-001"), (completed.RetrainingSchedule, completed.Version));
        Assert.Empty(ModelCardYaml.Missing(completed));
    }

    [Fact]
    public void The_experiments_own_card_is_not_overwritten_and_bad_input_is_named()
    {
        var experiment = Folder();
        File.WriteAllText(Path.Combine(experiment, "model_card.yaml"), Card.ToYaml());
        var (code, _, error) = Mlac.Run(["model-card", experiment, "--out", experiment]);
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("--force", error, StringComparison.Ordinal);

        (code, _, error) = Mlac.Run(["model-card", Folder()]);
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("has no model_card.yaml", error, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(experiment, "model_card.yaml"), "model_card:\n  model_name: \"x\"\n  version: [unclosed\n");
        (code, _, error) = Mlac.Run(["model-card", experiment, "--out", Folder()]);
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Matches("model_card.yaml line [0-9]+, column [0-9]+: not valid YAML", error);

        File.WriteAllText(Path.Combine(experiment, "model_card.yaml"), "model_card:\n  model_name: \"x\"\n");
        (code, _, error) = Mlac.Run(["model-card", experiment, "--out", Folder()]);
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("'version' is missing", error, StringComparison.Ordinal);

        (code, _, error) = Mlac.Run(["model-card", experiment, "--date", "26/11/2026"]);
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("yyyy-MM-dd", error, StringComparison.Ordinal);
    }
}
