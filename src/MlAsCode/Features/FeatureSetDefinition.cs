using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using MlAsCode.Features.Definition;
using MlAsCode.Features.Fitting;
using MlAsCode.Features.Manifest;
using MlAsCode.Features.State;

namespace MlAsCode.Features;

/// <summary>
/// A declared feature set (generated from <c>[FeatureSet]</c> as <c>YourRecord.Features</c>): its features, target
/// and metadata. <see cref="Fit"/> learns every statistic from the rows given and nothing else.
/// </summary>
public sealed class FeatureSetDefinition<TRow>
{
    /// <summary>Creates a definition. A property may carry several features; their output names must differ (checked
    /// when fitting).</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public FeatureSetDefinition(
        string entity,
        string sourceTable,
        IEnumerable<FeatureDefinition<TRow>> features,
        TargetDefinition<TRow>? target = null,
        int seed = 42,
        IEnumerable<string>? protectedProperties = null,
        RowAccessor<TRow, DateTime>? eventTime = null,
        RowAccessor<TRow, EntityId>? entityKey = null,
        Func<FeaturePipelineState, Kernels.ICompiledTransform<TRow>>? compiled = null,
        RowAccessor<TRow, UInt128>? contentHash = null,
        IEnumerable<Quality.ValidationRule>? validationRules = null,
        string? eventTimeColumn = null,
        string? entityKeyColumn = null)
    {
        ContentHash = contentHash;
        ValidationRules = [.. validationRules ?? []];
        EventTimeColumn = eventTimeColumn;
        EntityKeyColumn = entityKeyColumn;
        ArgumentException.ThrowIfNullOrWhiteSpace(entity);
        Entity = entity;
        SourceTable = sourceTable;
        Features = [.. features];
        Target = target;
        Seed = seed;
        ProtectedProperties = [.. protectedProperties ?? []];
        EventTime = eventTime;
        EntityKey = entityKey;
        Compiled = compiled;
        if (Features.IsEmpty)
        {
            throw new ArgumentException($"Feature set {entity} declares no [Feature] properties.", nameof(features));
        }

        var temporal = Features.FirstOrDefault(f => f.Kind == FeatureValueKind.Temporal || f.Transform == Transform.TimeSince);
        if (temporal is not null && eventTime is null)
        {
            throw new ArgumentException($"Feature set {entity}: {temporal.Property} ({temporal.Transform}) needs an [EventTime] property.", nameof(eventTime));
        }

        var lagged = Features.FirstOrDefault(f => f.Kind == FeatureValueKind.Temporal);
        if (lagged is not null && entityKey is null)
        {
            throw new ArgumentException(
                $"Feature set {entity}: {lagged.Property} ({lagged.Transform}) needs an [EntityKey] property so each entity's events stay apart; for a single series declare a constant one.",
                nameof(entityKey));
        }

        if (Features.Any(f => f.Transform == Transform.TargetEncode) && target is null)
        {
            throw new ArgumentException($"Feature set {entity} target-encodes a feature but declares no [Target].", nameof(target));
        }
    }

    /// <summary>The entity each row describes.</summary>
    public string Entity { get; }

    /// <summary>The source table (file name without extension).</summary>
    public string SourceTable { get; }

    /// <summary>The features, in declaration order.</summary>
    public ImmutableArray<FeatureDefinition<TRow>> Features { get; }

    /// <summary>The target, when declared.</summary>
    public TargetDefinition<TRow>? Target { get; }

    /// <summary>The seed for target-encoding folds.</summary>
    public int Seed { get; }

    /// <summary>Reads the row's event time (<c>[EventTime]</c>), when declared.</summary>
    public RowAccessor<TRow, DateTime>? EventTime { get; }

    /// <summary>Reads the row's entity key (<c>[EntityKey]</c>); lag and rolling features need one.</summary>
    public RowAccessor<TRow, EntityId>? EntityKey { get; }

    /// <summary>
    /// Builds the generated, specialized transform for a fitted state (every kernel called directly), when the
    /// generator emitted one; fitted pipelines without history-dependent features then serve through it.
    /// </summary>
    public Func<FeaturePipelineState, Kernels.ICompiledTransform<TRow>>? Compiled { get; }

    /// <summary>Properties marked <c>[Protected]</c>: never features, always fairness slices.</summary>
    public ImmutableArray<string> ProtectedProperties { get; }

    /// <summary>The row's content hash (generated: every column property), stable across processes.</summary>
    public RowAccessor<TRow, UInt128>? ContentHash { get; }

    /// <summary>The rules declared with <c>[ValidRange]</c> and <c>[ValidValues]</c>, by source column.</summary>
    public ImmutableArray<Quality.ValidationRule> ValidationRules { get; }

    /// <summary>The naming contract of this feature set's inputs (<see cref="Data.ColumnNames"/>): each feature's field
    /// name — its <c>[Column]</c> name, else the property's snake_case — as requests, the prediction log and the
    /// reference profile use it, reachable from the property name and its snake_case too.</summary>
    public Data.ColumnNames Names => _names ??= new(Features.Select(f => f.Property).Concat(Features.Select(f => f.OtherProperty).OfType<string>()).Distinct(StringComparer.Ordinal)
        .Select(p => (p, (string?)Features.FirstOrDefault(f => f.Property == p)?.SourceColumn)));

    private Data.ColumnNames? _names;

    /// <summary>Each input a served request carries (every feature's property, and an interaction's other one), under
    /// its field name (<see cref="Names"/>), with each row's value as the property holds it.</summary>
    /// <exception cref="InvalidOperationException">A feature reads a property the row type does not have.</exception>
    public IReadOnlyDictionary<string, IReadOnlyList<object?>> InputValues(IReadOnlyList<TRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var names = Names;
        var result = new Dictionary<string, IReadOnlyList<object?>>(StringComparer.Ordinal);
        foreach (var property in Features.Select(f => f.Property).Concat(Features.Select(f => f.OtherProperty).OfType<string>()).Distinct(StringComparer.Ordinal))
        {
            var info = typeof(TRow).GetProperty(property, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
                ?? throw new InvalidOperationException($"Feature set {Entity} reads {property}, which {typeof(TRow).Name} does not have.");
            result[names.Map(property)] = [.. rows.Select(r => info.GetValue(r))];
        }

        return result;
    }

    /// <summary>The source column of the <c>[EventTime]</c> property, if any.</summary>
    public string? EventTimeColumn { get; }

    /// <summary>The source column of the <c>[EntityKey]</c> property, if it is read from the source.</summary>
    public string? EntityKeyColumn { get; }

    /// <summary>
    /// Scores a CSV source of this feature set on the methodology's six data quality dimensions, with the declarations filled
    /// in: the target, the event time (timeliness), the declared validation rules (accuracy), and the protected
    /// attributes and entity key left out of relevance. Call <c>EnsurePasses()</c> on the report before training.
    /// </summary>
    /// <param name="csvPath">The source file.</param>
    /// <param name="gate">Minimum total out of 30 to proceed.</param>
    /// <param name="clock">The clock timeliness is measured against (default: the system clock).</param>
    /// <param name="rows">The file's rows as loaded: when the <c>[EventTime]</c> property is computed rather than read,
    /// timeliness is measured on its values (without rows, a computed event time leaves timeliness unmeasured).</param>
    public Quality.DataQualityReport AssessQuality(string csvPath, int gate = 18, TimeProvider? clock = null, IReadOnlyList<TRow>? rows = null)
    {
        var target = Target?.Property ?? throw new InvalidOperationException($"Feature set {Entity} declares no [Target]; data quality is scored against the target.");
        return Quality.DataQuality.AssessCsv(csvPath, new Quality.DataQualityOptions
        {
            Target = target,
            TimeColumn = EventTimeColumn,
            EventTimes = EventTimeColumn is null && EventTime is { } time && rows is not null ? [.. rows.Select(r => time(r))] : null,
            ExcludeIfPresent = [.. ProtectedProperties, .. EntityKeyColumn is null ? Array.Empty<string>() : [EntityKeyColumn]],
            Rules = ValidationRules,
            Gate = gate,
            Clock = clock ?? TimeProvider.System,
        });
    }

    private RowSplitter<TRow> Splitter => new(Entity, ContentHash, Target, EventTime, EntityKey);

    /// <summary>
    /// Splits rows into train and a holdout after removing exact duplicates, keeping each entity's rows on one side
    /// (random, stratified and group splits), fingerprinting the holdout, and checking the result for shared rows,
    /// shared entities and time order.
    /// </summary>
    /// <exception cref="Splitting.DataLeakageException">The split would leak (a bug if it ever happens here; the same
    /// check is public as <see cref="CheckNoLeakage"/>).</exception>
    public Splitting.TrainTestSplit<TRow> Split(IReadOnlyList<TRow> rows, Splitting.SplitOptions? options = null)
    {
        options ??= new Splitting.SplitOptions();
        return Splitter.Split(rows, options, options.Seed ?? Seed);
    }

    /// <summary>Splits rows with <paramref name="strategy"/> (see <see cref="Split(IReadOnlyList{TRow}, Splitting.SplitOptions?)"/>).</summary>
    public Splitting.TrainTestSplit<TRow> Split(IReadOnlyList<TRow> rows, SplitStrategy strategy, double testFraction = 0.2, int? seed = null) =>
        Split(rows, new Splitting.SplitOptions { Strategy = strategy, TestFraction = testFraction, Seed = seed });

    /// <summary>Cross-validation folds over (training) rows, after removing exact duplicates; whole entities per fold
    /// for K-fold and stratified K-fold when there is an entity key.</summary>
    /// <param name="rows">The rows, normally the training part of a split.</param>
    /// <param name="strategy">K-fold, stratified K-fold, or expanding-window time series.</param>
    /// <param name="folds">Number of folds (at least 2).</param>
    /// <param name="seed">Seed of the shuffles; <c>null</c> uses the feature set's seed.</param>
    /// <param name="gapRows">For time series: rows left out between each training window and its validation block.</param>
    public ImmutableArray<Splitting.Fold<TRow>> Folds(IReadOnlyList<TRow> rows, CrossValidationStrategy strategy = CrossValidationStrategy.KFold, int folds = 5, int? seed = null, int gapRows = 0) =>
        Splitter.Folds(rows, strategy, folds, seed ?? Seed, gapRows);

    /// <summary>The rows without exact duplicates (first occurrence kept, order kept) and how many were removed.</summary>
    public (ImmutableArray<TRow> Rows, int Removed) Deduplicate(IReadOnlyList<TRow> rows) => Splitter.Deduplicate(rows);

    /// <summary>Throws <see cref="Splitting.DataLeakageException"/> if train and test share rows or entities or, for a
    /// temporal split, training events are not all before the test events. Use it on splits made elsewhere.</summary>
    public void CheckNoLeakage(IReadOnlyList<TRow> train, IReadOnlyList<TRow> test, bool temporal = false) =>
        Splitter.CheckNoLeakage(train, test, temporal);

    /// <summary>SHA-256 of the rows' content hashes, independent of their order.</summary>
    public string HoldoutFingerprint(IEnumerable<TRow> holdout) => Splitter.Fingerprint(holdout);

    /// <summary>Throws <see cref="Splitting.DataLeakageException"/> when <paramref name="holdout"/> no longer matches the
    /// fingerprint taken when it was created.</summary>
    public void VerifyHoldout(IReadOnlyList<TRow> holdout, string fingerprint) => Splitter.VerifyHoldout(holdout, fingerprint);

    /// <summary>Learns the pipeline state from <paramref name="trainingRows"/> only.</summary>
    /// <param name="trainingRows">The training rows (never the test or holdout rows).</param>
    /// <param name="clock">Stamps <see cref="FeaturePipelineState.FittedAt"/>; the system clock by default.</param>
    /// <exception cref="ArgumentException">No rows.</exception>
    /// <exception cref="FeatureValueException">A statistic cannot be learned, or a value breaks its policy.</exception>
    public FittedFeaturePipeline<TRow> Fit(IReadOnlyList<TRow> trainingRows, TimeProvider? clock = null) =>
        FitCore(trainingRows, clock).Pipeline;

    /// <summary>
    /// Fits on <paramref name="trainingRows"/> and transforms them for training: target-encoded columns get their
    /// out-of-fold encodings (a row is encoded without its own label), every other column the pipeline's transform.
    /// </summary>
    public FitResult<TRow> FitTransform(IReadOnlyList<TRow> trainingRows, TimeProvider? clock = null)
    {
        var (pipeline, outOfFold) = FitCore(trainingRows, clock);
        var matrix = pipeline.TransformBatch(trainingRows);
        var offset = 0;
        for (var c = 0; c < Features.Length; c++)
        {
            if (outOfFold[c] is { } encoded)
            {
                for (var r = 0; r < trainingRows.Count; r++)
                {
                    matrix.Values[(r * matrix.Columns) + offset] = (float)encoded[r];
                }
            }

            offset += pipeline.State.Columns[c].Names.Length;
        }

        return new FitResult<TRow>(pipeline, matrix);
    }

    /// <summary>Loads a pipeline saved with <see cref="FittedFeaturePipeline{TRow}.ToJson"/>.</summary>
    /// <exception cref="MlAsCode.Data.DataFormatException">The text is not a pipeline state.</exception>
    /// <exception cref="ArgumentException">The state was fitted for a different declaration.</exception>
    public FittedFeaturePipeline<TRow> Load(string json) => new(this, FeaturePipelineState.FromJson(json));

    /// <summary>Loads a pipeline state file.</summary>
    public FittedFeaturePipeline<TRow> LoadFile(string path) =>
        new(this, FeaturePipelineState.FromJson(File.ReadAllText(path), path));

    /// <summary>The registry manifest before fitting (no output columns or created date yet).</summary>
    public FeatureManifest Manifest() => FeatureManifest.Create(this, null);

    private (FittedFeaturePipeline<TRow> Pipeline, double[]?[] OutOfFold) FitCore(IReadOnlyList<TRow> rows, TimeProvider? clock)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException($"Feature set {Entity}: fitting needs at least one training row.", nameof(rows));
        }

        double[]? targets = null;
        if (Features.Any(f => f.Transform == Transform.TargetEncode))
        {
            targets = new double[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                targets[i] = Target!.Value(rows[i]);
                if (!double.IsFinite(targets[i]))
                {
                    throw new FeatureValueException(Target.Property, $"the target is missing at training row {i}; target encoding needs a label on every training row");
                }
            }
        }

        var columns = new ColumnState[Features.Length];
        var outOfFold = new double[]?[Features.Length];
        for (var i = 0; i < Features.Length; i++)
        {
            (columns[i], outOfFold[i]) = ColumnFitter.Fit(Features[i], rows, targets, Entity, Seed, EventTime);
        }

        TemporalFitter.LearnFills(this, rows, columns);

        var duplicate = columns.SelectMany(c => c.Names).GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Feature set {Entity} produces the column name {duplicate.Key} twice; give one feature an explicit Name.");
        }

        var state = new FeaturePipelineState(Entity, Seed, rows.Count, [.. columns], (clock ?? TimeProvider.System).GetUtcNow());
        return (new FittedFeaturePipeline<TRow>(this, state), outOfFold);
    }
}

/// <summary>A fitted pipeline and the transformed training rows (target encodings out-of-fold).</summary>
/// <param name="Pipeline">The fitted pipeline, for validation, test and serving rows.</param>
/// <param name="TrainingMatrix">The training rows, ready for a trainer.</param>
public sealed record FitResult<TRow>(FittedFeaturePipeline<TRow> Pipeline, FeatureMatrix TrainingMatrix);
