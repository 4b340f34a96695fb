using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.VectorData;
using MlAsCode.Rag.Embeddings;
using MlAsCode.Rag.Store;

namespace MlAsCode.Rag.Tests;

/// <summary>
/// A second, independent <see cref="VectorStoreCollection{TKey, TRecord}"/>: exact cosine search over a dictionary,
/// standing in for a server store to show that <see cref="RagStore"/> works through the abstraction alone.
/// </summary>
public sealed class ExactChunkCollection : VectorStoreCollection<string, ChunkRecord>
{
    public Dictionary<string, ChunkRecord> Records { get; } = new(StringComparer.Ordinal);

    public int Searches { get; private set; }

    public override string Name => "exact";

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        Records.Clear();
        return Task.CompletedTask;
    }

    public override Task<ChunkRecord?> GetAsync(string key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Records.GetValueOrDefault(key));

    public override async IAsyncEnumerable<ChunkRecord> GetAsync(IEnumerable<string> keys, RecordRetrievalOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var key in keys)
        {
            if (await GetAsync(key, options, cancellationToken) is { } record)
            {
                yield return record;
            }
        }
    }

    public override async IAsyncEnumerable<ChunkRecord> GetAsync(Expression<Func<ChunkRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<ChunkRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var record in Records.Values.Where(filter.Compile()).Take(top))
        {
            yield return record;
        }

        await Task.CompletedTask;
    }

    public override Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        Records.Remove(key);
        return Task.CompletedTask;
    }

    public override async Task DeleteAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        foreach (var key in keys)
        {
            await DeleteAsync(key, cancellationToken);
        }
    }

    public override Task UpsertAsync(ChunkRecord record, CancellationToken cancellationToken = default)
    {
        Records[record.Key] = record;
        return Task.CompletedTask;
    }

    public override async Task UpsertAsync(IEnumerable<ChunkRecord> records, CancellationToken cancellationToken = default)
    {
        foreach (var record in records)
        {
            await UpsertAsync(record, cancellationToken);
        }
    }

    public override async IAsyncEnumerable<VectorSearchResult<ChunkRecord>> SearchAsync<TInput>(TInput searchValue, int top, VectorSearchOptions<ChunkRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Searches++;
        var query = ((ReadOnlyMemory<float>)(object)searchValue!).ToArray();
        foreach (var hit in Records.Values.Select(r => (Record: r, Score: (double)MiniLmEmbeddingGenerator.Similarity(query, r.Vector.ToArray())))
            .OrderByDescending(h => h.Score).ThenBy(h => h.Record.Key, StringComparer.Ordinal).Take(top))
        {
            yield return new VectorSearchResult<ChunkRecord>(hit.Record, hit.Score);
        }

        await Task.CompletedTask;
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) => null;
}

[Collection(IngestedCorpus.Collection)]
public sealed class VectorCollectionTests(IngestedCorpus corpus)
{
    private static float[] Unit(params float[] values)
    {
        var vector = new float[384];
        values.CopyTo(vector, 0);
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => v / norm)];
    }

    private static ChunkRecord Record(string key, string source, params float[] values) =>
        new() { Key = key, Source = source, Section = "S", Text = key, Vector = Unit(values) };

    [Fact]
    public async Task The_embedded_collection_upserts_gets_deletes_and_searches_by_cosine_with_filters()
    {
        using var collection = new USearchChunkCollection();
        await collection.UpsertAsync([Record("a", "x.md", 1, 0), Record("b", "y.md", 0.9f, 0.1f), Record("c", "x.md", 0, 1)]);
        Assert.Equal(3, collection.Count);

        var hits = await collection.SearchAsync(new ReadOnlyMemory<float>(Unit(1, 0)), 2).ToListAsync();
        Assert.Equal(["a", "b"], hits.Select(h => h.Record.Key).ToArray());
        Assert.Equal(1.0, hits[0].Score!.Value, 5);
        Assert.Equal(0.9 / Math.Sqrt(0.82), hits[1].Score!.Value, 5);
        Assert.True(hits[0].Record.Vector.IsEmpty);   // vectors only when asked for

        var filtered = await collection.SearchAsync(Unit(1, 0), 5, new VectorSearchOptions<ChunkRecord> { Filter = r => r.Source == "x.md", IncludeVectors = true }).ToListAsync();
        Assert.Equal(["a", "c"], filtered.Select(h => h.Record.Key).ToArray());
        Assert.Equal(384, filtered[0].Record.Vector.Length);
        Assert.Equal(["b"], (await collection.SearchAsync(Unit(1, 0), 1, new VectorSearchOptions<ChunkRecord> { Skip = 1 }).ToListAsync()).Select(h => h.Record.Key).ToArray());

        // Upserting a key replaces its record; deleting removes it from search and from Get.
        await collection.UpsertAsync(Record("a", "x.md", 0, 1));
        Assert.Equal(3, collection.Count);
        Assert.Equal("b", (await collection.SearchAsync(Unit(1, 0), 1).ToListAsync())[0].Record.Key);   // "a" now points elsewhere
        await collection.DeleteAsync("b");
        Assert.Null(await collection.GetAsync("b"));
        Assert.Equal(["a", "c"], (await collection.GetAsync(r => r.Source == "x.md", 10).ToListAsync()).Select(r => r.Key).Order().ToArray());
        Assert.DoesNotContain("b", (await collection.SearchAsync(Unit(1, 0), 3).ToListAsync()).Select(h => h.Record.Key));

        var error = await Assert.ThrowsAsync<NotSupportedException>(async () => await collection.SearchAsync("text", 1).ToListAsync());
        Assert.Contains("embed the text first", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync(new ChunkRecord { Key = "short", Vector = new float[3] }));
    }

    [Fact]
    public async Task The_embedded_collection_saves_and_loads_with_the_same_ranking()
    {
        var folder = Path.Combine(corpus.Folder, "collection-" + Guid.NewGuid().ToString("N"));
        var records = Enumerable.Range(0, 200).Select(i => Record($"k{i}", "d.md", MathF.Cos(i / 30f), MathF.Sin(i / 30f), i % 7)).ToList();
        using (var collection = new USearchChunkCollection())
        {
            await collection.UpsertAsync(records);
            await collection.DeleteAsync(["k3", "k4"]);
            collection.Save(folder);
        }

        using var loaded = USearchChunkCollection.Load(folder, [.. records.Where(r => r.Key is not "k3" and not "k4")]);
        Assert.Equal(198, loaded.Count);
        var hits = await loaded.SearchAsync(Unit(1, 0.1f, 3), 5).ToListAsync();
        var expected = records.Where(r => r.Key is not "k3" and not "k4")
            .OrderByDescending(r => MiniLmEmbeddingGenerator.Similarity(Unit(1, 0.1f, 3), r.Vector.ToArray())).Take(5).Select(r => r.Key).ToArray();
        Assert.Equal(expected, hits.Select(h => h.Record.Key).ToArray());

        // Records that disagree with the saved keys: the graph is built again rather than trusted.
        using var rebuilt = USearchChunkCollection.Load(folder, [.. records.Take(10)]);
        Assert.Equal(10, rebuilt.Count);
        Assert.All(await rebuilt.SearchAsync(Unit(1, 0), 10).ToListAsync(), h => Assert.Contains(h.Record.Key, records.Take(10).Select(r => r.Key)));
    }

    [Fact]
    public async Task A_store_over_another_vector_collection_syncs_it_and_searches_through_it()
    {
        var server = new ExactChunkCollection();
        using var store = RagStore.Open(corpus.PristineStorePath, corpus.Generator, corpus.Chunker, server);
        Assert.Same(server, store.Vectors);
        Assert.Equal(store.Chunks.Count, server.Records.Count);   // every stored chunk was upserted when the store opened

        const string Query = "How do I build a list of squares in one expression?";
        var vector = corpus.Generator.Embed([Query])[0];
        var dense = await store.SearchAsync(Query, 10, SearchMode.Dense);
        Assert.Equal(1, server.Searches);
        Assert.Equal(store.ExactDense(vector, 10).Select(h => (store.Chunks[h.Document].Source, store.Chunks[h.Document].Position)).ToArray(),
            dense.Select(h => (h.Chunk.Source, h.Chunk.Position)).ToArray());

        // A record the folder does not have (left over in a server store) is never returned.
        await server.UpsertAsync(new ChunkRecord { Key = "gone.md#0", Source = "gone.md", Text = "squares", Vector = vector });
        Assert.DoesNotContain(await store.SearchAsync(Query, 10, SearchMode.Dense), h => h.Chunk.Source == "gone.md");
    }
}
