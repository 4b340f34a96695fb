using System;
using System.Collections.Generic;
using System.Linq;
using MlAsCode.Rag.Embeddings;
using MlAsCode.Rag.Store;

namespace MlAsCode.Rag.Retrieval;

/// <summary>
/// Reranking by late interaction (ColBERT's MaxSim) with the token embeddings all-MiniLM-L6-v2 already produces, since
/// no cross-encoder model can be had offline here: a chunk's score is the mean over the question's word pieces of
/// their best cosine similarity with any of the chunk's word pieces. Each candidate costs one model call, so rerank a
/// short list (the top 10 of hybrid search).
/// </summary>
public sealed class LateInteractionReranker(MiniLmEmbeddingGenerator embeddings)
{
    /// <summary>The hits reordered by MaxSim, best first, re-ranked from 1.</summary>
    public List<SearchHit> Rerank(string question, IReadOnlyList<SearchHit> hits)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentNullException.ThrowIfNull(hits);
        var query = embeddings.TokenEmbeddings(question);
        if (query.Length == 0)
        {
            return [.. hits];
        }

        return [.. hits.Select(h => (Hit: h, Score: MaxSim(query, embeddings.TokenEmbeddings(h.Chunk.Text))))
            .OrderByDescending(s => s.Score).ThenBy(s => s.Hit.Rank)
            .Select((s, i) => s.Hit with { Score = s.Score, Rank = i + 1 })];
    }

    /// <summary>Mean over query tokens of the best similarity with a document token.</summary>
    public static double MaxSim(float[][] query, float[][] document)
    {
        if (query.Length == 0 || document.Length == 0)
        {
            return 0;
        }

        var total = 0.0;
        foreach (var q in query)
        {
            var best = float.MinValue;
            foreach (var d in document)
            {
                best = Math.Max(best, MiniLmEmbeddingGenerator.Similarity(q, d));
            }

            total += best;
        }

        return total / query.Length;
    }
}
