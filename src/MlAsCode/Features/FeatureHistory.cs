using System;
using System.Collections.Generic;
using MlAsCode.Features.Definition;

namespace MlAsCode.Features;

/// <summary>
/// The earlier events of each entity that lag and rolling-window features read. Serving keeps one and adds each event
/// after transforming it; the batch transform builds one while it replays rows in event-time order, so both see the
/// same past. Events are kept sorted by time; only as many as the longest lag and window need are retained.
/// Safe to share between concurrent requests: adding and reading take the same lock.
/// </summary>
public sealed class FeatureHistory<TRow>
{
    private readonly Dictionary<EntityId, List<HistoryEvent>> _byEntity = [];
    private readonly RowAccessor<TRow, DateTime> _time;
    private readonly RowAccessor<TRow, EntityId>? _entity;
    private readonly RowAccessor<TRow, double>[] _sources;
    private readonly int _keepEvents;
    private readonly TimeSpan _keepWindow;

    internal FeatureHistory(
        RowAccessor<TRow, DateTime> time, RowAccessor<TRow, EntityId>? entity, RowAccessor<TRow, double>[] sources, int keepEvents, TimeSpan keepWindow)
    {
        _time = time;
        _entity = entity;
        _sources = sources;
        _keepEvents = keepEvents;
        _keepWindow = keepWindow;
    }

    /// <summary>Number of events held, over all entities.</summary>
    public int Count { get; private set; }

    /// <summary>Taken by <see cref="Add"/> and by the pipeline while a row reads the history.</summary>
    internal object Sync { get; } = new();

    /// <summary>Adds a row as an event of its entity (after it has been transformed).</summary>
    public void Add(in TRow row)
    {
        lock (Sync)
        {
            AddLocked(row);
        }
    }

    /// <summary>Adds rows in event-time order, for example the training rows before transforming later ones.</summary>
    public void AddRange(IEnumerable<TRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        lock (Sync)
        {
            foreach (var row in System.Linq.Enumerable.OrderBy(rows, r => _time(r)))
            {
                AddLocked(row);
            }
        }
    }

    private void AddLocked(in TRow row)
    {
        var key = Key(row);
        if (!_byEntity.TryGetValue(key, out var events))
        {
            _byEntity[key] = events = [];
        }

        var values = new double[_sources.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _sources[i](row);
        }

        var time = _time(row);
        var at = events.Count;
        while (at > 0 && events[at - 1].Time > time)
        {
            at--;
        }

        events.Insert(at, new HistoryEvent(time, values));
        Count++;
        var latest = events[^1].Time;
        while (events.Count > _keepEvents && latest - events[0].Time > _keepWindow)
        {
            events.RemoveAt(0);
            Count--;
        }
    }

    internal EntityId Key(in TRow row) => _entity is null ? default : _entity(row);

    internal DateTime Time(in TRow row) => _time(row);

    internal List<HistoryEvent>? Events(EntityId key) => _byEntity.GetValueOrDefault(key);
}

/// <summary>One remembered event: its time and the values of the temporal features' properties.</summary>
internal readonly record struct HistoryEvent(DateTime Time, double[] Values);
