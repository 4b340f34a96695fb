using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MlAsCode.Rag.Chunking;

namespace MlAsCode.Rag.Tests;

public sealed class ChunkingTests(MiniLm model) : IClassFixture<MiniLm>
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "data", "python-docs");

    private int Tokens(string text) => model.Generator.Tokenizer.CountTokens(text);

    private IEnumerable<(string Source, string Text, List<Chunk> Chunks)> Documents(ChunkingOptions? options = null)
    {
        var chunker = new Chunker(Tokens, options);
        foreach (var file in Directory.GetFiles(Corpus, "*.rst.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var source = Path.GetRelativePath(Corpus, file).Replace('\\', '/');
            var text = File.ReadAllText(file);
            yield return (source, text, chunker.Split(text, source));
        }
    }

    [Fact]
    public void Chunks_keep_the_heading_path_and_cite_it()
    {
        var (_, _, chunks) = Documents().Single(d => d.Source == "tutorial/datastructures.rst.txt");
        var listcomps = chunks.First(c => c.Text.Contains("List comprehensions provide a concise way to create lists.", StringComparison.Ordinal));
        Assert.Equal(["Data Structures", "More on Lists", "List Comprehensions"], listcomps.Sections.ToArray());
        Assert.Equal("[Source: tutorial/datastructures.rst.txt, Data Structures › More on Lists › List Comprehensions]", listcomps.Citation);
        // RST markup is reduced to text: the literal block's "::" becomes ":" and the code follows whole.
        Assert.Contains("like:\n\n>>> squares = []\n>>> for x in range(10):\n...     squares.append(x**2)", listcomps.Text, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Position));
        Assert.All(chunks, c => Assert.Equal(chunks[0].DocumentSha256, c.DocumentSha256));
    }

    [Fact]
    public void Across_the_corpus_no_sentence_or_code_block_is_cut_and_only_a_lone_code_block_exceeds_the_limit()
    {
        var options = new ChunkingOptions { MaxTokens = 128, OverlapTokens = 20 };   // small, so most sections split
        var documents = Documents(options).ToList();
        Assert.True(documents.Sum(d => d.Chunks.Count) > 500, $"{documents.Sum(d => d.Chunks.Count)} chunks");
        foreach (var (source, text, chunks) in documents)
        {
            var blocks = DocumentBlocks.Parse(text);
            foreach (var code in blocks.Where(b => b.Kind == BlockKind.Code))
            {
                Assert.True(chunks.Any(c => c.Text.Contains(code.Text, StringComparison.Ordinal)), $"{source}:{code.Line}: a code block was cut");
            }

            foreach (var sentence in blocks.Where(b => b.Kind == BlockKind.Paragraph).SelectMany(b => Sentences.Split(b.Text)).Where(s => Tokens(s) <= options.MaxTokens))
            {
                Assert.True(chunks.Any(c => c.Text.Contains(sentence, StringComparison.Ordinal)), $"{source}: a sentence was cut: {sentence}");
            }

            foreach (var chunk in chunks.Where(c => c.Tokens > options.MaxTokens))
            {
                Assert.True(blocks.Any(b => b.Kind == BlockKind.Code && chunk.Text == b.Text), $"{source} chunk {chunk.Position} has {chunk.Tokens} tokens and is not a lone code block: {chunk.Text}");
            }
        }
    }

    [Fact]
    public void Consecutive_chunks_of_a_section_overlap_by_whole_sentences_within_the_budget()
    {
        var options = new ChunkingOptions { MaxTokens = 96, OverlapTokens = 30 };
        var (_, _, chunks) = Documents(options).Single(d => d.Source == "tutorial/controlflow.rst.txt");
        var overlapping = 0;
        foreach (var (previous, next) in chunks.Zip(chunks.Skip(1)).Where(p => p.First.Section == p.Second.Section))
        {
            var lastSentences = Sentences.Split(previous.Text.Split("\n\n")[^1]);
            var shared = Enumerable.Range(1, lastSentences.Count).Select(n => string.Join(" ", lastSentences.TakeLast(n)))
                .LastOrDefault(tail => next.Text.StartsWith(tail, StringComparison.Ordinal));
            if (shared is not null)
            {
                overlapping++;
                Assert.True(Tokens(shared) <= options.OverlapTokens, $"{Tokens(shared)} tokens of overlap");
            }
        }

        Assert.True(overlapping >= 5, $"{overlapping} overlapping pairs");
    }

    [Fact]
    public void Markdown_headings_and_fenced_code_are_understood()
    {
        var markdown = """
            # Guide

            Intro sentence one. Intro two, e.g. with 3.14 in it.

            ## Install

            Run this:

            ```bash
            dotnet add package MlAsCode.Rag
            dotnet build
            ```

            ### Check

            Then it works!
            """;
        // 14 tokens: "Intro two, e.g. with 3.14 in it." is exactly 14, so it cannot share a chunk with the first sentence.
        Assert.Equal(14, Tokens("Intro two, e.g. with 3.14 in it."));
        var chunks = new Chunker(Tokens, new ChunkingOptions { MaxTokens = 14, OverlapTokens = 0 }).Split(markdown, "guide.md", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(["Guide", "Guide", "Guide › Install", "Guide › Install", "Guide › Install › Check"], chunks.Select(c => c.Section).ToArray());
        Assert.Equal(["Intro sentence one.", "Intro two, e.g. with 3.14 in it.", "Run this:", "dotnet add package MlAsCode.Rag\ndotnet build", "Then it works!"],
            chunks.Select(c => c.Text).ToArray());
        Assert.True(Tokens("Run this:\n\ndotnet add package MlAsCode.Rag\ndotnet build") > 14);
        Assert.Equal([3, 3, 7, 9, 16], chunks.Select(c => c.Line).ToArray());   // a fenced block starts at its fence
        Assert.Equal(9, DocumentBlocks.Parse(markdown).Single(b => b.Kind == BlockKind.Code).Line);
        Assert.All(chunks, c => Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), c.Date));
    }

    [Fact]
    public void Fixed_size_chunks_cross_sections_and_semantic_chunks_split_where_the_topic_changes()
    {
        var text = """
            # Notes

            ## Lists

            Lists hold items in order. You can append items to a list. Lists can be sorted in place.

            ## Weather

            It rained all day in the city. The forecast promises sunshine tomorrow. Umbrellas sold out quickly.
            """;
        var fixedSize = new Chunker(Tokens, new ChunkingOptions { Strategy = ChunkingStrategy.FixedSize, MaxTokens = 512 }).Split(text, "notes.md");
        var only = Assert.Single(fixedSize);   // everything fits in one chunk, across both sections
        Assert.Contains("Lists hold items", only.Text, StringComparison.Ordinal);
        Assert.Contains("Umbrellas sold out", only.Text, StringComparison.Ordinal);
        Assert.Equal("Notes › Lists", only.Section);

        // One section, two topics: the semantic chunker splits between them though the whole fits in one chunk.
        var mixed = """
            # Notes

            Lists hold items in order. You can append items to a list. Lists can be sorted in place. It rained all day in the city. The forecast promises sunshine tomorrow. Umbrellas sold out quickly.
            """;
        var semantic = new Chunker(Tokens, new ChunkingOptions { Strategy = ChunkingStrategy.Semantic, SemanticBreakPercentile = 20 }, model.Generator.Embed).Split(mixed, "notes.md");
        Assert.Equal(["Lists hold items in order. You can append items to a list. Lists can be sorted in place.",
            "It rained all day in the city. The forecast promises sunshine tomorrow. Umbrellas sold out quickly."], semantic.Select(c => c.Text).ToArray());
        Assert.Single(new Chunker(Tokens).Split(mixed, "notes.md"));
        Assert.Throws<ArgumentException>(() => new Chunker(Tokens, new ChunkingOptions { Strategy = ChunkingStrategy.Semantic }));
    }

    [Fact]
    public void Sentences_split_at_sentence_ends_only()
    {
        Assert.Equal(["See e.g. the tutorial.", "Version 3.12 is out!", "Is it? Yes."[..6], "Yes."],
            Sentences.Split("See e.g. the tutorial. Version 3.12 is out! Is it? Yes."));
        Assert.Equal(["Written by J. Smith et al. in 2020."], Sentences.Split("Written by J. Smith et al. in 2020."));
    }
}
