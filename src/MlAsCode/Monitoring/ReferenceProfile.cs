using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlAsCode.Monitoring;

/// <summary>One input's reference values: numbers, or categories.</summary>
/// <param name="Name">The field name (the source column, as served requests name it).</param>
/// <param name="Numbers">Numeric values at single precision (<see cref="Drift.Canonical"/>; a seeded sample of at most <see cref="ReferenceProfile.MaxValues"/>).</param>
/// <param name="Categories">Category shares (categorical inputs).</param>
public sealed record ReferenceColumn(string Name, ImmutableArray<double> Numbers, ImmutableSortedDictionary<string, double>? Categories);

/// <summary>
/// What the model saw at training time, saved next to it so monitoring can tell drift: per input a seeded sample of
/// values (or the category shares), and the predictions on the training rows.
/// </summary>
public sealed record ReferenceProfile(ImmutableArray<ReferenceColumn> Columns, ImmutableArray<double> Predictions)
{
    /// <summary>Most values kept per numeric column.</summary>
    public const int MaxValues = 10_000;

    /// <summary>How many training rows had each label (classification: <c>"0"</c> and <c>"1"</c>), for the label
    /// drift test on outcomes; null when not recorded.</summary>
    public ImmutableSortedDictionary<string, long>? LabelCounts { get; init; }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Builds a profile from the columns' raw values (null or empty for missing) and the predictions.</summary>
    /// <param name="columns">Field name → each training row's value, as text for categories or numbers.</param>
    /// <param name="predictions">The model's outputs on the training rows.</param>
    /// <param name="seed">Seed of the sample.</param>
    public static ReferenceProfile Create(IReadOnlyDictionary<string, IReadOnlyList<object?>> columns, IReadOnlyList<double> predictions, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(predictions);
        var random = new Random(seed);
        var result = new List<ReferenceColumn>();
        foreach (var (name, values) in columns)
        {
            var present = values.Where(v => v is not null && v is not "").ToList();
            if (present.Count > 0 && present.All(v => v is DateTime or DateTimeOffset or DateOnly))
            {
                // Time moves on: served dates are always "new", so a date input is not profiled (the features derived
                // from it, such as the day of the week, are what the model reads).
                continue;
            }

            if (present.Count > 0 && present.All(v => v is IConvertible c && c is not string and not bool and not char))
            {
                var numbers = present.Select(v => Drift.Canonical(Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture))).Where(double.IsFinite).ToList();
                result.Add(new ReferenceColumn(name, [.. Sample(numbers, random)], null));
            }
            else
            {
                var text = present.Select(v => v is bool b ? (b ? "true" : "false") : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToList();
                result.Add(new ReferenceColumn(name, [], text.GroupBy(t => t, StringComparer.Ordinal)
                    .ToImmutableSortedDictionary(g => g.Key, g => g.Count() / (double)Math.Max(1, text.Count), StringComparer.Ordinal)));
            }
        }

        return new ReferenceProfile([.. result], [.. Sample([.. predictions.Where(double.IsFinite).Select(Drift.Canonical)], random)]);
    }

    /// <summary>The profile of a feature set's training rows: each input under its field name (the naming contract,
    /// as served requests and the prediction log name it), the model's <paramref name="predictions"/> on those rows, and
    /// for binary classification the label counts for the label drift test. The experiment runner writes it as
    /// <c>reference_profile.json</c> beside every binary or regression model.</summary>
    /// <exception cref="ArgumentException">Not one prediction per row.</exception>
    public static ReferenceProfile ForTraining<TRow>(Features.FeatureSetDefinition<TRow> features, IReadOnlyList<TRow> rows, IReadOnlyList<double> predictions, MlTask task, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Count != rows.Count)
        {
            throw new ArgumentException($"{predictions.Count} predictions for {rows.Count} rows; give one per row.", nameof(predictions));
        }

        var profile = Create(features.InputValues(rows), predictions, seed);
        if (task != MlTask.BinaryClassification || features.Target is not { } target)
        {
            return profile;
        }

        long positives = 0;
        foreach (var row in rows)
        {
            positives += target.Value(row) > 0.5 ? 1 : 0;
        }

        return profile with
        {
            LabelCounts = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                [new KeyValuePair<string, long>("0", rows.Count - positives), new KeyValuePair<string, long>("1", positives)]),
        };
    }

    private static IEnumerable<double> Sample(List<double> values, Random random) =>
        values.Count <= MaxValues ? values : values.OrderBy(_ => random.Next()).Take(MaxValues);

    /// <summary>Writes the profile as JSON.</summary>
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <summary>Reads a profile (numbers at single precision, <see cref="Drift.Canonical"/>).</summary>
    /// <exception cref="InvalidDataException">The file is not a reference profile.</exception>
    public static ReferenceProfile Load(string path)
    {
        try
        {
            var profile = JsonSerializer.Deserialize<ReferenceProfile>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path} is empty; expected a reference profile.");

            // Profiles saved before numbers were kept at single precision are read as if they had been.
            return profile with
            {
                Columns = [.. profile.Columns.Select(c => c.Numbers.IsDefaultOrEmpty ? c : c with { Numbers = [.. c.Numbers.Select(Drift.Canonical)] })],
                Predictions = profile.Predictions.IsDefaultOrEmpty ? profile.Predictions : [.. profile.Predictions.Select(Drift.Canonical)],
            };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a reference profile: {e.Message}", e);
        }
    }
}
