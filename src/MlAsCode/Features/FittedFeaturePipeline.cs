using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MlAsCode.Features.Definition;
using MlAsCode.Features.Fitting;
using MlAsCode.Features.Manifest;
using MlAsCode.Features.State;

namespace MlAsCode.Features;

/// <summary>
/// A feature pipeline with its fitted state: the one implementation that transforms rows in training (batch) and in
/// serving (single row). Immutable; save it with <see cref="ToJson"/> and load it with
/// <see cref="FeatureSetDefinition{TRow}.Load(string)"/>.
/// </summary>
public sealed class FittedFeaturePipeline<TRow>
{
    private readonly ColumnApplier<TRow>[] _columns;
    private readonly int[] _offsets;
    private readonly int[] _widths;
    private readonly Kernels.ICompiledTransform<TRow>? _compiled;

    internal FittedFeaturePipeline(FeatureSetDefinition<TRow> definition, FeaturePipelineState state)
    {
        Definition = definition;
        State = state;
        if (state.Columns.Length != definition.Features.Length)
        {
            throw new ArgumentException($"The state has {state.Columns.Length} columns but feature set {definition.Entity} declares {definition.Features.Length} features; it was fitted for a different declaration.", nameof(state));
        }

        _columns = new ColumnApplier<TRow>[state.Columns.Length];
        var slot = 0;
        for (var i = 0; i < _columns.Length; i++)
        {
            var feature = definition.Features[i];
            var column = state.Columns[i];
            if (column.Feature != feature.Property || !Fits(feature, column))
            {
                throw new ArgumentException(
                    $"State column {i + 1} is {column.Feature} ({column.GetType().Name}) but the declaration has {feature.Property} ({feature.Transform}); refit the pipeline.",
                    nameof(state));
            }

            if (StateShape.Problem(column) is { } problem)
            {
                throw new ArgumentException($"State column {i + 1} ({column.Feature}) {problem}; the state is damaged or was edited by hand.", nameof(state));
            }

            _columns[i] = ColumnApplier<TRow>.Create(feature, column, definition.EventTime, column is TemporalColumnState ? slot++ : -1);
        }

        _widths = [.. _columns.Select(c => c.Width)];
        _offsets = new int[_columns.Length];
        for (var i = 1; i < _offsets.Length; i++)
        {
            _offsets[i] = _offsets[i - 1] + _widths[i - 1];
        }

        Width = _widths.Sum();
        NeedsHistory = _columns.Any(c => c.NeedsHistory);
        _compiled = NeedsHistory ? null : definition.Compiled?.Invoke(state);
    }

    /// <summary>Finds the categories a row carries that this pipeline's training data never had.</summary>
    public UnknownLevels<TRow> UnknownLevels => _unknown ??= new UnknownLevels<TRow>(Definition, State);

    private UnknownLevels<TRow>? _unknown;

    /// <summary>The declaration this pipeline was fitted for.</summary>
    public FeatureSetDefinition<TRow> Definition { get; }

    /// <summary>What fitting learned.</summary>
    public FeaturePipelineState State { get; }

    /// <summary>Number of output columns.</summary>
    public int Width { get; }

    /// <summary>
    /// Whether some feature reads the entity's earlier events (lags, rolling windows): transform single rows with a
    /// <see cref="FeatureHistory{TRow}"/> from <see cref="CreateHistory()"/>.
    /// </summary>
    public bool NeedsHistory { get; }

    /// <summary>Whether single rows go through the transform generated for this feature set (same kernels, no
    /// delegates or per-column dispatch) rather than the general column appliers.</summary>
    public bool UsesCompiledTransform => _compiled is not null;

    /// <summary>Output column names, in order.</summary>
    public ImmutableArray<string> Names => State.Names;

    /// <summary>SHA-256 of the fitted state (see <see cref="FeaturePipelineState.ContentHash"/>).</summary>
    public string ContentHash => State.ContentHash;

    /// <summary>Transforms one row into <paramref name="destination"/> (at least <see cref="Width"/> long); allocates nothing.</summary>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    /// <exception cref="InvalidOperationException">A feature needs the entity's history (<see cref="NeedsHistory"/>).</exception>
    /// <exception cref="FeatureValueException">A value its feature's declared policy refuses.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Transform(in TRow row, Span<float> destination)
    {
        // The generated transform exists only for feature sets without history features. This check and the call are
        // inlined into the caller; everything else is in TransformChecked.
        if (_compiled is not null && destination.Length >= Width)
        {
            _compiled.Transform(row, destination);
            return;
        }

        TransformChecked(row, destination);
    }

    private void TransformChecked(in TRow row, Span<float> destination)
    {
        if (NeedsHistory)
        {
            throw new InvalidOperationException($"Feature set {Definition.Entity} has lag or rolling-window features: transform with a FeatureHistory (pipeline.CreateHistory()) so they can read earlier events.");
        }

        if (destination.Length < Width)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; the pipeline writes {Width}.", nameof(destination));
        }

        TransformInterpreted(row, destination);
    }

    /// <summary>The general path: one column applier per feature (tests compare it with the generated transform).</summary>
    internal void TransformInterpreted(in TRow row, Span<float> destination)
    {
        var columns = _columns;
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i].Write(row, destination.Slice(_offsets[i], _widths[i]));
        }
    }

    /// <summary>
    /// Transforms one row, reading earlier events of its entity from <paramref name="history"/> (events after the
    /// row's event time are never read). Add the row to the history afterwards so later events see it.
    /// </summary>
    public void Transform(in TRow row, FeatureHistory<TRow>? history, Span<float> destination)
    {
        if (history is null)
        {
            Transform(row, destination);
            return;
        }

        if (destination.Length < Width)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; the pipeline writes {Width}.", nameof(destination));
        }

        lock (history.Sync)
        {
            for (var i = 0; i < _columns.Length; i++)
            {
                _columns[i].Write(row, history, destination.Slice(_offsets[i], _widths[i]));
            }
        }
    }

    /// <summary>A new, empty history of earlier events for serving lag and rolling-window features.</summary>
    public FeatureHistory<TRow> CreateHistory() =>
        TemporalFitter.CreateHistory(Definition, [.. Definition.Features.Where((_, i) => State.Columns[i] is TemporalColumnState)]);

    /// <summary>A history that already holds <paramref name="earlierRows"/> (for example the training rows), so the
    /// first later events get real lags and windows instead of fill values.</summary>
    public FeatureHistory<TRow> CreateHistory(IEnumerable<TRow> earlierRows)
    {
        var history = CreateHistory();
        history.AddRange(earlierRows);
        return history;
    }

    /// <summary>
    /// Transforms many rows into a dense matrix (rows in input order) with the same code as <see cref="Transform(in TRow, FeatureHistory{TRow}?, Span{float})"/>.
    /// With lag or rolling-window features the rows are replayed in event-time order through a fresh history, exactly
    /// as serving would have seen them one by one.
    /// </summary>
    public FeatureMatrix TransformBatch(IReadOnlyList<TRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var values = new float[rows.Count * Width];
        if (!NeedsHistory)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                Transform(rows[i], values.AsSpan(i * Width, Width));
            }
        }
        else
        {
            Replay(rows, CreateHistory(), values);
        }

        return new FeatureMatrix(values, rows.Count, Names);
    }

    /// <summary>
    /// Transforms rows that follow the events already in <paramref name="history"/> (for example test rows after a
    /// history of the training rows from <see cref="CreateHistory(IEnumerable{TRow})"/>), replaying them in event-time
    /// order and adding each to the history, exactly as serving would. Rows come back in input order.
    /// </summary>
    public FeatureMatrix TransformBatch(IReadOnlyList<TRow> rows, FeatureHistory<TRow> history)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(history);
        var values = new float[rows.Count * Width];
        Replay(rows, history, values);
        return new FeatureMatrix(values, rows.Count, Names);
    }

    private void Replay(IReadOnlyList<TRow> rows, FeatureHistory<TRow> history, float[] values)
    {
        if (Definition.EventTime is null)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                Transform(rows[i], history, values.AsSpan(i * Width, Width));
            }

            return;
        }

        // One lock for the whole replay: a history shared with serving cannot interleave between a row and its add.
        lock (history.Sync)
        {
            foreach (var i in TemporalFitter.EventOrder(Definition, rows))
            {
                Transform(rows[i], history, values.AsSpan(i * Width, Width));
                history.Add(rows[i]);
            }
        }
    }

    /// <summary>The fitted state as JSON.</summary>
    public string ToJson() => State.ToJson();

    /// <summary>The registry manifest, with each feature's output columns and the date the state was fitted.</summary>
    public FeatureManifest Manifest() => FeatureManifest.Create(Definition, State);

    private static bool Fits(FeatureDefinition<TRow> feature, ColumnState column) => column switch
    {
        NumericColumnState s => feature.Kind == FeatureValueKind.Numeric && s.Transform == feature.Transform && !feature.Options.OneHotBins,
        BinColumnState => feature.Transform == MlAsCode.Transform.QuantileBin && feature.Options.OneHotBins,
        OneHotColumnState => feature.Transform == MlAsCode.Transform.OneHot,
        TargetEncodingColumnState => feature.Transform == MlAsCode.Transform.TargetEncode,
        HashColumnState => feature.Transform == MlAsCode.Transform.Hash,
        TfIdfColumnState => feature.Transform == MlAsCode.Transform.TfIdf,
        CyclicalColumnState => feature.Transform == MlAsCode.Transform.Cyclical,
        TimeSinceColumnState => feature.Transform == MlAsCode.Transform.TimeSince,
        TemporalColumnState s => feature.Kind == FeatureValueKind.Temporal && s.Transform == feature.Transform,
        InteractionColumnState s => feature.Kind == FeatureValueKind.Interaction && s.Transform == feature.Transform,
        _ => false,
    };
}
