using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using MlAsCode.Rag.Answering;
using MlAsCode.Rag.Chunking;
using MlAsCode.Rag.Embeddings;
using MlAsCode.Rag.Generation;
using MlAsCode.Rag.Retrieval;
using MlAsCode.Rag.Store;

namespace MlAsCode.Rag.Pipeline;

/// <summary>
/// A whole RAG pipeline over one store, as <see cref="RagPipelineOptions"/> declare it: ingest documents; retrieve the
/// top <see cref="RagPipelineOptions.TopK"/> chunks (sparse, dense or hybrid); rerank them by late interaction to the
/// top <see cref="RagPipelineOptions.RerankTopN"/>; answer with a chat model when one is given (any
/// <see cref="IChatClient"/>, with the methodology's system prompt) or with the extractive answerer, refusing below the
/// calibrated threshold either way. Questions may run concurrently; an ingestion waits for the questions in flight
/// and holds new ones until it has finished, so no question sees a half-updated store.
/// </summary>
public sealed class RagEngine : IDisposable
{
    private const int Readers = 1024;
    private readonly SemaphoreSlim _permits = new(Readers, Readers);
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly MiniLmEmbeddingGenerator _embeddings;
    private readonly bool _ownsEmbeddings;
    private readonly ExtractiveAnswerer _extractive;
    private readonly ChatAnswerer? _chat;
    private readonly LateInteractionReranker _reranker;

    private RagEngine(RagPipelineOptions options, RagStore store, MiniLmEmbeddingGenerator embeddings, bool ownsEmbeddings, IChatClient? chat)
    {
        (Options, Store, _embeddings, _ownsEmbeddings) = (options, store, embeddings, ownsEmbeddings);
        _extractive = new ExtractiveAnswerer(store, embeddings, options.RefusalThreshold);
        _chat = chat is null ? null : new ChatAnswerer(chat, _extractive) { Temperature = options.Temperature };
        _reranker = new LateInteractionReranker(embeddings);
    }

    /// <summary>The pipeline's settings.</summary>
    public RagPipelineOptions Options { get; }

    /// <summary>The chunks, vectors and indexes.</summary>
    public RagStore Store { get; }

    /// <summary>Whether answers come from a chat model (otherwise from the extractive answerer).</summary>
    public bool UsesChatModel => _chat is not null;

    /// <summary>Opens (or creates) the store in <paramref name="storeDirectory"/> for the pipeline
    /// <paramref name="options"/> declare.</summary>
    /// <param name="storeDirectory">The store's folder.</param>
    /// <param name="options">The settings; checked first (<see cref="RagPipelineOptions.Validate"/>).</param>
    /// <param name="chat">A chat model to generate answers with; none: the extractive answerer.</param>
    /// <param name="embeddings">A loaded MiniLM generator to share (the engine then does not dispose it).</param>
    /// <exception cref="ArgumentException">A setting cannot work.</exception>
    /// <exception cref="System.IO.InvalidDataException">The folder holds a damaged store or one from another model.</exception>
    public static RagEngine Open(string storeDirectory, RagPipelineOptions options, IChatClient? chat = null, MiniLmEmbeddingGenerator? embeddings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storeDirectory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var owns = embeddings is null;
        embeddings ??= new MiniLmEmbeddingGenerator();
        try
        {
            var generator = embeddings;
            var chunker = new Chunker(t => generator.Tokenizer.CountTokens(t), options.Chunking, generator.Embed);
            return new RagEngine(options, RagStore.Open(storeDirectory, embeddings, chunker), embeddings, owns, chat);
        }
        catch
        {
            if (owns)
            {
                embeddings.Dispose();
            }

            throw;
        }
    }

    /// <summary>Ingests the documents under <paramref name="folder"/> (unchanged ones are skipped by content hash).</summary>
    public Task<IngestReport> IngestAsync(string folder, CancellationToken cancellationToken = default) => IngestAsync(folder, null, cancellationToken);

    /// <summary>Ingests as <see cref="IngestAsync(string, CancellationToken)"/> does, reporting each document embedded.</summary>
    public async Task<IngestReport> IngestAsync(string folder, IProgress<IngestProgress>? progress, CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        var taken = 0;
        try
        {
            for (; taken < Readers; taken++)
            {
                await _permits.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            return await Store.IngestAsync(folder, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (taken > 0)
            {
                _permits.Release(taken);
            }

            _writer.Release();
        }
    }

    /// <summary>The chunks the answer is drawn from: the top <see cref="RagPipelineOptions.TopK"/> retrieved, reranked
    /// (when declared) and cut to <see cref="RagPipelineOptions.RerankTopN"/>.</summary>
    public async Task<List<SearchHit>> RetrieveAsync(string question, SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        Check(question);
        await _permits.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RetrieveAsync(question, _embeddings.Embed([question])[0], filter, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _permits.Release();
        }
    }

    /// <summary>Answers <paramref name="question"/> with citations, or "I don't have enough information."</summary>
    /// <param name="question">The question.</param>
    /// <param name="filter">Metadata the retrieved chunks must match (source, section, dates).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <exception cref="ArgumentException">The question is empty or longer than <see cref="RagPipelineOptions.MaxQuestionLength"/>.</exception>
    public async Task<Answer> AskAsync(string question, SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        Check(question);
        await _permits.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var vector = _embeddings.Embed([question])[0];
            var hits = await RetrieveAsync(question, vector, filter, cancellationToken).ConfigureAwait(false);
            return _chat is not null
                ? await _chat.AnswerAsync(question, vector, hits, cancellationToken).ConfigureAwait(false)
                : _extractive.Answer(question, vector, hits, Options.AnswerSentences);
        }
        finally
        {
            _permits.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Store.Dispose();
        if (_ownsEmbeddings)
        {
            _embeddings.Dispose();
        }

        _permits.Dispose();
        _writer.Dispose();
    }

    private async Task<List<SearchHit>> RetrieveAsync(string question, float[] vector, SearchFilter? filter, CancellationToken cancellationToken)
    {
        if (Store.Chunks.Count == 0)
        {
            return [];
        }

        var hits = await Store.SearchAsync(question, Options.TopK, Options.Retrieval, filter, vector, cancellationToken).ConfigureAwait(false);
        if (Options.Rerank && hits.Count > 1)
        {
            hits = _reranker.Rerank(question, hits);
        }

        return [.. hits.Take(Options.RerankTopN)];
    }

    private void Check(string question)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        if (question.Length > Options.MaxQuestionLength)
        {
            throw new ArgumentException($"The question has {question.Length} characters; the most is {Options.MaxQuestionLength}.", nameof(question));
        }
    }
}
