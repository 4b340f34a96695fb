using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlAsCode.Rag.Chunking;
using MlAsCode.Rag.Embeddings;
using MlAsCode.Rag.Store;

namespace MlAsCode.Rag.Answering;

/// <summary>An answer with the sources it came from.</summary>
/// <param name="Text">The answer: sentences from the sources, each followed by its citation; or the refusal.</param>
/// <param name="Refused">True when retrieval was not confident enough to answer.</param>
/// <param name="Confidence">The best sentence's cosine similarity to the question (what the threshold is compared with).</param>
/// <param name="Citations">The chunks the answer quotes.</param>
/// <param name="Retrieved">Everything retrieved for the question, best first.</param>
public sealed record Answer(string Text, bool Refused, double Confidence, ImmutableArray<Chunk> Citations, ImmutableArray<SearchHit> Retrieved);

/// <summary>
/// The embedded default answerer, which needs no language model: it retrieves (hybrid search), scores every prose
/// sentence of the retrieved chunks by cosine similarity to the question with all-MiniLM-L6-v2, and answers with the
/// best-supported sentences, each cited <c>[Source: document, section]</c> — or "I don't have enough information."
/// when the best sentence scores below <see cref="Threshold"/> (calibrated on questions the corpus can and cannot
/// answer: <see cref="Calibrate"/>).
/// </summary>
public sealed class ExtractiveAnswerer(RagStore store, MiniLmEmbeddingGenerator embeddings, double threshold = ExtractiveAnswerer.DefaultThreshold)
{
    /// <summary>The refusal, as the methodology's system prompt words it.</summary>
    public const string NotEnoughInformation = "I don't have enough information.";

    /// <summary>The threshold calibrated on the python-docs evaluation set (see docs/rag.md).</summary>
    public const double DefaultThreshold = 0.475;

    /// <summary>Below this confidence the answerer refuses.</summary>
    public double Threshold { get; } = threshold;

    /// <summary>Answers <paramref name="question"/> from the top <paramref name="top"/> chunks with at most
    /// <paramref name="sentences"/> sentences.</summary>
    public async Task<Answer> AnswerAsync(string question, int top = 5, int sentences = 2, SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var (confidence, best, hits) = await ScoreAsync(question, top, filter, cancellationToken).ConfigureAwait(false);
        return Compose(confidence, best, hits, sentences);
    }

    /// <summary>Answers <paramref name="question"/> from chunks already retrieved (and perhaps reranked) with at most
    /// <paramref name="sentences"/> sentences.</summary>
    /// <param name="question">The question.</param>
    /// <param name="questionVector">The question's embedding.</param>
    /// <param name="hits">The chunks to answer from, best first.</param>
    /// <param name="sentences">Most sentences quoted.</param>
    public Answer Answer(string question, float[] questionVector, IReadOnlyList<SearchHit> hits, int sentences = 2)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentNullException.ThrowIfNull(questionVector);
        ArgumentNullException.ThrowIfNull(hits);
        var (confidence, best) = ScoreSentences(questionVector, hits);
        return Compose(confidence, best, hits, sentences);
    }

    private Answer Compose(double confidence, List<(string Sentence, Chunk Chunk, double Score)> best, IReadOnlyList<SearchHit> hits, int sentences)
    {
        if (best.Count == 0 || confidence < Threshold)
        {
            return new Answer(NotEnoughInformation, true, confidence, [], [.. hits]);
        }

        var chosen = best.Take(Math.Max(1, sentences)).ToList();
        var text = string.Join(" ", chosen.Select(s => $"{s.Sentence} {s.Chunk.Citation}"));
        return new Answer(text, false, confidence, [.. chosen.Select(s => s.Chunk).Distinct()], [.. hits]);
    }

    /// <summary>The best sentence's similarity for <paramref name="question"/>, the sentences ranked, and the hits.</summary>
    public async Task<(double Confidence, List<(string Sentence, Chunk Chunk, double Score)> Sentences, List<SearchHit> Hits)> ScoreAsync(
        string question, int top = 5, SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        // The question is embedded once, for retrieval and for scoring the sentences.
        var questionVector = embeddings.Embed([question])[0];
        var hits = await store.SearchAsync(question, top, SearchMode.Hybrid, filter, questionVector, cancellationToken).ConfigureAwait(false);
        var (confidence, ranked) = ScoreSentences(questionVector, hits);
        return (confidence, ranked, hits);
    }

    /// <summary>The prose sentences of <paramref name="hits"/> ranked by cosine similarity to the question, and the
    /// best one's similarity (0 when there is none): the confidence compared with <see cref="Threshold"/>.</summary>
    public (double Confidence, List<(string Sentence, Chunk Chunk, double Score)> Sentences) ScoreSentences(float[] questionVector, IReadOnlyList<SearchHit> hits)
    {
        ArgumentNullException.ThrowIfNull(questionVector);
        ArgumentNullException.ThrowIfNull(hits);
        var candidates = hits
            .SelectMany(h => h.Chunk.Text.Split("\n\n").Where(IsProse).SelectMany(Sentences.Split).Select(s => (Sentence: s, h.Chunk)))
            .Where(c => c.Sentence.Length >= 20)
            .DistinctBy(c => c.Sentence)
            .ToList();
        if (candidates.Count == 0)
        {
            return (0, []);
        }

        var vectors = embeddings.Embed([.. candidates.Select(c => c.Sentence)]);
        var ranked = candidates.Select((c, i) => (c.Sentence, c.Chunk, Score: (double)MiniLmEmbeddingGenerator.Similarity(questionVector, vectors[i])))
            .OrderByDescending(c => c.Score).ToList();
        return (ranked[0].Score, ranked);
    }

    /// <summary>The threshold that best separates the confidences of answerable from unanswerable questions (the
    /// midpoint with the highest balanced accuracy).</summary>
    public static double Calibrate(IReadOnlyList<double> answerable, IReadOnlyList<double> unanswerable)
    {
        ArgumentNullException.ThrowIfNull(answerable);
        ArgumentNullException.ThrowIfNull(unanswerable);
        if (answerable.Count == 0 || unanswerable.Count == 0)
        {
            throw new ArgumentException("Calibration needs both answerable and unanswerable questions.");
        }

        var candidates = answerable.Concat(unanswerable).Order().ToList();
        var best = (Threshold: candidates[0], Score: double.MinValue);
        for (var i = 0; i + 1 < candidates.Count; i++)
        {
            var threshold = (candidates[i] + candidates[i + 1]) / 2;
            var score = (answerable.Count(a => a >= threshold) / (double)answerable.Count) + (unanswerable.Count(u => u < threshold) / (double)unanswerable.Count);
            if (score > best.Score)
            {
                best = (threshold, score);
            }
        }

        return best.Threshold;
    }

    // Code blocks, doctests and tables are not quoted as answer sentences.
    private static bool IsProse(string block) =>
        block.Length > 0 && !block.Contains('\n', StringComparison.Ordinal) && !block.StartsWith(">>>", StringComparison.Ordinal) && !block.StartsWith('+');
}
