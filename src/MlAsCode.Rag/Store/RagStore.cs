using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using MlAsCode.Rag.Chunking;
using MlAsCode.Rag.Retrieval;

namespace MlAsCode.Rag.Store;

/// <summary>How to retrieve: BM25, embeddings, or both fused by reciprocal rank.</summary>
public enum SearchMode
{
    /// <summary>BM25 over the chunk texts.</summary>
    Sparse,

    /// <summary>Nearest embeddings (the HNSW index).</summary>
    Dense,

    /// <summary>Sparse and dense fused by reciprocal rank (k = 60).</summary>
    Hybrid,
}

/// <summary>Metadata a hit must match: a source path prefix, text in the section path, a date range.</summary>
public sealed record SearchFilter(string? SourcePrefix = null, string? Section = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    /// <summary>Whether <paramref name="chunk"/> passes.</summary>
    public bool Matches(Chunk chunk) =>
        (SourcePrefix is null || chunk.Source.StartsWith(SourcePrefix, StringComparison.Ordinal))
        && (Section is null || chunk.Section.Contains(Section, StringComparison.OrdinalIgnoreCase))
        && (From is null || chunk.Date >= From)
        && (To is null || chunk.Date <= To);
}

/// <summary>A retrieved chunk, its score in the mode searched (BM25, cosine, or fused) and its rank (1-based).</summary>
public sealed record SearchHit(Chunk Chunk, double Score, int Rank);

/// <summary>What an ingestion did.</summary>
public sealed record IngestReport(int Documents, int Changed, int Removed, int ChunksAdded, int Chunks, TimeSpan Elapsed)
{
    /// <summary>Chunks embedded per second.</summary>
    public double ChunksPerSecond => Elapsed.TotalSeconds > 0 ? ChunksAdded / Elapsed.TotalSeconds : 0;
}

/// <summary>How far an ingestion has got: documents embedded of those new or changed, and the last one.</summary>
/// <param name="Done">Documents chunked and embedded so far.</param>
/// <param name="Total">New or changed documents to embed.</param>
/// <param name="Source">The document just embedded.</param>
/// <param name="Chunks">Its chunks.</param>
public sealed record IngestProgress(int Done, int Total, string Source, int Chunks);

/// <summary>
/// A persisted retrieval store in one folder: the chunks (<c>chunks.jsonl</c>), their embeddings
/// (<c>vectors.bin</c>), a vector index over them — by default the embedded HNSW index of
/// <see cref="USearchChunkCollection"/> (<c>index.usearch</c>), or any <c>Microsoft.Extensions.VectorData</c>
/// <see cref="VectorStoreCollection{TKey, TRecord}"/> of <see cref="ChunkRecord"/>s, such as a server store — and a manifest of the documents' content hashes, so re-ingesting an unchanged document does no work. BM25 is built
/// from the chunk texts when the store opens. Dense search can also run exactly (every vector), for small corpora and
/// for measuring the index's recall.
/// </summary>
public sealed class RagStore : IDisposable
{
    private const string ChunksFile = "chunks.jsonl";
    private const string VectorsFile = "vectors.bin";
    private const string ManifestFile = "manifest.json";
    private static readonly string[] Extensions = [".rst", ".rst.txt", ".md", ".markdown", ".txt"];
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddings;
    private readonly Chunker _chunker;
    private List<Chunk> _chunks = [];
    private List<float[]> _vectors = [];
    private Dictionary<string, string> _documents = new(StringComparer.Ordinal);
    private Bm25Index _bm25 = new([]);
    private readonly VectorStoreCollection<string, ChunkRecord>? _external;
    private VectorStoreCollection<string, ChunkRecord> _collection = new USearchChunkCollection();
    private Dictionary<string, int> _byKey = new(StringComparer.Ordinal);

    private sealed record Manifest(string Model, int Dimensions, Dictionary<string, string> Documents, string? Chunking = null);

    // How the stored chunks were cut: documents chunked otherwise are re-ingested.
    private string Chunking => $"{_chunker.Options.Strategy}:{_chunker.Options.MaxTokens}:{_chunker.Options.OverlapTokens}:{_chunker.Options.SemanticBreakPercentile}";

    private string? _storedChunking;

    private RagStore(string directory, IEmbeddingGenerator<string, Embedding<float>> embeddings, Chunker chunker, VectorStoreCollection<string, ChunkRecord>? collection)
    {
        (Directory, _embeddings, _chunker, _external) = (Path.GetFullPath(directory), embeddings, chunker, collection);
        if (collection is not null)
        {
            _collection = collection;
        }
    }

    /// <summary>The vector index dense search goes through.</summary>
    public VectorStoreCollection<string, ChunkRecord> Vectors => _collection;

    /// <summary>The store's folder.</summary>
    public string Directory { get; }

    /// <summary>Every chunk, in order of ingestion.</summary>
    public IReadOnlyList<Chunk> Chunks => _chunks;

    /// <summary>Opens the store in <paramref name="directory"/> (empty when it does not exist yet).</summary>
    /// <param name="directory">The store's folder.</param>
    /// <param name="embeddings">The embedding model (the store refuses vectors from another).</param>
    /// <param name="chunker">How documents are cut.</param>
    /// <param name="vectors">A vector store collection to index the chunks in instead of the embedded HNSW index (a
    /// server store): it is created if missing and every stored chunk is upserted into it when the store opens, so it
    /// follows the folder; the caller disposes it.</param>
    /// <exception cref="InvalidDataException">The folder holds a store that is damaged or from another embedding model.</exception>
    public static RagStore Open(string directory, IEmbeddingGenerator<string, Embedding<float>> embeddings, Chunker chunker,
        VectorStoreCollection<string, ChunkRecord>? vectors = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(chunker);
        var store = new RagStore(directory, embeddings, chunker, vectors);
        try
        {
            store.Load();
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    private string Model => _embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? _embeddings.GetType().Name;

    private void Load()
    {
        var manifestPath = Path.Combine(Directory, ManifestFile);
        if (!File.Exists(manifestPath))
        {
            _external?.EnsureCollectionExistsAsync().GetAwaiter().GetResult();
            return;
        }

        Manifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath), Json)
                ?? throw new InvalidDataException($"{manifestPath} is empty.");
            if (manifest.Documents is null || manifest.Model is null)
            {
                throw new InvalidDataException($"{manifestPath} lacks its model or documents.");
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The store at {Directory} is damaged: {ManifestFile} is not valid JSON ({e.Message}). Delete the folder and ingest again.", e);
        }

        if (manifest.Model != Model)
        {
            throw new InvalidDataException($"The store at {Directory} was built with the embedding model '{manifest.Model}', not '{Model}': ingest into a new store.");
        }

        _documents = new Dictionary<string, string>(manifest.Documents, StringComparer.Ordinal);
        _storedChunking = manifest.Chunking;
        _chunks = [.. File.ReadLines(Path.Combine(Directory, ChunksFile)).Where(l => l.Length > 0).Select((l, i) =>
        {
            try
            {
                return JsonSerializer.Deserialize<Chunk>(l, Json) ?? throw new InvalidDataException($"{ChunksFile} line {i + 1} is empty.");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"The store at {Directory} is damaged: {ChunksFile} line {i + 1} is not a chunk ({e.Message}). Delete the folder and ingest again.", e);
            }
        })];
        var bytes = File.ReadAllBytes(Path.Combine(Directory, VectorsFile));
        if (bytes.Length != _chunks.Count * manifest.Dimensions * sizeof(float))
        {
            throw new InvalidDataException($"The store at {Directory} is damaged: {VectorsFile} has {bytes.Length} bytes, but {_chunks.Count} chunks of {manifest.Dimensions} floats need {_chunks.Count * manifest.Dimensions * sizeof(float)}. Delete the folder and ingest again.");
        }

        _vectors = [.. Enumerable.Range(0, _chunks.Count).Select(i => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(i * manifest.Dimensions * sizeof(float), manifest.Dimensions * sizeof(float))).ToArray())];
        _byKey = KeysOf(_chunks);
        var records = Records(0, _chunks.Count);
        if (_external is null && _chunks.Count > 0)
        {
            _collection.Dispose();
            _collection = USearchChunkCollection.Load(Directory, records, manifest.Dimensions);
        }
        else if (_external is not null)
        {
            _external.EnsureCollectionExistsAsync().GetAwaiter().GetResult();
            _external.UpsertAsync(records).GetAwaiter().GetResult();
        }

        _bm25 = new Bm25Index([.. _chunks.Select(Indexed)]);
    }

    /// <summary>Ingests every document under <paramref name="folder"/> (reStructuredText, Markdown, text): new and changed
    /// ones are chunked and embedded, unchanged ones (same SHA-256) are skipped, deleted ones are removed.</summary>
    public Task<IngestReport> IngestAsync(string folder, CancellationToken cancellationToken = default) => IngestAsync(folder, null, cancellationToken);

    /// <summary>Ingests as <see cref="IngestAsync(string, CancellationToken)"/> does, reporting each document embedded.</summary>
    /// <param name="folder">The documents.</param>
    /// <param name="progress">Told after each new or changed document is chunked and embedded.</param>
    /// <param name="cancellationToken">Stops the ingestion (the store on disk is unchanged until the end).</param>
    public async Task<IngestReport> IngestAsync(string folder, IProgress<IngestProgress>? progress, CancellationToken cancellationToken = default)
    {
        if (!System.IO.Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"No folder {Path.GetFullPath(folder)} to ingest.");
        }

        var started = Stopwatch.GetTimestamp();
        var files = System.IO.Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Select(f => (Path: f, Source: System.IO.Path.GetRelativePath(folder, f).Replace('\\', '/')))
            .OrderBy(f => f.Source, StringComparer.Ordinal)
            .ToList();
        var seen = files.Select(f => f.Source).ToHashSet(StringComparer.Ordinal);
        var rechunk = _documents.Count > 0 && _storedChunking != Chunking;   // other chunking options: every document again
        var removed = _documents.Keys.Where(s => !seen.Contains(s)).ToList();
        var changed = new List<(string Source, string Text, string Sha, DateTimeOffset Date)>();
        foreach (var (path, source) in files)
        {
            var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            if (rechunk || _documents.GetValueOrDefault(source) != sha)
            {
                changed.Add((source, text, sha, new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero)));
            }
        }

        if (changed.Count == 0 && removed.Count == 0)
        {
            return new IngestReport(files.Count, 0, 0, 0, _chunks.Count, Stopwatch.GetElapsedTime(started));
        }

        // Old chunks of changed and removed documents go; the new ones are embedded in batches.
        var dropped = changed.Select(c => c.Source).Concat(removed).ToHashSet(StringComparer.Ordinal);
        var keep = Enumerable.Range(0, _chunks.Count).Where(i => !dropped.Contains(_chunks[i].Source)).ToList();
        var chunks = keep.Select(i => _chunks[i]).ToList();
        var vectors = keep.Select(i => _vectors[i]).ToList();
        var added = 0;
        var embedded = 0;
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);   // applied only once every document is embedded
        foreach (var (source, text, sha, date) in changed)
        {
            var pieces = _chunker.Split(text, source, date);
            var embeddings = await _embeddings.GenerateAsync(pieces.Select(Indexed), cancellationToken: cancellationToken).ConfigureAwait(false);
            chunks.AddRange(pieces);
            vectors.AddRange(embeddings.Select(e => e.Vector.ToArray()));
            added += pieces.Count;
            hashes[source] = sha;
            progress?.Report(new IngestProgress(++embedded, changed.Count, source, pieces.Count));
        }

        foreach (var (source, sha) in hashes)
        {
            _documents[source] = sha;
        }

        foreach (var source in removed)
        {
            _documents.Remove(source);
        }

        // The vector index follows: the dropped documents' chunks out, the new ones in.
        var droppedKeys = _chunks.Where(c => dropped.Contains(c.Source)).Select(ChunkRecord.KeyOf).ToList();
        (_chunks, _vectors) = (chunks, vectors);
        _byKey = KeysOf(_chunks);
        if (_external is null && keep.Count == 0 && _chunks.Count > 0)
        {
            // Everything is new: a fresh embedded index sized to this model's vectors.
            _collection.Dispose();
            _collection = new USearchChunkCollection(dimensions: _vectors[0].Length);
            droppedKeys.Clear();
        }

        await _collection.DeleteAsync(droppedKeys, cancellationToken).ConfigureAwait(false);
        await _collection.UpsertAsync(Records(keep.Count, _chunks.Count - keep.Count), cancellationToken).ConfigureAwait(false);
        _bm25 = new Bm25Index([.. _chunks.Select(Indexed)]);
        Save();
        return new IngestReport(files.Count, changed.Count, removed.Count, added, _chunks.Count, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The <paramref name="top"/> best chunks for <paramref name="query"/>.</summary>
    /// <param name="query">The query text.</param>
    /// <param name="top">Hits to return.</param>
    /// <param name="mode">Sparse, dense or hybrid.</param>
    /// <param name="filter">Metadata the hits must match.</param>
    /// <param name="queryVector">The query's embedding when the caller already has it (it is not computed again).</param>
    /// <param name="cancellationToken">Stops the search.</param>
    public async Task<List<SearchHit>> SearchAsync(string query, int top = 10, SearchMode mode = SearchMode.Hybrid, SearchFilter? filter = null,
        float[]? queryVector = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        Func<int, bool> passes = filter is null ? _ => true : i => filter.Matches(_chunks[i]);
        if (mode == SearchMode.Sparse)
        {
            return Hits(_bm25.Search(query, top, passes));
        }

        var vector = queryVector ?? (await _embeddings.GenerateAsync([query], cancellationToken: cancellationToken).ConfigureAwait(false))[0].Vector.ToArray();
        if (mode == SearchMode.Dense)
        {
            return Hits(await DenseAsync(vector, top, filter, passes, cancellationToken).ConfigureAwait(false));
        }

        // Reciprocal rank fusion over the top 50 of each.
        const int Depth = 50;
        var fused = new Dictionary<int, double>();
        foreach (var ranking in new[] { _bm25.Search(query, Depth, passes), await DenseAsync(vector, Depth, filter, passes, cancellationToken).ConfigureAwait(false) })
        {
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                fused[ranking[rank].Document] = fused.GetValueOrDefault(ranking[rank].Document) + (1.0 / (60 + rank + 1));
            }
        }

        return Hits([.. fused.OrderByDescending(f => f.Value).ThenBy(f => f.Key).Take(top).Select(f => (f.Key, f.Value))]);
    }

    /// <summary>Dense search over every vector (no index): exact, for small corpora and recall checks.</summary>
    public List<(int Document, double Score)> ExactDense(float[] query, int top, Func<int, bool>? passes = null) =>
        [.. Enumerable.Range(0, _vectors.Count).Where(i => passes is null || passes(i))
            .Select(i => (i, (double)Embeddings.MiniLmEmbeddingGenerator.Similarity(query, _vectors[i])))
            .OrderByDescending(h => h.Item2).ThenBy(h => h.i).Take(top)];

    // Through the vector collection; with a filter, over-fetched and topped up by exact search when it is selective.
    private async Task<List<(int Document, double Score)>> DenseAsync(float[] query, int top, SearchFilter? filter, Func<int, bool> passes, CancellationToken cancellationToken)
    {
        if (_chunks.Count == 0)
        {
            return [];
        }

        var fetch = Math.Min(_chunks.Count, filter is null ? top : top * 20);
        var hits = new List<(int Document, double Score)>(fetch);
        await foreach (var result in _collection.SearchAsync(new ReadOnlyMemory<float>(query), fetch, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            // A server store may hold records this folder no longer has: they are skipped.
            if (_byKey.TryGetValue(result.Record.Key, out var document) && passes(document))
            {
                hits.Add((document, result.Score ?? 0));
            }
        }

        hits = [.. hits.Take(top)];
        return hits.Count >= top || filter is null ? hits : ExactDense(query, top, passes);
    }

    private static Dictionary<string, int> KeysOf(List<Chunk> chunks)
    {
        var keys = new Dictionary<string, int>(chunks.Count, StringComparer.Ordinal);
        for (var i = 0; i < chunks.Count; i++)
        {
            keys[ChunkRecord.KeyOf(chunks[i])] = i;
        }

        return keys;
    }

    private List<ChunkRecord> Records(int start, int count) =>
        [.. Enumerable.Range(start, count).Select(i => ChunkRecord.From(_chunks[i], _vectors[i]))];

    private List<SearchHit> Hits(List<(int Document, double Score)> ranked) =>
        [.. ranked.Select((h, i) => new SearchHit(_chunks[h.Document], h.Score, i + 1))];

    // What is indexed for a chunk: its section path, then its text (headings carry much of the meaning).
    private static string Indexed(Chunk chunk) => chunk.Sections.IsEmpty ? chunk.Text : chunk.Section + "\n" + chunk.Text;

    private void Save()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var dimensions = _vectors.Count == 0 ? 0 : _vectors[0].Length;
        File.WriteAllLines(Path.Combine(Directory, ChunksFile), _chunks.Select(c => JsonSerializer.Serialize(c, Json)));
        using (var stream = File.Create(Path.Combine(Directory, VectorsFile)))
        {
            foreach (var vector in _vectors)
            {
                stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()));
            }
        }

        (_collection as USearchChunkCollection)?.Save(Directory);

        // The manifest last: a crash before it leaves files that disagree with the manifest, which Open reports as a
        // damaged store (delete the folder and ingest again) rather than serving mismatched vectors.
        _storedChunking = Chunking;
        File.WriteAllText(Path.Combine(Directory, ManifestFile), JsonSerializer.Serialize(new Manifest(Model, dimensions, _documents, Chunking), Json));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_external is null)
        {
            _collection.Dispose();
        }
    }
}
