using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using MlAsCode.Rag.Answering;
using MlAsCode.Rag.Store;

namespace MlAsCode.Rag.Generation;

/// <summary>
/// Generation with any chat model through <see cref="IChatClient"/>: the methodology's system prompt (answer only from the
/// context, say "I don't have enough information." otherwise, cite sources), the retrieved chunks as numbered context
/// with their citations, temperature 0.1. When retrieval is not confident (the extractive answerer's calibrated
/// threshold, which also does the retrieval), it refuses without calling the model — the cheapest token is the one
/// never sent.
/// </summary>
public sealed class ChatAnswerer(IChatClient chat, ExtractiveAnswerer gate)
{
    /// <summary>The methodology's system prompt, with its citation format adapted to sections.</summary>
    public const string SystemPrompt = """
        Answer based ONLY on the provided context.
        If the context doesn't contain the answer, say "I don't have enough information."
        Cite sources using [Source: document_name, section].
        """;

    /// <summary>Sampling temperature (the methodology: 0.1 for factual answers).</summary>
    public float Temperature { get; init; } = 0.1f;

    /// <summary>The messages sent for <paramref name="question"/> with <paramref name="hits"/> as context.</summary>
    public static List<ChatMessage> Prompt(string question, IReadOnlyList<SearchHit> hits)
    {
        var context = new StringBuilder();
        foreach (var hit in hits)
        {
            context.Append('[').Append(hit.Rank).Append("] ").AppendLine(hit.Chunk.Citation).AppendLine(hit.Chunk.Text).AppendLine();
        }

        return
        [
            new ChatMessage(ChatRole.System, SystemPrompt),
            new ChatMessage(ChatRole.User, $"Context:\n\n{context}Question: {question}"),
        ];
    }

    /// <summary>Retrieves, and answers with the chat model, or refuses.</summary>
    public async Task<Answer> AnswerAsync(string question, int top = 5, SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var (confidence, _, hits) = await gate.ScoreAsync(question, top, filter, cancellationToken).ConfigureAwait(false);
        return await GenerateAsync(question, confidence, hits, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Answers with the chat model from chunks already retrieved (and perhaps reranked), or refuses when the
    /// best sentence among them is below the gate's threshold.</summary>
    /// <param name="question">The question.</param>
    /// <param name="questionVector">The question's embedding (for the gate).</param>
    /// <param name="hits">The context, best first.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    public Task<Answer> AnswerAsync(string question, float[] questionVector, IReadOnlyList<SearchHit> hits, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        var (confidence, _) = gate.ScoreSentences(questionVector, hits);
        return GenerateAsync(question, confidence, hits, cancellationToken);
    }

    private async Task<Answer> GenerateAsync(string question, double confidence, IReadOnlyList<SearchHit> hits, CancellationToken cancellationToken)
    {
        if (confidence < gate.Threshold)
        {
            return new Answer(ExtractiveAnswerer.NotEnoughInformation, true, confidence, [], [.. hits]);
        }

        var response = await chat.GetResponseAsync(Prompt(question, hits), new ChatOptions { Temperature = Temperature }, cancellationToken).ConfigureAwait(false);
        var text = response.Text.Trim();
        var refused = text.Contains(ExtractiveAnswerer.NotEnoughInformation, StringComparison.OrdinalIgnoreCase);
        var cited = hits.Where(h => text.Contains(h.Chunk.Citation, StringComparison.Ordinal)).Select(h => h.Chunk).Distinct();
        return new Answer(text, refused, confidence, refused ? [] : [.. cited], [.. hits]);
    }
}
