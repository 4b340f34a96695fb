using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using MlAsCode.Experiments;
using MlAsCode.ModelCards;
using MlAsCode.Training.Trainers;

namespace MlAsCode.Training.Tests;

public sealed class ModelCardTests : IDisposable
{
    private static readonly Customer[] Telco = [.. Customer.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv"))];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlac-card-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    // The brief declares two protected attributes; the feature set has a [Protected] column for only one of them.
    private static readonly Framing.ProblemBrief Brief = ChurnProblem.Brief with
    {
        ProtectedAttributes = ["senior_citizen", "female"],
        EthicalConsiderations = "Retention offers must not be withheld by age or gender",
        DataGaps = "No usage history",
    };

    private static async Task<ExperimentReport> Run(string output) =>
        await new ExperimentRunner<Customer>(
            new ExperimentSettings { Id = "EXP-2026-11-26-009", Hypothesis = "A linear model beats the rule", Split = SplitStrategy.Stratified, Folds = 3, Seed = 3, Resamples = 200 },
            Brief, Customer.Features, new MlNetTrainer(ModelFamily.Linear, MlTask.BinaryClassification, 3))
            .RunAsync(Telco, new ExperimentRunOptions
            {
                OutputDirectory = output,
                Documents = RunDocuments.Standard(new ModelCardOptions { Owner = "retention team", Contact = "retention@example.com", Date = new DateOnly(2026, 11, 26), OutOfScopeUses = ["credit decisions"], TrainingPricePerHour = 3.6 }),
            });

    [Fact]
    public async Task The_card_lists_every_check_that_failed_or_did_not_run()
    {
        var report = await Run(_folder);
        var card = report.ToModelCard(Brief, Customer.Features);

        Assert.Equal("churn-linear", card.ModelName);
        Assert.Equal("EXP-2026-11-26-009", card.Version);
        Assert.Equal(report.Evaluation!.Metrics, card.Metrics);
        Assert.Contains("Retention offers must not be withheld by age or gender", card.EthicalConsiderations);
        // "female" has no column: fairness could not run for it, and the card says so.
        Assert.Contains(card.EthicalConsiderations, e => e.StartsWith("Not run: fairness:female", StringComparison.Ordinal));
        var seniors = report.Evaluation.Checks.Single(c => c.Name == "fairness:senior_citizen");
        Assert.Equal(seniors.Status != Evaluation.Reporting.CheckStatus.Passed, card.EthicalConsiderations.Any(e => e.Contains("fairness:senior_citizen", StringComparison.Ordinal)));
        // No segments were declared: the breakdown did not run, and that is a limitation.
        Assert.Contains(card.Limitations, l => l.StartsWith("Not run: segment_breakdown", StringComparison.Ordinal));
        Assert.Contains("Data gaps: No usage history", card.Limitations);
        // Every check that failed, warned or did not run is on the card.
        static bool Listed(string line) => line.StartsWith("Failed", StringComparison.Ordinal) || line.StartsWith("Not run", StringComparison.Ordinal) || line.StartsWith("Warning", StringComparison.Ordinal);
        Assert.Equal(report.Evaluation.Checks.Count(c => c.Status != Evaluation.Reporting.CheckStatus.Passed),
            card.Limitations.Count(Listed) + card.EthicalConsiderations.Count(Listed));
        Assert.Equal(["0", "1"], card.SlicedMetrics.Where(s => s.Metric == "selection_rate").Select(s => s.Group));
        Assert.Contains(card.Features, f => f.StartsWith("Contract (OneHot)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_run_writes_the_card_as_markdown_and_yaml_with_the_seed_template_keys()
    {
        var report = await Run(_folder);
        var yaml = File.ReadAllText(Path.Combine(_folder, "model_card.yaml"));
        var markdown = File.ReadAllText(Path.Combine(_folder, "model_card.md"));

        string[] keys = ["model_card", "model_name", "version", "date", "owner", "description", "intended_use", "out_of_scope_uses", "training_data", "source",
            "size", "date_range", "known_biases", "evaluation", "metrics", "datasets", "sliced_metrics", "limitations", "ethical_considerations",
            "maintenance", "retraining_schedule", "monitoring", "contact"];
        Assert.All(keys, k => Assert.Matches(new Regex($"^ *{k}:", RegexOptions.Multiline), yaml));
        // Every quoted scalar is a JSON string (valid YAML 1.2 double-quoted) that reads back to the card's text.
        var owner = Regex.Match(yaml, "^  owner: (.*)$", RegexOptions.Multiline).Groups[1].Value;
        Assert.Equal("retention team", JsonSerializer.Deserialize<string>(owner));
        Assert.Equal("2026-11-26", JsonSerializer.Deserialize<string>(Regex.Match(yaml, "^  date: (.*)$", RegexOptions.Multiline).Groups[1].Value));
        var prAuc = report.Evaluation!.Primary.Score;
        Assert.Contains(FormattableString.Invariant($"      pr_auc: {{value: {prAuc.Value:R}, lower: {prAuc.Lower:R}, upper: {prAuc.Upper:R}}}"), yaml);

        Assert.StartsWith("# Model card: churn-linear", markdown);
        Assert.Contains("## Ethical considerations", markdown);
        Assert.Contains("- credit decisions", markdown);
        // $3.60 an hour is $0.001 a second: the card prices the run's measured wall time.
        Assert.Contains(FormattableString.Invariant($"    training_cost: \"${report.TrainingTime.TotalSeconds * 0.001:0.####} per run"), yaml);
        Assert.Contains(FormattableString.Invariant($"| pr_auc | {prAuc.Value:0.0000} |"), markdown);
    }
}
