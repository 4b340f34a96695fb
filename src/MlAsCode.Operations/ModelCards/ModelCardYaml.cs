using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using MlAsCode.Evaluation;
using MlAsCode.Evaluation.Reporting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MlAsCode.ModelCards;

/// <summary>
/// Reads a <c>model_card.yaml</c> written by an experiment back into a <see cref="ModelCard"/> (YamlDotNet), and
/// says which of the methodology's Phase 9 template fields are still empty — the parts a person fills in (owner, contact,
/// out-of-scope uses, training date range, retraining schedule, monitoring).
/// </summary>
public static class ModelCardYaml
{
    /// <summary>Template fields, as their YAML keys, that an experiment cannot know and a person must fill in.</summary>
    public static ImmutableArray<string> HumanFields { get; } =
        ["date", "owner", "out_of_scope_uses", "training_data.date_range", "maintenance.retraining_schedule", "maintenance.monitoring", "maintenance.contact"];

    /// <summary>Parses <paramref name="yaml"/>; <paramref name="path"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">Not YAML, not a model card, or a required key is missing (the key is named).</exception>
    public static ModelCard Read(string yaml, string path = "model_card.yaml")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{path} line {e.Start.Line}, column {e.Start.Column}: not valid YAML ({e.Message}).", e);
        }

        try
        {
            return Read(stream, path);
        }
        catch (Exception e) when (e is InvalidCastException or KeyNotFoundException or FormatException or OverflowException or NullReferenceException)
        {
            throw new InvalidDataException($"{path}: not a model card as experiments write it ({e.Message}); regenerate it by running the experiment.", e);
        }
    }

    private static ModelCard Read(YamlStream stream, string path)
    {
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || Child(root, "model_card") is not YamlMappingNode card)
        {
            throw new InvalidDataException($"{path}: expected a 'model_card:' mapping at the top.");
        }

        string Text(YamlMappingNode node, string key, string where) => Child(node, key) switch
        {
            YamlScalarNode scalar => scalar.Value ?? "",
            null => throw new InvalidDataException($"{path}: '{where}{key}' is missing."),
            _ => throw new InvalidDataException($"{path}: '{where}{key}' must be text."),
        };

        ImmutableArray<string> Texts(YamlMappingNode node, string key, string where) => Child(node, key) switch
        {
            YamlSequenceNode sequence => [.. sequence.Children.Select(c => (c as YamlScalarNode)?.Value ?? throw new InvalidDataException($"{path}: '{where}{key}' must list text."))],
            null => [],
            _ => throw new InvalidDataException($"{path}: '{where}{key}' must be a list."),
        };

        YamlMappingNode Map(YamlMappingNode node, string key) =>
            Child(node, key) as YamlMappingNode ?? throw new InvalidDataException($"{path}: '{key}' is missing or not a mapping.");

        // The keys in the template's order, so the first one missing is the one reported.
        foreach (var key in new[] { "model_name", "version", "date", "owner", "description", "intended_use" })
        {
            _ = Text(card, key, "");
        }

        var training = Map(card, "training_data");
        var evaluation = Map(card, "evaluation");
        var maintenance = Map(card, "maintenance");
        var metrics = Child(evaluation, "metrics") is YamlMappingNode m
            ? m.Children.Select(p => new MetricEstimate(((YamlScalarNode)p.Key).Value!, Interval(p.Value, path, "evaluation.metrics." + ((YamlScalarNode)p.Key).Value)))
            : [];
        var sliced = new List<SlicedMetric>();
        if (Child(evaluation, "sliced_metrics") is YamlMappingNode slices)
        {
            foreach (var (sliceKey, groups) in slices.Children)
            {
                foreach (var (groupKey, values) in ((YamlMappingNode)groups).Children)
                {
                    var entries = ((YamlMappingNode)values).Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value!, StringComparer.Ordinal);
                    var rows = int.Parse(entries["rows"], CultureInfo.InvariantCulture);
                    sliced.AddRange(entries.Where(e => e.Key != "rows").Select(e => new SlicedMetric(((YamlScalarNode)sliceKey).Value!, ((YamlScalarNode)groupKey).Value!, rows, e.Key, Number(e.Value))));
                }
            }
        }

        return new ModelCard
        {
            ModelName = Text(card, "model_name", ""),
            Version = Text(card, "version", ""),
            Date = Text(card, "date", ""),
            Owner = Text(card, "owner", ""),
            Description = Text(card, "description", ""),
            IntendedUse = Text(card, "intended_use", ""),
            OutOfScopeUses = Texts(card, "out_of_scope_uses", ""),
            TrainingSource = Text(training, "source", "training_data."),
            TrainingSize = Text(training, "size", "training_data."),
            TrainingDateRange = Text(training, "date_range", "training_data."),
            KnownBiases = Texts(training, "known_biases", "training_data."),
            Features = Texts(training, "features", "training_data."),
            Metrics = [.. metrics],
            Datasets = Texts(evaluation, "datasets", "evaluation."),
            SlicedMetrics = [.. sliced],
            Limitations = Texts(card, "limitations", ""),
            EthicalConsiderations = Texts(card, "ethical_considerations", ""),
            RetrainingSchedule = Text(maintenance, "retraining_schedule", "maintenance."),
            Monitoring = Text(maintenance, "monitoring", "maintenance."),
            Contact = Text(maintenance, "contact", "maintenance."),
            TrainingCost = Child(maintenance, "training_cost") is YamlScalarNode cost ? cost.Value ?? "" : "",
        };
    }

    /// <summary>The <see cref="HumanFields"/> that are empty in <paramref name="card"/>.</summary>
    public static ImmutableArray<string> Missing(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var values = new (string Field, bool Empty)[]
        {
            ("date", string.IsNullOrWhiteSpace(card.Date)),
            ("owner", string.IsNullOrWhiteSpace(card.Owner)),
            ("out_of_scope_uses", card.OutOfScopeUses.IsEmpty),
            ("training_data.date_range", string.IsNullOrWhiteSpace(card.TrainingDateRange)),
            ("maintenance.retraining_schedule", string.IsNullOrWhiteSpace(card.RetrainingSchedule)),
            ("maintenance.monitoring", string.IsNullOrWhiteSpace(card.Monitoring)),
            ("maintenance.contact", string.IsNullOrWhiteSpace(card.Contact)),
        };
        return [.. values.Where(v => v.Empty).Select(v => v.Field)];
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: var k } && k == key).Value;

    private static Interval Interval(YamlNode node, string path, string where)
    {
        if (node is not YamlMappingNode map)
        {
            throw new InvalidDataException($"{path}: '{where}' must be {{value, lower, upper}}.");
        }

        double Get(string key) => Child(map, key) is YamlScalarNode { Value: { } text } ? Number(text) : throw new InvalidDataException($"{path}: '{where}.{key}' is missing.");
        return new Interval(Get("value"), Get("lower"), Get("upper"), 0.95);
    }

    private static double Number(string text) => text switch
    {
        ".nan" or ".NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
