// One definition of the enums: compiled here (public, namespace MlAsCode) and into the analyzers and generators
// (MLASCODE_EMBEDDED: namespace MlAsCode.Embedded), which cannot load this assembly while the compiler runs them.
#if MLASCODE_EMBEDDED
namespace MlAsCode.Embedded;
#else
namespace MlAsCode;
#endif

/// <summary>How a <c>[RagPipeline]</c> cuts documents into chunks (none ever cuts a sentence or a code block).</summary>
public enum RagChunking
{
    /// <summary>By document structure: headings, paragraphs, code blocks; a chunk never crosses a section.</summary>
    Recursive = 0,

    /// <summary>By size only, with overlap: sentences and code blocks packed up to the limit across sections.</summary>
    FixedSize = 1,

    /// <summary>Recursive, and also split where the embedding similarity of consecutive sentences drops.</summary>
    Semantic = 2,
}

/// <summary>How a <c>[RagPipeline]</c> retrieves chunks.</summary>
public enum RagRetrieval
{
    /// <summary>BM25 over the chunks' words.</summary>
    Sparse = 0,

    /// <summary>Cosine similarity of embeddings through the HNSW index.</summary>
    Dense = 1,

    /// <summary>Sparse and dense fused by reciprocal rank (the default).</summary>
    Hybrid = 2,
}
