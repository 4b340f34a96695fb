using System;

namespace MlAsCode;

/// <summary>
/// Declares a retrieval-augmented generation pipeline (the methodology's Phase 6) on a <c>static partial class</c>: the
/// generator adds <c>Options</c> (a <c>RagPipelineOptions</c> with these settings) and <c>Open(storeDirectory, chat)</c>
/// returning the pipeline (ingest, retrieve, ask), and with <c>[Serve(Route = "...")]</c> and the MlAsCode.Rag.Serving
/// package also <c>builder.Add{Name}()</c> and <c>app.Map{Name}()</c>, which register <c>POST {Route}/ask</c> returning
/// the answer, its citations and the retrieved chunks, on <c>/ready</c> and <c>/metrics</c> like a served model. Needs
/// the MlAsCode.Rag package. Defaults are the methodology's: recursive
/// chunking into 512-token chunks with 50 tokens of overlap, hybrid retrieval of the top 10, reranking to the top 3,
/// temperature 0.1.
/// </summary>
/// <example>
/// <code>
/// [RagPipeline("python-docs", StorePath = ".mlac/rag", ChunkTokens = 256, ChunkOverlap = 32)]
/// [Serve(Route = "/docs")]
/// public static partial class DocsAssistant;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RagPipelineAttribute : Attribute
{
    /// <summary>Declares the pipeline <paramref name="name"/> (its configuration section is <c>MlAsCode:Rag:{name}</c>).</summary>
    public RagPipelineAttribute(string name) => Name = name;

    /// <summary>The pipeline's name.</summary>
    public string Name { get; }

    /// <summary>The chunking strategy (the methodology: semantic or recursive).</summary>
    public RagChunking Chunking { get; set; } = RagChunking.Recursive;

    /// <summary>Most tokens per chunk (the methodology: 512; all-MiniLM-L6-v2 embeds the first 256 of them).</summary>
    public int ChunkTokens { get; set; } = 512;

    /// <summary>Tokens of whole sentences repeated from the previous chunk (the methodology: 50).</summary>
    public int ChunkOverlap { get; set; } = 50;

    /// <summary>Semantic chunking: the share (percent) of consecutive-sentence similarities, lowest first, that break.</summary>
    public double SemanticBreakPercentile { get; set; } = 20;

    /// <summary>The embedding model (all-MiniLM-L6-v2 is the one that ships and runs offline).</summary>
    public string EmbeddingModel { get; set; } = "all-MiniLM-L6-v2";

    /// <summary>The store's folder when configuration (<c>MlAsCode:Rag:{Name}:StorePath</c>) does not say.</summary>
    public string StorePath { get; set; } = ".mlac/rag";

    /// <summary>Sparse, dense or hybrid retrieval.</summary>
    public RagRetrieval Retrieval { get; set; } = RagRetrieval.Hybrid;

    /// <summary>Chunks retrieved per question (the methodology's top_k: 10).</summary>
    public int TopK { get; set; } = 10;

    /// <summary>Whether retrieved chunks are reranked (late interaction over MiniLM token embeddings).</summary>
    public bool Rerank { get; set; } = true;

    /// <summary>Chunks kept after reranking and given to the answerer (the methodology's top_n: 3).</summary>
    public int RerankTopN { get; set; } = 3;

    /// <summary>Most sentences the extractive answerer quotes.</summary>
    public int AnswerSentences { get; set; } = 2;

    /// <summary>Below this confidence (cosine similarity of the best sentence to the question) the answer is "I don't
    /// have enough information."; NaN keeps the threshold calibrated on the python-docs evaluation set.</summary>
    public double RefusalThreshold { get; set; } = double.NaN;

    /// <summary>Sampling temperature for a chat model (the methodology: 0.1 for factual answers).</summary>
    public double Temperature { get; set; } = 0.1;

    /// <summary>Longest question accepted, in characters.</summary>
    public int MaxQuestionLength { get; set; } = 2000;
}
