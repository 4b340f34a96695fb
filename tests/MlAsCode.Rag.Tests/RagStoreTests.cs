using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MlAsCode.Rag.Chunking;
using MlAsCode.Rag.Embeddings;
using MlAsCode.Rag.Store;

namespace MlAsCode.Rag.Tests;

/// <summary>Part of the python-docs corpus (the tutorial and the sorting how-to: embedding all of it on two cores
/// takes a minute) ingested once into a store in a temporary folder.</summary>
public sealed class IngestedCorpus : IAsyncLifetime
{
    /// <summary>The test collection that shares one ingestion.</summary>
    public const string Collection = "Ingested corpus";

    public MiniLmEmbeddingGenerator Generator { get; } = new(batchSize: 32);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "mlac-rag-" + Guid.NewGuid().ToString("N"));

    public string Corpus => Path.Combine(Folder, "docs");

    public string StorePath => Path.Combine(Folder, "store");

    /// <summary>A copy of the store as first ingested, for tests that only read (others edit and re-cut the original).</summary>
    public string PristineStorePath => Path.Combine(Folder, "store-pristine");

    public RagStore Store { get; private set; } = null!;

    public IngestReport First { get; private set; } = null!;

    public Chunker Chunker => new(t => Generator.Tokenizer.CountTokens(t), new ChunkingOptions { MaxTokens = 256, OverlapTokens = 32 });

    public async Task InitializeAsync()
    {
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "data", "python-docs"), Corpus,
            relative => relative.StartsWith("tutorial/", StringComparison.Ordinal) || relative == "howto/sorting.rst.txt");
        Store = RagStore.Open(StorePath, Generator, Chunker);
        First = await Store.IngestAsync(Corpus);
        CopyDirectory(StorePath, PristineStorePath, _ => true);
    }

    public Task DisposeAsync()
    {
        Store.Dispose();
        Generator.Dispose();
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }

    private static void CopyDirectory(string from, string to, Func<string, bool> include)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories).Where(f => include(Path.GetRelativePath(from, f).Replace('\\', '/'))))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

[CollectionDefinition(IngestedCorpus.Collection)]
public sealed class IngestedCorpusCollection : ICollectionFixture<IngestedCorpus>;

[Collection(IngestedCorpus.Collection)]
public sealed class RagStoreTests(IngestedCorpus corpus)
{
    [Theory]
    [InlineData(SearchMode.Sparse)]
    [InlineData(SearchMode.Dense)]
    [InlineData(SearchMode.Hybrid)]
    public async Task Each_mode_finds_the_section_that_answers(SearchMode mode)
    {
        var hits = await corpus.Store.SearchAsync("How can I build a list of squares in one concise expression?", top: 5, mode);
        Assert.Contains(hits, h => h.Chunk.Source == "tutorial/datastructures.rst.txt" && h.Chunk.Sections[^1] == "List Comprehensions");
        Assert.Equal([1, 2, 3, 4, 5], hits.Select(h => h.Rank).ToArray());
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public async Task Filters_restrict_hits_by_source_and_section()
    {
        var howto = await corpus.Store.SearchAsync("sorting a list", top: 8, SearchMode.Hybrid, new SearchFilter(SourcePrefix: "howto/"));
        Assert.NotEmpty(howto);
        Assert.All(howto, h => Assert.StartsWith("howto/", h.Chunk.Source, StringComparison.Ordinal));
        var errors = await corpus.Store.SearchAsync("exceptions", top: 5, SearchMode.Dense, new SearchFilter(Section: "Handling Exceptions"));
        Assert.NotEmpty(errors);
        Assert.All(errors, h => Assert.Contains("Handling Exceptions", h.Chunk.Section, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_hnsw_index_finds_what_exact_search_finds()
    {
        var queries = corpus.Store.Chunks.Where((_, i) => i % 25 == 0).Select(c => c.Text[..Math.Min(120, c.Text.Length)]).ToList();
        double found = 0, wanted = 0;
        foreach (var query in queries)
        {
            var vector = corpus.Generator.Embed([query])[0];
            var exact = corpus.Store.ExactDense(vector, 10).Select(h => h.Document).ToHashSet();
            var approximate = (await corpus.Store.SearchAsync(query, 10, SearchMode.Dense)).Select(h => h.Chunk).ToList();
            found += approximate.Count(c => exact.Contains(corpus.Store.Chunks.ToList().IndexOf(c)));
            wanted += exact.Count;
        }

        Assert.True(found / wanted >= 0.95, $"recall@10 {found / wanted:0.000} over {queries.Count} queries");
    }

    [Fact]
    public async Task The_store_persists_and_re_ingests_only_what_changed()
    {
        Assert.True(corpus.First.ChunksAdded > 150, $"{corpus.First.ChunksAdded} chunks");
        Assert.Equal(corpus.First.Documents, corpus.First.Changed);

        // A second store on the same folder reads the same chunks and answers the same.
        using var reopened = RagStore.Open(corpus.StorePath, corpus.Generator, corpus.Chunker);
        Assert.Equal(corpus.Store.Chunks.Count, reopened.Chunks.Count);
        const string Query = "What does the else clause of a loop do?";
        Assert.Equal((await corpus.Store.SearchAsync(Query, 5)).Select(h => (h.Chunk.Source, h.Chunk.Position)).ToArray(),
            (await reopened.SearchAsync(Query, 5)).Select(h => (h.Chunk.Source, h.Chunk.Position)).ToArray());

        // Unchanged: no work. One document edited: only it is chunked and embedded again.
        var again = await reopened.IngestAsync(corpus.Corpus);
        Assert.Equal((0, 0), (again.Changed, again.ChunksAdded));
        var path = Path.Combine(corpus.Corpus, "tutorial", "whatnow.rst.txt");
        await File.AppendAllTextAsync(path, "\n\nZebra crossings are not covered by this tutorial.\n");
        var edited = await reopened.IngestAsync(corpus.Corpus);
        Assert.Equal(1, edited.Changed);
        Assert.Equal(reopened.Chunks.Count(c => c.Source == "tutorial/whatnow.rst.txt"), edited.ChunksAdded);
        var zebra = await reopened.SearchAsync("zebra crossings", 1, SearchMode.Sparse);
        Assert.Equal("tutorial/whatnow.rst.txt", Assert.Single(zebra).Chunk.Source);

        // The saved HNSW graph was loaded and then updated in place: dense search finds the new sentence, and a third
        // opening (which reads the graph saved after the edit) ranks exactly as the second.
        const string Zebra = "Are zebra crossings covered by this tutorial?";
        var dense = await reopened.SearchAsync(Zebra, 3, SearchMode.Dense);
        Assert.Equal("tutorial/whatnow.rst.txt", dense[0].Chunk.Source);
        using (var third = RagStore.Open(corpus.StorePath, corpus.Generator, corpus.Chunker))
        {
            Assert.Equal(dense.Select(h => (h.Chunk.Source, h.Chunk.Position)).ToArray(),
                (await third.SearchAsync(Zebra, 3, SearchMode.Dense)).Select(h => (h.Chunk.Source, h.Chunk.Position)).ToArray());
        }

        // Other chunking options: every document is chunked again, not mixed with the old cut.
        var otherCut = new Chunking.Chunker(t => corpus.Generator.Tokenizer.CountTokens(t), new Chunking.ChunkingOptions { MaxTokens = 128, OverlapTokens = 16 });
        using var recut = RagStore.Open(corpus.StorePath, corpus.Generator, otherCut);
        var all = await recut.IngestAsync(corpus.Corpus);
        Assert.Equal(all.Documents, all.Changed);
        Assert.True(recut.Chunks.Count > reopened.Chunks.Count);
    }
}
