using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace MlAsCode.Features.State;

/// <summary>
/// What fitting learned for one feature, enough to transform any row later. Serialized to JSON (the <c>kind</c>
/// property names the subtype) and hashed; every collection is in a fixed order so equal states hash equally.
/// </summary>
/// <param name="Feature">The property.</param>
/// <param name="Names">The output column names, in output order.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(NumericColumnState), "numeric")]
[JsonDerivedType(typeof(OneHotColumnState), "one_hot")]
[JsonDerivedType(typeof(TargetEncodingColumnState), "target_encoding")]
[JsonDerivedType(typeof(HashColumnState), "hash")]
[JsonDerivedType(typeof(CyclicalColumnState), "cyclical")]
[JsonDerivedType(typeof(InteractionColumnState), "interaction")]
[JsonDerivedType(typeof(TemporalColumnState), "temporal")]
[JsonDerivedType(typeof(TimeSinceColumnState), "time_since")]
[JsonDerivedType(typeof(TfIdfColumnState), "tf_idf")]
[JsonDerivedType(typeof(BinColumnState), "one_hot_bins")]
public abstract record ColumnState(string Feature, ImmutableArray<string> Names);

/// <summary>A numeric feature: fill value, then <c>(x - Center) / Scale</c> for standardize and min-max, log1p for
/// log, or the bin index against <see cref="Edges"/>.</summary>
/// <param name="Feature">The property.</param>
/// <param name="Names">The output column name.</param>
/// <param name="Transform">Raw, Log, Standardize, MinMax or QuantileBin.</param>
/// <param name="Fill">The value that replaces a missing one, or <c>null</c> to keep NaN.</param>
/// <param name="Center">Mean (standardize) or minimum (min-max); 0 otherwise.</param>
/// <param name="Scale">Standard deviation or range; 1 when that is 0, and otherwise.</param>
/// <param name="Negative">Negative values under log.</param>
/// <param name="Edges">Inner quantile edges, ascending and distinct (QuantileBin).</param>
public sealed record NumericColumnState(
    string Feature, ImmutableArray<string> Names, Transform Transform, double? Fill, double Center, double Scale,
    NegativePolicy Negative, ImmutableArray<double> Edges) : ColumnState(Feature, Names);

/// <summary>Quantile bins as one-hot columns: fill value, then the column of the bin the value falls in.</summary>
/// <param name="Feature">The property.</param>
/// <param name="Names">One name per bin (inner edges + 1).</param>
/// <param name="Fill">The value that replaces a missing one, or <c>null</c> (no column set).</param>
/// <param name="Edges">Inner quantile edges, ascending and distinct.</param>
public sealed record BinColumnState(string Feature, ImmutableArray<string> Names, double? Fill, ImmutableArray<double> Edges)
    : ColumnState(Feature, Names);

/// <summary>One column per training level, in ordinal order of the levels.</summary>
/// <param name="Feature">The property.</param>
/// <param name="Names">One name per level.</param>
/// <param name="Fill">The level that replaces a missing value, or <c>null</c> (no column set).</param>
/// <param name="Levels">The training levels, ordinal order.</param>
public sealed record OneHotColumnState(string Feature, ImmutableArray<string> Names, string? Fill, ImmutableArray<string> Levels)
    : ColumnState(Feature, Names);

/// <summary>A level's full-data encoding.</summary>
/// <param name="Level">The level.</param>
/// <param name="Count">Training rows with it.</param>
/// <param name="Value">Smoothed mean target: <c>(sum + Smoothing * Prior) / (Count + Smoothing)</c>.</param>
public sealed record LevelEncoding(string Level, int Count, double Value);

/// <summary>Target encoding: the full-data encoding used for every row but the training rows themselves.</summary>
/// <param name="Feature">The property.</param>
/// <param name="Names">The output column name.</param>
/// <param name="Fill">The level that replaces a missing value, or <c>null</c> (the prior is used).</param>
/// <param name="Prior">Mean target of the training rows; the value of unseen and missing levels.</param>
/// <param name="Smoothing">Pseudo-count pulling rare levels toward the prior.</param>
/// <param name="Folds">Folds used for the out-of-fold training encoding.</param>
/// <param name="Levels">Encodings by level, ordinal order.</param>
public sealed record TargetEncodingColumnState(
    string Feature, ImmutableArray<string> Names, string? Fill, double Prior, double Smoothing, int Folds,
    ImmutableArray<LevelEncoding> Levels) : ColumnState(Feature, Names);

/// <summary>The hashing trick: XxHash32 of the level's UTF-8 bytes, modulo <see cref="Buckets"/>, sets one column.</summary>
/// <param name="Feature">The property.</param>
/// <param name="Names">One name per bucket.</param>
/// <param name="Fill">The level that replaces a missing value, or <c>null</c> (no column set).</param>
/// <param name="Buckets">Number of columns.</param>
public sealed record HashColumnState(string Feature, ImmutableArray<string> Names, string? Fill, int Buckets)
    : ColumnState(Feature, Names);

/// <summary>Sine and cosine of a date-time's position in its period. Nothing is learned.</summary>
/// <param name="Feature">The property.</param>
/// <param name="Names">The sine and cosine column names.</param>
/// <param name="Period">The cycle.</param>
public sealed record CyclicalColumnState(string Feature, ImmutableArray<string> Names, CyclePeriod Period)
    : ColumnState(Feature, Names);

/// <summary>An interaction of two numeric properties, then a fill for missing results.</summary>
/// <param name="Feature">The property.</param>
/// <param name="Names">The output column name.</param>
/// <param name="Transform">Ratio, Difference or Product.</param>
/// <param name="Other">The other property.</param>
/// <param name="DivisionByZero">Zero denominators (ratio).</param>
/// <param name="Fill">The value that replaces a missing result, or <c>null</c> to keep NaN.</param>
public sealed record InteractionColumnState(
    string Feature, ImmutableArray<string> Names, Transform Transform, string Other, DivisionByZero DivisionByZero, double? Fill)
    : ColumnState(Feature, Names);

/// <summary>Lags or rolling-window aggregations of a numeric property over the same entity's earlier events.</summary>
/// <param name="Feature">The property.</param>
/// <param name="Names">One name per lag or aggregation.</param>
/// <param name="Transform">Lag or Rolling.</param>
/// <param name="Lags">The lags, in output order (Lag).</param>
/// <param name="Window">The window, such as <c>"30d"</c> (Rolling).</param>
/// <param name="Aggregations">The aggregations; outputs in the order Mean, Std, Min, Max, Sum, Count (Rolling).</param>
/// <param name="Fills">Per output, the value that replaces a missing one (no earlier event, empty window), or <c>null</c>.</param>
public sealed record TemporalColumnState(
    string Feature, ImmutableArray<string> Names, Transform Transform, ImmutableArray<int> Lags, string? Window,
    Aggregation Aggregations, ImmutableArray<double?> Fills) : ColumnState(Feature, Names);

/// <summary>Days from a date-time property to the row's event time; a negative result (the property is after the
/// event) counts as missing.</summary>
/// <param name="Feature">The property.</param>
/// <param name="Names">The output column name.</param>
/// <param name="Fill">The value that replaces a missing one, or <c>null</c> to keep NaN.</param>
public sealed record TimeSinceColumnState(string Feature, ImmutableArray<string> Names, double? Fill) : ColumnState(Feature, Names);

/// <summary>TF-IDF over a fitted vocabulary: term counts times IDF, L2-normalized.</summary>
/// <param name="Feature">The property.</param>
/// <param name="Names">One name per term.</param>
/// <param name="Terms">The vocabulary, ordinal order.</param>
/// <param name="Idf">Per term, <c>ln((1 + n) / (1 + df)) + 1</c> over the n training rows.</param>
public sealed record TfIdfColumnState(string Feature, ImmutableArray<string> Names, ImmutableArray<string> Terms, ImmutableArray<double> Idf)
    : ColumnState(Feature, Names);
