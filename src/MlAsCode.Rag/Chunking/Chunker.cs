using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace MlAsCode.Rag.Chunking;

/// <summary>A piece of a document to index, with what an answer needs to cite it.</summary>
/// <param name="Text">The text (prose sentences and whole code blocks, separated by blank lines).</param>
/// <param name="Source">The document (a path relative to the ingested folder).</param>
/// <param name="Sections">The heading path, outermost first.</param>
/// <param name="Position">The chunk's index in its document.</param>
/// <param name="Line">The line (1-based) of the block its text starts in.</param>
/// <param name="Tokens">Its length in the tokenizer's tokens.</param>
/// <param name="DocumentSha256">The content hash of the whole document (re-ingesting an unchanged one does no work).</param>
/// <param name="Date">The document's date, when known.</param>
public sealed record Chunk(string Text, string Source, ImmutableArray<string> Sections, int Position, int Line, int Tokens, string DocumentSha256, DateTimeOffset? Date)
{
    /// <summary>The section path as one string ("Data Structures › More on Lists").</summary>
    public string Section => string.Join(" › ", Sections);

    /// <summary>How an answer cites it: <c>[Source: tutorial/datastructures.rst.txt, Data Structures › More on Lists]</c>.</summary>
    public string Citation => Sections.IsEmpty ? $"[Source: {Source}]" : $"[Source: {Source}, {Section}]";
}

/// <summary>How chunk boundaries are chosen (no strategy ever cuts a sentence or a code block).</summary>
public enum ChunkingStrategy
{
    /// <summary>By document structure: a chunk never crosses a section.</summary>
    Recursive,

    /// <summary>By size only: sentences and code blocks packed up to the limit across sections (a chunk carries the
    /// section it starts in).</summary>
    FixedSize,

    /// <summary>Recursive, and also split inside a section where the similarity of consecutive sentences drops (their
    /// embeddings' lowest <see cref="ChunkingOptions.SemanticBreakPercentile"/>% in the document).</summary>
    Semantic,
}

/// <summary>How documents are cut.</summary>
public sealed record ChunkingOptions
{
    /// <summary>The boundary strategy.</summary>
    public ChunkingStrategy Strategy { get; init; } = ChunkingStrategy.Recursive;

    /// <summary>Semantic: the share (percent) of a document's consecutive-sentence similarities, lowest first, that
    /// start a new chunk.</summary>
    public double SemanticBreakPercentile { get; init; } = 20;

    /// <summary>Most tokens per chunk (the methodology: 512). Note all-MiniLM-L6-v2 reads the first 256 of them; BM25 all.</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>Tokens of whole sentences repeated from the previous chunk of the same section (the methodology: 50).</summary>
    public int OverlapTokens { get; init; } = 50;
}

/// <summary>
/// Recursive chunking by document structure: sections (the heading path is kept for citations), then blocks, then
/// sentences. A chunk holds whole sentences and whole code blocks up to <see cref="ChunkingOptions.MaxTokens"/>, never
/// crosses a section, and starts with up to <see cref="ChunkingOptions.OverlapTokens"/> tokens of the previous chunk's
/// last sentences. Two things can exceed the limit, and only alone in their chunk: a code block (never cut) and a
/// single sentence longer than the limit (cut between words, the one place a sentence is split).
/// </summary>
public sealed class Chunker(Func<string, int> countTokens, ChunkingOptions? options = null, Func<IReadOnlyList<string>, float[][]>? embed = null)
{
    private readonly ChunkingOptions _options = Validate(options ?? new ChunkingOptions(), embed);

    /// <summary>The options in force.</summary>
    public ChunkingOptions Options => _options;

    private sealed record Piece(string Text, bool IsSentence, bool StartsBlock, int Line)
    {
        // A semantic break: a new chunk starts here.
        public bool BreaksBefore { get; set; }
    }

    private static ChunkingOptions Validate(ChunkingOptions options, Func<IReadOnlyList<string>, float[][]>? embed) =>
        options.Strategy == ChunkingStrategy.Semantic && embed is null
            ? throw new ArgumentException("Semantic chunking needs an embedding function (e.g. MiniLmEmbeddingGenerator.Embed).", nameof(embed))
            : options;

    /// <summary>Cuts one document.</summary>
    /// <param name="text">Its text (reStructuredText or Markdown; plain text is paragraphs).</param>
    /// <param name="source">Its name in citations (a relative path).</param>
    /// <param name="date">Its date, when known.</param>
    public List<Chunk> Split(string text, string source, DateTimeOffset? date = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var chunks = new List<Chunk>();
        var path = new List<(int Level, string Title)>();
        var pieces = new List<Piece>();

        var sections = new List<ImmutableArray<string>>();   // FixedSize: the section each piece is in
        void Flush()
        {
            if (pieces.Count > 0 && _options.Strategy != ChunkingStrategy.FixedSize)
            {
                MarkSemanticBreaks(pieces);
                Emit(chunks, pieces, source, [.. path.Select(p => p.Title)], sha, date);
                pieces.Clear();
                sections.Clear();
            }
        }

        foreach (var block in DocumentBlocks.Parse(text))
        {
            switch (block.Kind)
            {
                case BlockKind.Heading:
                    Flush();
                    path.RemoveAll(p => p.Level >= block.Level);
                    path.Add((block.Level, block.Text));
                    break;
                case BlockKind.Code:
                    pieces.Add(new Piece(block.Text, false, true, block.Line));
                    sections.Add([.. path.Select(p => p.Title)]);
                    break;
                default:
                    var first = true;
                    foreach (var sentence in Sentences.Split(block.Text))
                    {
                        foreach (var part in Fit(sentence))
                        {
                            pieces.Add(new Piece(part, true, first, block.Line));
                            sections.Add([.. path.Select(p => p.Title)]);
                            first = false;
                        }
                    }

                    break;
            }
        }

        Flush();
        if (_options.Strategy == ChunkingStrategy.FixedSize && pieces.Count > 0)
        {
            // One run over the whole document; each chunk is labelled with the section its first new piece is in.
            var start = chunks.Count;
            Emit(chunks, pieces, source, [], sha, date);
            var first = 0;
            for (var c = start; c < chunks.Count; c++)
            {
                first = pieces.FindIndex(first, p => chunks[c].Text.Contains(p.Text, StringComparison.Ordinal));
                chunks[c] = chunks[c] with { Sections = sections[Math.Max(0, first)] };
            }
        }

        return chunks;
    }

    // Semantic: a break before each sentence whose similarity to the previous one is among the document's lowest.
    private void MarkSemanticBreaks(List<Piece> pieces)
    {
        if (_options.Strategy != ChunkingStrategy.Semantic || pieces.Count < 3)
        {
            return;
        }

        var vectors = embed!([.. pieces.Select(p => p.Text)]);
        var similarities = Enumerable.Range(1, pieces.Count - 1).Select(i => Embeddings.MiniLmEmbeddingGenerator.Similarity(vectors[i - 1], vectors[i])).ToArray();
        var sorted = similarities.Order().ToArray();
        var cut = sorted[(int)Math.Floor((sorted.Length - 1) * _options.SemanticBreakPercentile / 100)];
        for (var i = 1; i < pieces.Count; i++)
        {
            pieces[i].BreaksBefore = pieces[i].IsSentence && pieces[i - 1].IsSentence && similarities[i - 1] <= cut;
        }
    }

    // Packs a section's pieces into chunks. Fit is judged on the joined text's own token count: the tokenizer does not
    // always count a text as the sum of its parts (punctuation at a join).
    private void Emit(List<Chunk> chunks, List<Piece> pieces, string source, ImmutableArray<string> sections, string sha, DateTimeOffset? date)
    {
        var current = new List<Piece>();
        var fresh = 0;   // pieces in `current` that are not overlap
        foreach (var piece in pieces)
        {
            if (fresh > 0 && (piece.BreaksBefore || countTokens(Join([.. current, piece])) > _options.MaxTokens))
            {
                chunks.Add(Make(current, source, sections, chunks.Count, sha, date));
                // No overlap across a semantic break: the topic changed there.
                current = piece.BreaksBefore ? [] : Overlap(current);
                fresh = 0;
                if (current.Count > 0 && countTokens(Join([.. current, piece])) > _options.MaxTokens)
                {
                    current.Clear();
                }
            }

            current.Add(piece);
            fresh++;
        }

        if (fresh > 0)
        {
            chunks.Add(Make(current, source, sections, chunks.Count, sha, date));
        }
    }

    // The last whole sentences of a chunk that fit in the overlap (none across a code block).
    private List<Piece> Overlap(List<Piece> chunk)
    {
        var kept = new List<Piece>();
        for (var i = chunk.Count - 1; i >= 0 && chunk[i].IsSentence && countTokens(Join([chunk[i], .. kept])) <= _options.OverlapTokens; i--)
        {
            kept.Insert(0, chunk[i]);
        }

        return kept;
    }

    private Chunk Make(List<Piece> pieces, string source, ImmutableArray<string> sections, int position, string sha, DateTimeOffset? date)
    {
        var body = Join(pieces);
        return new Chunk(body, source, sections, position, pieces[0].Line, countTokens(body), sha, date);
    }

    // Sentences of one paragraph joined by a space; blocks by a blank line.
    private static string Join(List<Piece> pieces)
    {
        var text = new StringBuilder();
        for (var i = 0; i < pieces.Count; i++)
        {
            if (i > 0)
            {
                text.Append(pieces[i].StartsBlock || !pieces[i].IsSentence || !pieces[i - 1].IsSentence ? "\n\n" : " ");
            }

            text.Append(pieces[i].Text);
        }

        return text.ToString();
    }

    // A sentence longer than a chunk is cut between words; any other comes back whole.
    private IEnumerable<string> Fit(string sentence)
    {
        if (countTokens(sentence) <= _options.MaxTokens)
        {
            yield return sentence;
            yield break;
        }

        var part = new StringBuilder();
        foreach (var word in sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = part.Length == 0 ? word : part + " " + word;
            if (part.Length > 0 && countTokens(candidate) > _options.MaxTokens)
            {
                yield return part.ToString();
                part.Clear().Append(word);
            }
            else
            {
                part.Clear().Append(candidate);
            }
        }

        if (part.Length > 0)
        {
            yield return part.ToString();
        }
    }
}
