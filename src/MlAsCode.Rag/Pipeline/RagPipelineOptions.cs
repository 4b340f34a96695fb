using System;
using MlAsCode.Rag.Answering;
using MlAsCode.Rag.Chunking;
using MlAsCode.Rag.Store;

namespace MlAsCode.Rag.Pipeline;

/// <summary>
/// Every setting of a RAG pipeline, with the methodology's defaults: recursive chunking into 512-token chunks with 50 tokens
/// of overlap, all-MiniLM-L6-v2 embeddings, hybrid retrieval of the top 10, late-interaction reranking to the top 3,
/// temperature 0.1. A <c>[RagPipeline]</c> declaration generates an instance of this record.
/// </summary>
public sealed record RagPipelineOptions
{
    /// <summary>The embedding model that ships with MlAsCode.Rag (the only one that runs offline).</summary>
    public const string DefaultEmbeddingModel = "all-MiniLM-L6-v2";

    /// <summary>The pipeline's name (its configuration section is <c>MlAsCode:Rag:{Name}</c>).</summary>
    public string Name { get; init; } = "rag";

    /// <summary>How documents are cut.</summary>
    public ChunkingOptions Chunking { get; init; } = new();

    /// <summary>The embedding model's name; the store refuses vectors from another model.</summary>
    public string EmbeddingModel { get; init; } = DefaultEmbeddingModel;

    /// <summary>Sparse (BM25), dense or hybrid (reciprocal rank fusion) retrieval.</summary>
    public SearchMode Retrieval { get; init; } = SearchMode.Hybrid;

    /// <summary>Chunks retrieved per question (the methodology's top_k).</summary>
    public int TopK { get; init; } = 10;

    /// <summary>Whether the retrieved chunks are reranked by late interaction (MaxSim over MiniLM token embeddings).</summary>
    public bool Rerank { get; init; } = true;

    /// <summary>Chunks kept after reranking and given to the answerer (the methodology's top_n); without reranking, the first
    /// ones retrieved.</summary>
    public int RerankTopN { get; init; } = 3;

    /// <summary>Most sentences the extractive answerer quotes.</summary>
    public int AnswerSentences { get; init; } = 2;

    /// <summary>Below this confidence (the best sentence's similarity to the question) the pipeline answers "I don't
    /// have enough information." without calling a chat model. The default is the extractive answerer's calibrated
    /// threshold; for the default pipeline (top 10 reranked to 3) it refuses 71% of the python-docs questions the corpus
    /// cannot answer at a precision of 0.81 and answers 98% of the others (docs/rag.md).</summary>
    public double RefusalThreshold { get; init; } = ExtractiveAnswerer.DefaultThreshold;

    /// <summary>Sampling temperature for a chat model (the methodology: 0.1 for factual answers).</summary>
    public float Temperature { get; init; } = 0.1f;

    /// <summary>Longest question accepted, in characters.</summary>
    public int MaxQuestionLength { get; init; } = 2000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        Check(!string.IsNullOrWhiteSpace(Name), "Name must not be empty.");
        Check(Chunking is not null, "Chunking must be set.");
        Check(Chunking!.MaxTokens >= 16, $"Chunking.MaxTokens is {Chunking.MaxTokens}; chunks need at least 16 tokens.");
        Check(Chunking.OverlapTokens >= 0 && Chunking.OverlapTokens < Chunking.MaxTokens,
            $"Chunking.OverlapTokens is {Chunking.OverlapTokens}; it must be at least 0 and less than MaxTokens ({Chunking.MaxTokens}).");
        Check(Chunking.SemanticBreakPercentile is > 0 and < 100, $"Chunking.SemanticBreakPercentile is {Chunking.SemanticBreakPercentile}; it must be between 0 and 100.");
        Check(string.Equals(EmbeddingModel, DefaultEmbeddingModel, StringComparison.Ordinal),
            $"EmbeddingModel is '{EmbeddingModel}'; the model that ships offline is '{DefaultEmbeddingModel}'.");
        Check(TopK >= 1, $"TopK is {TopK}; at least one chunk must be retrieved.");
        Check(RerankTopN >= 1 && RerankTopN <= TopK, $"RerankTopN is {RerankTopN}; it must be between 1 and TopK ({TopK}).");
        Check(AnswerSentences >= 1, $"AnswerSentences is {AnswerSentences}; an answer quotes at least one sentence.");
        Check(RefusalThreshold is >= -1 and <= 1, $"RefusalThreshold is {RefusalThreshold}; a cosine similarity lies between -1 and 1.");
        Check(Temperature is >= 0 and <= 2, $"Temperature is {Temperature}; it must be between 0 and 2.");
        Check(MaxQuestionLength >= 1, $"MaxQuestionLength is {MaxQuestionLength}.");
    }

    private void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"RAG pipeline '{Name}': {message}");
        }
    }
}
