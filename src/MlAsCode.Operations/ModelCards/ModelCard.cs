using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using MlAsCode.Evaluation;
using MlAsCode.Evaluation.Reporting;
using MlAsCode.Features;
using MlAsCode.Framing;

namespace MlAsCode.ModelCards;

/// <summary>What a model card needs beyond the declarations: who owns the model and how it is maintained.</summary>
public sealed record ModelCardOptions
{
    /// <summary>The model's version (semantic version or registry version); the experiment id when not given.</summary>
    public string? Version { get; init; }

    /// <summary>The card's date.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>The owning team.</summary>
    public string Owner { get; init; } = "";

    /// <summary>Who to contact.</summary>
    public string Contact { get; init; } = "";

    /// <summary>Uses the model must not be put to.</summary>
    public ImmutableArray<string> OutOfScopeUses { get; init; } = [];

    /// <summary>When the model is retrained.</summary>
    public string RetrainingSchedule { get; init; } = "";

    /// <summary>How the model is monitored in production.</summary>
    public string Monitoring { get; init; } = "";

    /// <summary>The range of dates the training data covers.</summary>
    public string TrainingDateRange { get; init; } = "";

    /// <summary>Training instance price per hour: the card then states the training cost of a run.</summary>
    public double TrainingPricePerHour { get; init; }
}

/// <summary>A metric of one group of a slice (a protected attribute or a segment column).</summary>
public sealed record SlicedMetric(string Slice, string Group, int Rows, string Metric, double Value);

/// <summary>
/// The methodology's Phase 9 model card, filled from facts: the problem brief (intended use, ethical considerations), the
/// feature set (features, owners, known issues), the experiment (data version, model, hyperparameters, verdict) and its
/// evaluation (metrics with intervals, sliced metrics, the checklist). <see cref="Limitations"/> and
/// <see cref="EthicalConsiderations"/> list every check that failed or was not run, so a card cannot look complete when
/// the evaluation was not. Written as Markdown (<see cref="ToMarkdown"/>) and YAML (<see cref="ToYaml"/>, the methodology's
/// <c>model_card:</c> keys).
/// </summary>
public sealed record ModelCard
{
    /// <summary>The model's name.</summary>
    public required string ModelName { get; init; }

    /// <summary>Version.</summary>
    public required string Version { get; init; }

    /// <summary>Date (ISO 8601), or empty.</summary>
    public string Date { get; init; } = "";

    /// <summary>Owner.</summary>
    public string Owner { get; init; } = "";

    /// <summary>What the model is.</summary>
    public required string Description { get; init; }

    /// <summary>What it is for.</summary>
    public required string IntendedUse { get; init; }

    /// <summary>What it is not for.</summary>
    public ImmutableArray<string> OutOfScopeUses { get; init; } = [];

    /// <summary>Training data source.</summary>
    public string TrainingSource { get; init; } = "";

    /// <summary>Training data size.</summary>
    public string TrainingSize { get; init; } = "";

    /// <summary>Date range of the training data.</summary>
    public string TrainingDateRange { get; init; } = "";

    /// <summary>Known biases and gaps of the data.</summary>
    public ImmutableArray<string> KnownBiases { get; init; } = [];

    /// <summary>The features, each with its description.</summary>
    public ImmutableArray<string> Features { get; init; } = [];

    /// <summary>Holdout metrics with their intervals.</summary>
    public ImmutableArray<MetricEstimate> Metrics { get; init; } = [];

    /// <summary>The evaluation data sets.</summary>
    public ImmutableArray<string> Datasets { get; init; } = [];

    /// <summary>Metrics by subgroup.</summary>
    public ImmutableArray<SlicedMetric> SlicedMetrics { get; init; } = [];

    /// <summary>Limitations, including every evaluation check that failed or did not run.</summary>
    public ImmutableArray<string> Limitations { get; init; } = [];

    /// <summary>Ethical considerations, including every fairness check that failed or did not run.</summary>
    public ImmutableArray<string> EthicalConsiderations { get; init; } = [];

    /// <summary>Retraining schedule.</summary>
    public string RetrainingSchedule { get; init; } = "";

    /// <summary>Monitoring.</summary>
    public string Monitoring { get; init; } = "";

    /// <summary>Contact.</summary>
    public string Contact { get; init; } = "";

    /// <summary>What one training run costs (wall time × the training price), when a price was given.</summary>
    public string TrainingCost { get; init; } = "";

    /// <summary>The card as Markdown.</summary>
    public string ToMarkdown()
    {
        var m = new StringBuilder();
        m.Append("# Model card: ").Append(ModelName).Append("\n\n");
        m.Append("| | |\n| --- | --- |\n");
        foreach (var (key, value) in new[] { ("Version", Version), ("Date", Date), ("Owner", Owner), ("Contact", Contact) })
        {
            m.Append("| ").Append(key).Append(" | ").Append(Cell(Or(value))).Append(" |\n");
        }

        m.Append("\n## Description\n\n").Append(Description).Append("\n\n## Intended use\n\n").Append(IntendedUse).Append('\n');
        List(m, "Out-of-scope uses", OutOfScopeUses);
        m.Append("\n## Training data\n\n- Source: ").Append(Or(TrainingSource)).Append("\n- Size: ").Append(TrainingSize)
            .Append("\n- Date range: ").Append(Or(TrainingDateRange)).Append('\n');
        List(m, "Known biases", KnownBiases);
        List(m, "Features", Features);
        m.Append("\n## Evaluation\n\n").Append(string.Join("; ", Datasets)).Append(".\n\n| metric | value | 95% interval |\n| --- | ---: | --- |\n");
        foreach (var metric in Metrics)
        {
            m.Append("| ").Append(metric.Name).Append(" | ").Append(N(metric.Score.Value)).Append(" | [").Append(N(metric.Score.Lower)).Append(", ").Append(N(metric.Score.Upper)).Append("] |\n");
        }

        if (!SlicedMetrics.IsEmpty)
        {
            m.Append("\n### Sliced metrics\n\n| slice | group | rows | metric | value |\n| --- | --- | ---: | --- | ---: |\n");
            foreach (var s in SlicedMetrics)
            {
                m.Append("| ").Append(Cell(s.Slice)).Append(" | ").Append(Cell(s.Group)).Append(" | ").Append(s.Rows).Append(" | ").Append(s.Metric).Append(" | ").Append(N(s.Value)).Append(" |\n");
            }
        }

        List(m, "Limitations", Limitations);
        List(m, "Ethical considerations", EthicalConsiderations);
        m.Append("\n## Maintenance\n\n- Retraining schedule: ").Append(Or(RetrainingSchedule)).Append("\n- Monitoring: ").Append(Or(Monitoring))
            .Append("\n- Contact: ").Append(Or(Contact)).Append("\n- Training cost: ").Append(Or(TrainingCost)).Append('\n');
        return m.ToString();
    }

    /// <summary>The card as YAML with the methodology's template keys (strings double-quoted, so any text is safe).</summary>
    public string ToYaml()
    {
        var y = new StringBuilder("model_card:\n");
        void Scalar(int indent, string key, string value) => y.Append(' ', indent).Append(key).Append(": ").Append(Q(value)).Append('\n');
        void Sequence(int indent, string key, IEnumerable<string> values)
        {
            var items = values.ToList();
            y.Append(' ', indent).Append(key).Append(':').Append(items.Count == 0 ? " []\n" : "\n");
            foreach (var item in items)
            {
                y.Append(' ', indent + 2).Append("- ").Append(Q(item)).Append('\n');
            }
        }

        Scalar(2, "model_name", ModelName);
        Scalar(2, "version", Version);
        Scalar(2, "date", Date);
        Scalar(2, "owner", Owner);
        Scalar(2, "description", Description);
        Scalar(2, "intended_use", IntendedUse);
        Sequence(2, "out_of_scope_uses", OutOfScopeUses);
        y.Append("  training_data:\n");
        Scalar(4, "source", TrainingSource);
        Scalar(4, "size", TrainingSize);
        Scalar(4, "date_range", TrainingDateRange);
        Sequence(4, "known_biases", KnownBiases);
        Sequence(4, "features", Features);
        y.Append("  evaluation:\n    metrics:").Append(Metrics.IsEmpty ? " {}\n" : "\n");
        foreach (var metric in Metrics)
        {
            y.Append("      ").Append(metric.Name).Append(": {value: ").Append(Y(metric.Score.Value)).Append(", lower: ").Append(Y(metric.Score.Lower))
                .Append(", upper: ").Append(Y(metric.Score.Upper)).Append("}\n");
        }

        Sequence(4, "datasets", Datasets);
        y.Append("    sliced_metrics:").Append(SlicedMetrics.IsEmpty ? " {}\n" : "\n");
        foreach (var slice in SlicedMetrics.GroupBy(s => s.Slice))
        {
            y.Append("      ").Append(Q(slice.Key)).Append(":\n");
            foreach (var group in slice.GroupBy(s => s.Group))
            {
                y.Append("        ").Append(Q(group.Key)).Append(": {rows: ").Append(group.First().Rows);
                foreach (var s in group)
                {
                    y.Append(", ").Append(s.Metric).Append(": ").Append(Y(s.Value));
                }

                y.Append("}\n");
            }
        }

        Sequence(2, "limitations", Limitations);
        Sequence(2, "ethical_considerations", EthicalConsiderations);
        y.Append("  maintenance:\n");
        Scalar(4, "retraining_schedule", RetrainingSchedule);
        Scalar(4, "monitoring", Monitoring);
        Scalar(4, "contact", Contact);
        Scalar(4, "training_cost", TrainingCost);
        return y.ToString();
    }

    private static void List(StringBuilder m, string title, IReadOnlyCollection<string> items)
    {
        m.Append("\n## ").Append(title).Append("\n\n");
        if (items.Count == 0)
        {
            m.Append("None recorded.\n");
            return;
        }

        foreach (var item in items)
        {
            m.Append("- ").Append(item).Append('\n');
        }
    }

    private static string Or(string value) => string.IsNullOrWhiteSpace(value) ? "not recorded" : value;

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal);

    private static string N(double value) => double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";

    // YAML: a double-quoted scalar with JSON escapes is valid YAML 1.2; numbers in plain form, .nan when undefined.
    private static string Q(string value) => JsonSerializer.Serialize(value, Json);

    private static string Y(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : ".nan";

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
