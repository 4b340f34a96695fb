using System;
using System.IO;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MlAsCode.Rag.Pipeline;

/// <summary>Registers a RAG pipeline for dependency injection (a served pipeline gets it through MlAsCode.Rag.Serving's
/// <c>AddRagService</c>, which the generated <c>Add{Name}</c> calls).</summary>
public static class RagServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="RagEngine"/> as a singleton keyed by the pipeline's name. Configuration section
    /// <c>MlAsCode:Rag:{Name}</c> may set <c>StorePath</c> (else <paramref name="defaultStorePath"/>) and
    /// <c>DocumentsPath</c> (a folder ingested when the engine is created: only new and changed documents cost work).
    /// Answers come from the <see cref="IChatClient"/> registered under the pipeline's name, else the one registered
    /// without a key, else the extractive answerer.
    /// </summary>
    public static IServiceCollection AddRagPipeline(this IServiceCollection services, RagPipelineOptions options, string defaultStorePath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultStorePath);
        options.Validate();
        services.AddKeyedSingleton(options.Name, (provider, _) => Create(provider, options, defaultStorePath));
        return services;
    }

    private static RagEngine Create(IServiceProvider provider, RagPipelineOptions options, string defaultStorePath)
    {
        var section = provider.GetService<IConfiguration>()?.GetSection($"MlAsCode:Rag:{options.Name}");
        var store = section?["StorePath"] is { Length: > 0 } configured ? configured : defaultStorePath;
        var documents = section?["DocumentsPath"];
        var logger = provider.GetService<ILoggerFactory>()?.CreateLogger("MlAsCode.Rag") ?? NullLogger.Instance;
        var chat = provider.GetKeyedService<IChatClient>(options.Name) ?? provider.GetService<IChatClient>();
        var engine = RagEngine.Open(store, options, chat);
        try
        {
            if (!string.IsNullOrWhiteSpace(documents))
            {
                var report = engine.IngestAsync(documents).GetAwaiter().GetResult();
                logger.LogInformation("RAG pipeline {Name}: {Documents} documents in {Folder}, {Changed} changed, {Removed} removed, {Chunks} chunks in {Store}",
                    options.Name, report.Documents, Path.GetFullPath(documents), report.Changed, report.Removed, report.Chunks, engine.Store.Directory);
            }

            if (engine.Store.Chunks.Count == 0)
            {
                throw new InvalidOperationException(
                    $"RAG pipeline '{options.Name}': the store at {engine.Store.Directory} has no chunks. Ingest documents first " +
                    $"(mlac rag ingest DIR --store {store}) or set MlAsCode:Rag:{options.Name}:DocumentsPath to a folder to ingest at start.");
            }

            logger.LogInformation("RAG pipeline {Name}: {Chunks} chunks from {Store}, answers by {Answerer}",
                options.Name, engine.Store.Chunks.Count, engine.Store.Directory, engine.UsesChatModel ? "the chat model" : "the extractive answerer");
            return engine;
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }
}
