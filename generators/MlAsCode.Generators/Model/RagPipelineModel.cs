using MlAsCode.Generators.Common;

namespace MlAsCode.Generators.Model;

/// <summary>A <c>[RagPipeline]</c> declaration (with its <c>[Serve]</c>, when present), as typed values; the emitter
/// writes every setting out, defaults included, so the generated options read as the declaration's.</summary>
/// <param name="Type">The declaring type.</param>
/// <param name="Name">The pipeline's name.</param>
/// <param name="MethodSuffix">What follows <c>Add</c>/<c>Map</c>: the class name.</param>
/// <param name="StorePath">The store folder used when configuration does not name one.</param>
/// <param name="Settings">The pipeline's settings.</param>
/// <param name="Route">The <c>[Serve]</c> route prefix, or null when the pipeline is not served.</param>
/// <param name="CanExtend">Whether the class is static and top-level, so extension methods can be added to it.</param>
internal sealed record RagPipelineModel(
    TypeDeclarationModel Type,
    string Name,
    string MethodSuffix,
    string StorePath,
    RagSettingsModel Settings,
    string? Route,
    bool CanExtend);

/// <summary>The settings of a <c>[RagPipeline]</c>, each as declared or the methodology's default.</summary>
/// <param name="RefusalThreshold">The calibrated refusal threshold when one is declared; null keeps the runtime's.</param>
internal sealed record RagSettingsModel(
    RagChunking Chunking,
    int ChunkTokens,
    int ChunkOverlap,
    double SemanticBreakPercentile,
    string EmbeddingModel,
    RagRetrieval Retrieval,
    int TopK,
    bool Rerank,
    int RerankTopN,
    int AnswerSentences,
    double Temperature,
    int MaxQuestionLength,
    double? RefusalThreshold);
