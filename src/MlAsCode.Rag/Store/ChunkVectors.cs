using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Cloud.Unum.USearch;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using MlAsCode.Rag.Chunking;

namespace MlAsCode.Rag.Store;

/// <summary>
/// A chunk as a <c>Microsoft.Extensions.VectorData</c> record: what a vector store keeps for dense retrieval. Any
/// connector's <see cref="VectorStoreCollection{TKey, TRecord}"/> of these can stand behind a <see cref="RagStore"/>.
/// </summary>
public sealed class ChunkRecord
{
    /// <summary>The chunk's key: its document and position, <c>tutorial/datastructures.rst.txt#12</c>.</summary>
    [VectorStoreKey]
    public string Key { get; set; } = "";

    /// <summary>The document (a path relative to the ingested folder).</summary>
    [VectorStoreData(IsIndexed = true)]
    public string Source { get; set; } = "";

    /// <summary>The heading path, joined with " › ".</summary>
    [VectorStoreData(IsIndexed = true)]
    public string Section { get; set; } = "";

    /// <summary>The chunk's text.</summary>
    [VectorStoreData]
    public string Text { get; set; } = "";

    /// <summary>The document's date, when known.</summary>
    [VectorStoreData(IsIndexed = true)]
    public DateTimeOffset? Date { get; set; }

    /// <summary>The chunk's embedding (all-MiniLM-L6-v2: 384 values, unit length).</summary>
    [VectorStoreVector(384, DistanceFunction = DistanceFunction.CosineSimilarity, IndexKind = IndexKind.Hnsw)]
    public ReadOnlyMemory<float> Vector { get; set; }

    /// <summary>The key of <paramref name="chunk"/>.</summary>
    public static string KeyOf(Chunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return $"{chunk.Source}#{chunk.Position}";
    }

    /// <summary>The record for <paramref name="chunk"/> with its <paramref name="vector"/>.</summary>
    public static ChunkRecord From(Chunk chunk, ReadOnlyMemory<float> vector) => new()
    {
        Key = KeyOf(chunk),
        Source = chunk.Source,
        Section = chunk.Section,
        Text = chunk.Text,
        Date = chunk.Date,
        Vector = vector,
    };
}

/// <summary>
/// The embedded default behind <see cref="RagStore"/>: an HNSW index (<c>Cloud.Unum.USearch</c>: cosine,
/// connectivity 16, expansion 128 on add and 64 on search) with the records in memory, as a
/// <see cref="VectorStoreCollection{TKey, TRecord}"/>. Saved as <c>index.usearch</c> and <c>index.keys</c>. Scores are
/// cosine similarities. Filters (<see cref="VectorSearchOptions{TRecord}.Filter"/>) are applied to the nearest
/// candidates, fetched twenty times over; a selective filter may therefore return fewer than <c>top</c> records
/// (<see cref="RagStore"/> then falls back to exact search).
/// </summary>
public sealed class USearchChunkCollection : VectorStoreCollection<string, ChunkRecord>
{
    private const string IndexFile = "index.usearch";
    private const string KeysFile = "index.keys";
    private readonly object _lock = new();
    private readonly Dictionary<string, (ulong Id, ChunkRecord Record)> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, string> _keys = [];
    private readonly int _dimensions;
    private USearchIndex? _index;
    private ulong _next;

    /// <summary>An empty collection of <paramref name="dimensions"/>-value vectors.</summary>
    public USearchChunkCollection(string name = "chunks", int dimensions = 384)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        (Name, _dimensions) = (name, dimensions);
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <summary>Records in the collection.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    /// <summary>
    /// The collection of <paramref name="records"/>, with the HNSW graph read from <paramref name="directory"/> when
    /// one saved there holds exactly these keys (else built again).
    /// </summary>
    public static USearchChunkCollection Load(string directory, IReadOnlyList<ChunkRecord> records, int dimensions = 384)
    {
        ArgumentNullException.ThrowIfNull(records);
        var collection = new USearchChunkCollection(dimensions: dimensions);
        var indexPath = Path.Combine(directory, IndexFile);
        var keysPath = Path.Combine(directory, KeysFile);
        if (records.Count > 0 && File.Exists(indexPath) && File.Exists(keysPath))
        {
            var keys = File.ReadAllLines(keysPath);
            if (keys.Length == records.Count && keys.Order(StringComparer.Ordinal).SequenceEqual(records.Select(r => r.Key).Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                var byKey = records.ToDictionary(r => r.Key, StringComparer.Ordinal);
                for (var i = 0; i < keys.Length; i++)
                {
                    collection._records[keys[i]] = ((ulong)i, byKey[keys[i]]);
                    collection._keys[(ulong)i] = keys[i];
                }

                collection._next = (ulong)keys.Length;
                try
                {
                    collection._index = new USearchIndex(indexPath);
                    if (collection._index.Size() == (ulong)keys.Length && collection._index.Dimensions() == (ulong)dimensions)
                    {
                        return collection;
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A damaged graph file: the records are all here, so the graph is built again below.
                }

                collection.Dispose();
                collection = new USearchChunkCollection(dimensions: dimensions);
            }
        }

        collection.Add(records);
        return collection;
    }

    /// <summary>Writes the HNSW graph and its keys to <paramref name="directory"/>, dropping deleted records' slots.</summary>
    public void Save(string directory)
    {
        lock (_lock)
        {
            System.IO.Directory.CreateDirectory(directory);
            var indexPath = Path.Combine(directory, IndexFile);
            var keysPath = Path.Combine(directory, KeysFile);
            if (_records.Count == 0)
            {
                File.Delete(indexPath);
                File.Delete(keysPath);
                return;
            }

            // After deletions, ids are renumbered 0..n-1 so the saved graph has no holes (a rebuild: USearch keeps
            // removed slots); after additions only, the graph is saved as it is.
            if (_next != (ulong)_records.Count || _records.Values.Any(r => r.Id >= _next))
            {
                var records = _records.Values.OrderBy(r => r.Id).Select(r => r.Record).ToList();
                Clear();
                Add(records);
            }

            _index!.Save(indexPath);
            File.WriteAllLines(keysPath, _records.OrderBy(r => r.Value.Id).Select(r => r.Key));
        }
    }

    /// <inheritdoc />
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    /// <inheritdoc />
    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Clear();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task<ChunkRecord?> GetAsync(string key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_records.TryGetValue(key, out var entry) ? Copy(entry.Record, options?.IncludeVectors ?? false) : null);
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChunkRecord> GetAsync(IEnumerable<string> keys, RecordRetrievalOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await GetAsync(key, options, cancellationToken).ConfigureAwait(false) is { } record)
            {
                yield return record;
            }
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChunkRecord> GetAsync(Expression<Func<ChunkRecord, bool>> filter, int top,
        FilteredRecordRetrievalOptions<ChunkRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var matches = filter.Compile();
        List<ChunkRecord> found;
        lock (_lock)
        {
            found = [.. _records.Values.OrderBy(r => r.Id).Select(r => r.Record).Where(matches).Skip(options?.Skip ?? 0).Take(top)
                .Select(r => Copy(r, options?.IncludeVectors ?? false))];
        }

        foreach (var record in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task DeleteAsync(string key, CancellationToken cancellationToken = default) => DeleteAsync([key], cancellationToken);

    /// <inheritdoc />
    public override Task DeleteAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        lock (_lock)
        {
            foreach (var key in keys)
            {
                if (_records.Remove(key, out var entry))
                {
                    _keys.Remove(entry.Id);
                    _index?.Remove(entry.Id);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task UpsertAsync(ChunkRecord record, CancellationToken cancellationToken = default) => UpsertAsync([record], cancellationToken);

    /// <inheritdoc />
    public override Task UpsertAsync(IEnumerable<ChunkRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var list = records.ToList();
        foreach (var record in list)
        {
            if (record.Vector.Length != _dimensions)
            {
                throw new ArgumentException($"Record '{record.Key}' has a vector of {record.Vector.Length} values; the collection holds {_dimensions}.", nameof(records));
            }
        }

        lock (_lock)
        {
            Add(list);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>The search value is the query's embedding: <c>ReadOnlyMemory&lt;float&gt;</c>, <c>float[]</c> or
    /// <see cref="Embedding{T}"/> of <see cref="float"/>.</remarks>
    public override async IAsyncEnumerable<VectorSearchResult<ChunkRecord>> SearchAsync<TInput>(TInput searchValue, int top,
        VectorSearchOptions<ChunkRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var query = searchValue switch
        {
            ReadOnlyMemory<float> memory => memory.ToArray(),
            float[] array => array,
            Embedding<float> embedding => embedding.Vector.ToArray(),
            _ => throw new NotSupportedException(
                $"{nameof(USearchChunkCollection)} searches by an embedding (ReadOnlyMemory<float>, float[] or Embedding<float>), not {typeof(TInput).Name}: embed the text first."),
        };
        if (query.Length != _dimensions)
        {
            throw new ArgumentException($"The query has {query.Length} values; the collection's vectors have {_dimensions}.", nameof(searchValue));
        }

        var matches = options?.Filter?.Compile();
        var skip = options?.Skip ?? 0;
        List<VectorSearchResult<ChunkRecord>> results;
        lock (_lock)
        {
            if (_index is null || _records.Count == 0)
            {
                yield break;
            }

            var wanted = top + skip;
            var fetch = Math.Min(_records.Count, matches is null ? wanted : wanted * 20);
            _index.Search(query, fetch, out var ids, out var distances);
            results = [.. ids.Select((id, i) => (Id: id, Score: 1.0 - distances[i]))
                .Where(h => _keys.ContainsKey(h.Id))
                .Select(h => (Record: _records[_keys[h.Id]].Record, h.Score))
                .Where(h => matches is null || matches(h.Record))
                .Where(h => options?.ScoreThreshold is not { } threshold || h.Score >= threshold)
                .Skip(skip).Take(top)
                .Select(h => new VectorSearchResult<ChunkRecord>(Copy(h.Record, options?.IncludeVectors ?? false), h.Score))];
        }

        foreach (var result in results)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return result;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                _index?.Dispose();
                _index = null;
            }
        }

        base.Dispose(disposing);
    }

    // Callers hold the lock.
    private void Add(IEnumerable<ChunkRecord> records)
    {
        foreach (var record in records)
        {
            if (_records.Remove(record.Key, out var old))
            {
                _keys.Remove(old.Id);
                _index?.Remove(old.Id);
            }

            _index ??= new USearchIndex(MetricKind.Cos, ScalarKind.Float32, (ulong)_dimensions, connectivity: 16, expansionAdd: 128, expansionSearch: 64);
            var id = _next++;
            _index.Add(id, record.Vector.ToArray());
            _records[record.Key] = (id, record);
            _keys[id] = record.Key;
        }
    }

    private void Clear()
    {
        _index?.Dispose();
        _index = null;
        _records.Clear();
        _keys.Clear();
        _next = 0;
    }

    private static ChunkRecord Copy(ChunkRecord record, bool includeVectors) => new()
    {
        Key = record.Key,
        Source = record.Source,
        Section = record.Section,
        Text = record.Text,
        Date = record.Date,
        Vector = includeVectors ? record.Vector : ReadOnlyMemory<float>.Empty,
    };
}
