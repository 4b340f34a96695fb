using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MlAsCode.Features.Definition;
using MlAsCode.Features.State;

namespace MlAsCode.Features.Fitting;

/// <summary>Learns one feature's state from the training rows, and nothing else.</summary>
internal static class ColumnFitter
{
    /// <summary>The fitted state, and for target encoding the out-of-fold encoding of each training row.</summary>
    /// <remarks>Temporal columns come back with no fill values yet; <see cref="TemporalFitter"/> learns them by
    /// replaying the training rows in event-time order.</remarks>
    public static (ColumnState State, double[]? OutOfFold) Fit<TRow>(
        FeatureDefinition<TRow> feature, IReadOnlyList<TRow> rows, double[]? targets, string entity, int seed,
        RowAccessor<TRow, DateTime>? eventTime) =>
        feature.Kind switch
        {
            FeatureValueKind.Numeric => (FitNumeric(feature, rows, entity), null),
            FeatureValueKind.Categorical => FitCategorical(feature, rows, targets, entity, seed),
            FeatureValueKind.DateTime when feature.Transform == Transform.TimeSince => (FitTimeSince(feature, rows, entity, eventTime!), null),
            FeatureValueKind.DateTime => (FitCyclical(feature, entity), null),
            FeatureValueKind.Temporal => (TemporalFitter.Unfilled(feature, entity), null),
            _ => (FitInteraction(feature, rows, entity), null),
        };

    private static TimeSinceColumnState FitTimeSince<TRow>(
        FeatureDefinition<TRow> feature, IReadOnlyList<TRow> rows, string entity, RowAccessor<TRow, DateTime> eventTime)
    {
        var values = new double[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            values[i] = Kernels.TimeSinceKernel.Days(eventTime(rows[i]), feature.Time!(rows[i]));
        }

        var (fill, _) = Impute(feature, values);
        return new TimeSinceColumnState(feature.Property, [SingleName(feature, entity, "days_since")], fill);
    }

    internal static double? Fill<TRow>(FeatureDefinition<TRow> feature, double[] values) => Impute(feature, values).Fill;

    private static string BaseName<TRow>(FeatureDefinition<TRow> feature, string entity) =>
        feature.Options.Name ?? FeatureNaming.Compose(entity, feature.Property);

    private static string SingleName<TRow>(FeatureDefinition<TRow> feature, string entity, string suffix) =>
        feature.Options.Name ?? (suffix.Length == 0 ? BaseName(feature, entity) : BaseName(feature, entity) + "_" + suffix);

    private static ColumnState FitNumeric<TRow>(FeatureDefinition<TRow> feature, IReadOnlyList<TRow> rows, string entity)
    {
        var read = feature.Number!;
        var values = new double[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            values[i] = read(rows[i]);
            if (feature.Transform == Transform.Log && values[i] < 0 && feature.Options.Negative == NegativePolicy.Error)
            {
                throw new FeatureValueException(feature.Property, $"training row {i} is {values[i]}, negative under Log with NegativePolicy.Error; declare Negative = NegativePolicy.Clip or SignedLog, or fix the data");
            }
        }

        var (fill, imputed) = Impute(feature, values);
        var center = 0.0;
        var scale = 1.0;
        ImmutableArray<double> edges = [];
        switch (feature.Transform)
        {
            case Transform.Standardize:
                RequireValues(feature, imputed);
                center = Statistics.Mean(imputed);
                var std = Statistics.PopulationStdDev(imputed, center);
                scale = std == 0 ? 1 : std;
                break;
            case Transform.MinMax:
                RequireValues(feature, imputed);
                center = imputed.Min();
                var range = imputed.Max() - center;
                scale = range == 0 ? 1 : range;
                break;
            case Transform.QuantileBin:
                RequireValues(feature, imputed);
                var sorted = imputed.ToArray();
                Array.Sort(sorted);
                edges = [.. Enumerable.Range(1, feature.Options.Bins - 1)
                    .Select(k => Statistics.Quantile(sorted, (double)k / feature.Options.Bins))
                    .Distinct()];
                break;
        }

        var suffix = feature.Transform switch
        {
            Transform.Log => "log",
            Transform.Standardize => "standardized",
            Transform.MinMax => "minmax",
            Transform.QuantileBin => "bin",
            _ => "",
        };
        if (feature.Transform == Transform.QuantileBin && feature.Options.OneHotBins)
        {
            var stem = BaseName(feature, entity);
            return new BinColumnState(feature.Property, [.. Enumerable.Range(0, edges.Length + 1).Select(b => $"{stem}_bin_{b}")], fill, edges);
        }

        return new NumericColumnState(feature.Property, [SingleName(feature, entity, suffix)], feature.Transform, fill, center, scale, feature.Options.Negative, edges);
    }

    /// <summary>The fill value from the non-missing training values, and the values statistics are taken over
    /// (imputed values included, as a scikit-learn imputer followed by a scaler would).</summary>
    private static (double? Fill, List<double> Imputed) Impute<TRow>(FeatureDefinition<TRow> feature, double[] values)
    {
        var present = values.Where(double.IsFinite).ToList();
        var missing = values.Length - present.Count;
        var options = feature.Options;
        if (options.Impute is Imputation.Mean or Imputation.Median or Imputation.MostFrequent && present.Count == 0)
        {
            throw new FeatureValueException(feature.Property, $"has no non-missing training values to learn {options.Impute} imputation from");
        }

        double? fill = options.Impute switch
        {
            Imputation.Mean => Statistics.Mean(present),
            Imputation.Median => Statistics.Quantile([.. present.Order()], 0.5),
            Imputation.MostFrequent => Statistics.MostFrequent(present),
            Imputation.Constant => options.ImputeValue,
            _ => null,
        };
        if (fill is double f)
        {
            present.AddRange(Enumerable.Repeat(f, missing));
        }

        return (fill, present);
    }

    private static void RequireValues<TRow>(FeatureDefinition<TRow> feature, List<double> values)
    {
        if (values.Count == 0)
        {
            throw new FeatureValueException(feature.Property, $"has no non-missing training values to learn {feature.Transform} from; declare an imputation with a constant or check the data");
        }
    }

    private static (ColumnState, double[]?) FitCategorical<TRow>(
        FeatureDefinition<TRow> feature, IReadOnlyList<TRow> rows, double[]? targets, string entity, int seed)
    {
        var read = feature.Level!;
        var raw = new string?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            raw[i] = read(rows[i]);
        }

        var present = raw.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!).ToList();
        var options = feature.Options;
        string? fill = options.Impute switch
        {
            Imputation.MostFrequent when present.Count == 0 =>
                throw new FeatureValueException(feature.Property, "has no non-missing training values to learn MostFrequent imputation from"),
            Imputation.MostFrequent => Statistics.MostFrequent(present),
            Imputation.Constant when string.IsNullOrWhiteSpace(options.ImputeCategory) =>
                throw new FeatureValueException(feature.Property, "Constant imputation of a categorical feature needs ImputeCategory"),
            Imputation.Constant => options.ImputeCategory,
            _ => null,
        };
        var levels = raw.Select(l => string.IsNullOrWhiteSpace(l) ? fill : l).ToArray();
        var baseName = BaseName(feature, entity);
        if (feature.Transform == Transform.TfIdf)
        {
            return (FitTfIdf(feature, levels, baseName), null);
        }

        switch (feature.Transform)
        {
            case Transform.OneHot:
                var distinct = levels.Where(l => l is not null).Select(l => l!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
                var names = FeatureNaming.Unique(distinct.Select(l => baseName + "_" + FeatureNaming.ToSnakeCase(l)));
                return (new OneHotColumnState(feature.Property, [.. names], fill, distinct), null);
            case Transform.Hash:
                var buckets = options.HashBuckets;
                return (new HashColumnState(feature.Property, [.. Enumerable.Range(0, buckets).Select(b => $"{baseName}_hash_{b}")], fill, buckets), null);
            default:
                return FitTargetEncoding(feature, levels, targets!, fill, options.Name ?? baseName + "_target_encoded", seed);
        }
    }

    private static TfIdfColumnState FitTfIdf<TRow>(FeatureDefinition<TRow> feature, string?[] texts, string baseName)
    {
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var totalCount = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var term in TextTerms.Tokenize(text))
            {
                totalCount[term] = totalCount.GetValueOrDefault(term) + 1;
                if (seen.Add(term))
                {
                    documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
                }
            }
        }

        // The most frequent terms (ties by ordinal order, so the vocabulary never depends on row order), then sorted.
        var terms = totalCount.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal)
            .Take(feature.Options.MaxTerms).Select(t => t.Key).Order(StringComparer.Ordinal).ToImmutableArray();
        var n = texts.Length;
        var idf = terms.Select(t => Math.Log((1.0 + n) / (1.0 + documentFrequency[t])) + 1).ToImmutableArray();
        var names = FeatureNaming.Unique(terms.Select(t => $"{baseName}_tfidf_{FeatureNaming.ToSnakeCase(t)}"));
        return new TfIdfColumnState(feature.Property, [.. names], terms, idf);
    }

    private static (ColumnState, double[]) FitTargetEncoding<TRow>(
        FeatureDefinition<TRow> feature, string?[] levels, double[] targets, string? fill, string name, int seed)
    {
        var smoothing = feature.Options.Smoothing;
        var folds = feature.Options.Folds;
        if (levels.Length < folds)
        {
            throw new FeatureValueException(feature.Property, $"{folds}-fold target encoding needs at least {folds} training rows, got {levels.Length}");
        }

        var all = Enumerable.Range(0, levels.Length).ToArray();
        var (prior, table) = Encode(all, levels, targets, smoothing);
        var state = new TargetEncodingColumnState(
            feature.Property, [name], fill, prior, smoothing, folds,
            [.. table.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new LevelEncoding(e.Key, e.Value.Count, e.Value.Value))]);

        // Out-of-fold: each training row is encoded from the other folds only, so its own label never leaks in.
        var order = all.ToArray();
        new Random(seed).Shuffle(order);
        var fold = new int[levels.Length];
        for (var position = 0; position < order.Length; position++)
        {
            fold[order[position]] = position % folds;
        }

        var outOfFold = new double[levels.Length];
        for (var f = 0; f < folds; f++)
        {
            var (foldPrior, foldTable) = Encode([.. all.Where(i => fold[i] != f)], levels, targets, smoothing);
            foreach (var i in all.Where(i => fold[i] == f))
            {
                outOfFold[i] = levels[i] is { } level && foldTable.TryGetValue(level, out var e) ? e.Value : foldPrior;
            }
        }

        return (state, outOfFold);
    }

    private static (double Prior, Dictionary<string, (int Count, double Value)> Table) Encode(
        int[] rows, string?[] levels, double[] targets, double smoothing)
    {
        var prior = rows.Average(i => targets[i]);
        var sums = new Dictionary<string, (int Count, double Sum)>(StringComparer.Ordinal);
        foreach (var i in rows)
        {
            if (levels[i] is { } level)
            {
                var (count, sum) = sums.GetValueOrDefault(level);
                sums[level] = (count + 1, sum + targets[i]);
            }
        }

        return (prior, sums.ToDictionary(
            e => e.Key,
            e => (e.Value.Count, (e.Value.Sum + (smoothing * prior)) / (e.Value.Count + smoothing)),
            StringComparer.Ordinal));
    }

    private static CyclicalColumnState FitCyclical<TRow>(FeatureDefinition<TRow> feature, string entity)
    {
        var period = feature.Options.Cycle switch
        {
            CyclePeriod.HourOfDay => "hour",
            CyclePeriod.DayOfWeek => "day_of_week",
            _ => "month",
        };
        var baseName = feature.Options.Name ?? BaseName(feature, entity) + "_" + period;
        return new CyclicalColumnState(feature.Property, [baseName + "_sin", baseName + "_cos"], feature.Options.Cycle);
    }

    private static InteractionColumnState FitInteraction<TRow>(FeatureDefinition<TRow> feature, IReadOnlyList<TRow> rows, string entity)
    {
        var values = new double[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            values[i] = Interactions.Combine(feature, feature.Number!(rows[i]), feature.OtherNumber!(rows[i]), feature.Options.DivisionByZero, $"training row {i}");
        }

        var (fill, _) = Impute(feature, values);
        var word = feature.Transform switch { Transform.Ratio => "per", Transform.Difference => "minus", _ => "times" };
        var name = feature.Options.Name
            ?? $"{FeatureNaming.ToSnakeCase(entity)}_{FeatureNaming.ToSnakeCase(feature.Property)}_{word}_{FeatureNaming.ToSnakeCase(feature.OtherProperty!)}";
        return new InteractionColumnState(feature.Property, [name], feature.Transform, feature.OtherProperty!, feature.Options.DivisionByZero, fill);
    }
}

/// <summary>The arithmetic of interaction features, shared by fitting and transforming.</summary>
internal static class Interactions
{
    public static double Combine<TRow>(FeatureDefinition<TRow> feature, double left, double right, DivisionByZero policy, string where) =>
        Combine(feature.Property, feature.Transform, left, right, policy, where);

    public static double Combine(string property, Transform transform, double left, double right, DivisionByZero policy, string where)
    {
        switch (transform)
        {
            case Transform.Difference:
                return left - right;
            case Transform.Product:
                return left * right;
        }

        if (right != 0)
        {
            return left / right;
        }

        return policy switch
        {
            DivisionByZero.Zero => 0,
            DivisionByZero.Error => throw new FeatureValueException(property, $"{where} divides by zero and DivisionByZero is Error"),
            _ => double.NaN,
        };
    }
}
