using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using MlAsCode.Common;
using MlAsCode.Generators.Common;
using MlAsCode.Generators.Model;

namespace MlAsCode.Generators.Rag;

/// <summary>Reads a <c>[RagPipeline]</c> class with its <c>[Serve]</c>.</summary>
internal static class RagPipelineParser
{

    public static RagPipelineModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol { IsGenericType: false } type || context.Attributes.IsEmpty
            || TypeDeclarations.Read(type, cancellationToken) is not { } declaration)
        {
            return null;
        }

        var attribute = context.Attributes[0];
        if (attribute.ConstructorArguments.Length != 1 || AttributeValues.String(attribute.ConstructorArguments[0]) is not { } name
            || string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        // Every setting is written out, defaults included, so the generated options read as the declaration's.
        var chunking = RagChunking.Recursive;
        var retrieval = RagRetrieval.Hybrid;
        int tokens = 512, overlap = 50, topK = 10, topN = 3, sentences = 2, maxQuestion = 2000;
        double percentile = 20, temperature = 0.1;
        double? threshold = null;
        var rerank = true;
        string embedding = "all-MiniLM-L6-v2", store = ".mlac/rag";
        foreach (var argument in attribute.NamedArguments)
        {
            var value = argument.Value;
            switch (argument.Key)
            {
                case "Chunking" when value.Value is int c && System.Enum.IsDefined(typeof(RagChunking), c):
                    chunking = (RagChunking)c;
                    break;
                case "Retrieval" when value.Value is int r && System.Enum.IsDefined(typeof(RagRetrieval), r):
                    retrieval = (RagRetrieval)r;
                    break;
                case "ChunkTokens" when value.Value is int n:
                    tokens = n;
                    break;
                case "ChunkOverlap" when value.Value is int n:
                    overlap = n;
                    break;
                case "TopK" when value.Value is int n:
                    topK = n;
                    break;
                case "RerankTopN" when value.Value is int n:
                    topN = n;
                    break;
                case "AnswerSentences" when value.Value is int n:
                    sentences = n;
                    break;
                case "MaxQuestionLength" when value.Value is int n:
                    maxQuestion = n;
                    break;
                case "SemanticBreakPercentile" when AttributeValues.Double(value) is { } p:
                    percentile = p;
                    break;
                case "Temperature" when AttributeValues.Double(value) is { } t:
                    temperature = t;
                    break;
                case "RefusalThreshold" when AttributeValues.Double(value) is { } t && !double.IsNaN(t):
                    threshold = t;
                    break;
                case "Rerank":
                    rerank = AttributeValues.Bool(value);
                    break;
                case "EmbeddingModel" when AttributeValues.String(value) is { } model:
                    embedding = model;
                    break;
                case "StorePath" when AttributeValues.String(value) is { Length: > 0 } path:
                    store = path;
                    break;
            }
        }

        var settings = new RagSettingsModel(chunking, tokens, overlap, percentile, embedding, retrieval, topK, rerank, topN, sentences, temperature, maxQuestion, threshold);

        string? route = null;
        if (type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Serve) is { } serve)
        {
            route = "/";
            foreach (var argument in serve.NamedArguments)
            {
                if (argument.Key == "Route" && AttributeValues.String(argument.Value) is { } r)
                {
                    route = "/" + r.Trim().Trim('/');
                }
            }
        }

        return new RagPipelineModel(declaration, name, type.Name, store, settings, route, type.IsStatic && type.ContainingType is null);
    }
}
