using MlAsCode.Generators.Common;
using MlAsCode.Generators.Model;

namespace MlAsCode.Generators.Rag;

/// <summary>Writes a RAG pipeline's options and <c>Open</c>, and for a served one <c>Add{Name}</c> and <c>Map{Name}</c>.</summary>
internal static class RagPipelineEmitter
{
    private const string Pipeline = "global::MlAsCode.Rag.Pipeline";
    private const string DI = "global::Microsoft.Extensions.DependencyInjection";

    public static string Emit(RagPipelineModel model, bool web)
    {
        var w = new SourceWriter();
        var depth = GeneratedFile.Open(w, model.Type);
        w.Line($"/// <summary>The pipeline's name: configuration section <c>MlAsCode:Rag:{model.Name}</c>.</summary>");
        w.Line($"public const string PipelineName = {Literals.String(model.Name)};");
        w.Line();
        w.Line("/// <summary>The store's folder when configuration (<c>StorePath</c>) does not name one.</summary>");
        w.Line($"public const string DefaultStorePath = {Literals.String(model.StorePath)};");
        w.Line();
        w.Line("/// <summary>The declared settings.</summary>");
        w.Line($"public static {Pipeline}.RagPipelineOptions Options {{ get; }} = new()");
        w.Line("{");
        foreach (var option in Options(model.Name, model.Settings))
        {
            w.Line($"    {option},");
        }

        w.Line("};");
        w.Line();
        w.Line("/// <summary>Opens the pipeline over the store in <paramref name=\"storeDirectory\"/> (created when missing): ingest, retrieve, ask.</summary>");
        w.Line("/// <param name=\"storeDirectory\">The store's folder.</param>");
        w.Line("/// <param name=\"chat\">A chat model to answer with; none: the extractive answerer, which needs no model.</param>");
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Line($"public static {Pipeline}.RagEngine Open(string storeDirectory = DefaultStorePath, global::Microsoft.Extensions.AI.IChatClient? chat = null) =>");
        w.Line($"    {Pipeline}.RagEngine.Open(storeDirectory, Options, chat);");
        if (model.Route is { } route && web)
        {
            EmitServing(w, model, route);
        }

        GeneratedFile.Close(w, depth);
        return w.ToString();
    }

    // Every setting written out, defaults included, so the generated options read as the declaration's.
    private static System.Collections.Generic.IEnumerable<string> Options(string name, RagSettingsModel s)
    {
        yield return $"Name = {Literals.String(name)}";
        yield return $"Chunking = new global::MlAsCode.Rag.Chunking.ChunkingOptions {{ Strategy = global::MlAsCode.Rag.Chunking.ChunkingStrategy.{s.Chunking}, " +
            $"MaxTokens = {Int(s.ChunkTokens)}, OverlapTokens = {Int(s.ChunkOverlap)}, SemanticBreakPercentile = {Literals.Double(s.SemanticBreakPercentile)} }}";
        yield return $"EmbeddingModel = {Literals.String(s.EmbeddingModel)}";
        // The runtime's SearchMode members are named as the attribute's RagRetrieval.
        yield return $"Retrieval = global::MlAsCode.Rag.Store.SearchMode.{s.Retrieval}";
        yield return $"TopK = {Int(s.TopK)}";
        yield return $"Rerank = {Literals.Bool(s.Rerank)}";
        yield return $"RerankTopN = {Int(s.RerankTopN)}";
        yield return $"AnswerSentences = {Int(s.AnswerSentences)}";
        yield return $"Temperature = (float){Literals.Double(s.Temperature)}";
        yield return $"MaxQuestionLength = {Int(s.MaxQuestionLength)}";
        if (s.RefusalThreshold is { } calibrated)
        {
            yield return $"RefusalThreshold = {Literals.Double(calibrated)}";
        }
    }

    private static string Int(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void EmitServing(SourceWriter w, RagPipelineModel model, string route)
    {
        const string Serving = "global::MlAsCode.Rag.Serving.RagServiceExtensions";
        var self = model.CanExtend ? "this " : "";
        var suffix = model.MethodSuffix;
        var ask = route.TrimEnd('/') + "/ask";
        w.Line();
        w.Line($"/// <summary>Registers the {model.Name} pipeline (opened, and its <c>DocumentsPath</c> ingested, on first use) and the");
        w.Line("/// serving infrastructure it shares with served models.</summary>");
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Line($"public static {DI}.IServiceCollection Add{suffix}({self}{DI}.IServiceCollection services) =>");
        w.Line($"    {Serving}.AddRagService(services, Options, DefaultStorePath);");
        w.Line();
        w.Line($"/// <summary>Registers the {model.Name} pipeline on the application builder.</summary>");
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Line($"public static global::Microsoft.AspNetCore.Builder.WebApplicationBuilder Add{suffix}({self}global::Microsoft.AspNetCore.Builder.WebApplicationBuilder builder)");
        w.Line("{");
        w.Line($"    Add{suffix}(builder.Services);");
        w.Line("    return builder;");
        w.Line("}");
        w.Line();
        w.Line($"/// <summary>Maps <c>POST {ask}</c> (the answer, its citations and the retrieved chunks) and, once per application,");
        w.Line("/// <c>/health</c>, <c>/ready</c> and <c>/metrics</c>. The store is opened here, so a missing or empty one stops the");
        w.Line("/// application's start with a message rather than failing the first question.</summary>");
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Line($"public static global::Microsoft.AspNetCore.Routing.IEndpointRouteBuilder Map{suffix}({self}global::Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints) =>");
        w.Line($"    {Serving}.MapRagService(endpoints, PipelineName, {Literals.String(route)});");
    }
}
