using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlAsCode.Features;

namespace MlAsCode.Serving;

/// <summary>
/// The declared <see cref="UnknownCategory"/> policy applied to a request: <c>Error</c> refuses the row with a 400
/// naming the field, <c>Fallback</c> answers it with the service's fallback, <c>Allow</c> scores it; every unknown
/// category is reported in the answer (<c>unknown_categories</c>), the prediction log (so <c>/monitoring</c> counts
/// them) and the <c>mlascode.serving.unknown_categories</c> counter.
/// </summary>
internal static class UnknownCategoryPolicy
{
    /// <summary>Adds an error for each unknown category whose feature refuses them.</summary>
    public static void Refuse(IReadOnlyList<UnknownLevel>[] unknown, Dictionary<string, List<string>> errors, bool single)
    {
        for (var i = 0; i < unknown.Length; i++)
        {
            foreach (var level in unknown[i].Where(l => l.Policy == UnknownCategory.Error))
            {
                var key = single ? level.Field : $"[{i}].{level.Field}";
                if (!errors.TryGetValue(key, out var list))
                {
                    errors[key] = list = [];
                }

                list.Add($"'{level.Value}' is a category the training data never had ({level.Known} known levels); the feature declares Unknown = UnknownCategory.Error");
            }
        }
    }

    /// <summary>Attaches each row's unknown categories to its prediction, and puts the fallback's answer in place of
    /// the model's where a feature sends unknown categories to the fallback.</summary>
    /// <exception cref="InvalidOperationException">A feature declares the fallback policy but the service has none.</exception>
    public static Prediction[] Apply<TRow>(ModelService<TRow> service, IReadOnlyList<TRow> rows, IReadOnlyList<UnknownLevel>[] unknown, Prediction[] predictions)
    {
        // An empty array: no row has an unknown category.
        for (var i = 0; i < unknown.Length; i++)
        {
            if (unknown[i].Count == 0)
            {
                continue;
            }

            if (unknown[i].Any(l => l.Policy == UnknownCategory.Fallback) && predictions[i].Source == "model")
            {
                predictions[i] = service.FallbackForUnknown(rows[i], unknown[i], predictions[i].Arm)
                    ?? throw new InvalidOperationException(
                        $"Service {service.Name}: {string.Join(", ", unknown[i].Where(l => l.Policy == UnknownCategory.Fallback).Select(l => l.Field))} declares Unknown = UnknownCategory.Fallback but the service has no fallback; declare one ([Serve(Fallback = …)]) or choose Error or Allow.");
            }
            else
            {
                predictions[i] = predictions[i] with { Unknown = unknown[i] };
            }
        }

        return predictions;
    }

    /// <summary>Writes <c>"unknown_categories": {field: value}</c> when the prediction has any.</summary>
    public static void Write(Utf8JsonWriter writer, Prediction prediction)
    {
        if (prediction.Unknown.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("unknown_categories");
        foreach (var level in prediction.Unknown)
        {
            writer.WriteString(level.Field, level.Value);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a batch's <c>"unknown_category_counts": {field: rows}</c> when any row has one.</summary>
    public static void WriteCounts(Utf8JsonWriter writer, IEnumerable<Prediction> predictions)
    {
        var counts = predictions.SelectMany(p => p.Unknown).GroupBy(l => l.Field, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (counts.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("unknown_category_counts");
        foreach (var group in counts)
        {
            writer.WriteNumber(group.Key, group.Count());
        }

        writer.WriteEndObject();
    }

    /// <summary>The log's copy of <see cref="Write"/>.</summary>
    public static void Add(JsonObject output, Prediction prediction)
    {
        if (prediction.Unknown.Count > 0)
        {
            output["unknown_categories"] = new JsonObject(prediction.Unknown.Select(l => new KeyValuePair<string, JsonNode?>(l.Field, l.Value)));
        }
    }
}
