using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using MlAsCode.Rag.Embeddings;

namespace MlAsCode.Rag.Generation;

/// <summary>
/// Response caching: an identical prompt is answered from the cache; with an embedding generator, a prompt whose last
/// user message is at least <see cref="SimilarityThreshold"/> similar to a cached one is answered from the cache too
/// (semantic caching — the methodology warns it may return a stale or wrong answer, hence a declared threshold). Hits are
/// marked in <c>AdditionalProperties["mlascode.cache"]</c> (<c>exact</c> or <c>semantic</c>).
/// </summary>
public sealed class CachingChatClient(IChatClient inner, IEmbeddingGenerator<string, Embedding<float>>? embeddings = null, double similarityThreshold = 0.95)
    : DelegatingChatClient(inner)
{
    private readonly ConcurrentDictionary<string, ChatResponse> _exact = new(StringComparer.Ordinal);
    private readonly List<(float[] Vector, ChatResponse Response)> _semantic = [];

    /// <summary>Cosine similarity at or above which a cached answer is reused.</summary>
    public double SimilarityThreshold { get; } = similarityThreshold;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var key = string.Join("\u241E", list.Select(m => $"{m.Role}:{m.Text}")) + $"\u241E{options?.ModelId}";
        if (_exact.TryGetValue(key, out var cached))
        {
            return Marked(cached, "exact");
        }

        float[]? vector = null;
        if (embeddings is not null && list.LastOrDefault(m => m.Role == ChatRole.User) is { } user)
        {
            vector = (await embeddings.GenerateAsync([user.Text], cancellationToken: cancellationToken).ConfigureAwait(false))[0].Vector.ToArray();
            lock (_semantic)
            {
                var best = _semantic.Select(s => (s.Response, Score: MiniLmEmbeddingGenerator.Similarity(vector, s.Vector))).OrderByDescending(s => s.Score).FirstOrDefault();
                if (best.Response is not null && best.Score >= SimilarityThreshold)
                {
                    return Marked(best.Response, "semantic");
                }
            }
        }

        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        _exact[key] = response;
        if (vector is not null)
        {
            lock (_semantic)
            {
                _semantic.Add((vector, response));
            }
        }

        return response;
    }

    private static ChatResponse Marked(ChatResponse response, string kind)
    {
        var copy = new ChatResponse([.. response.Messages]) { ModelId = response.ModelId, Usage = null, AdditionalProperties = new() { ["mlascode.cache"] = kind } };
        return copy;
    }
}

/// <summary>Model routing: the small model first; the large one when the declared rule says so (the methodology: 40–70%
/// savings for slightly more latency and a router to maintain).</summary>
public sealed class ModelRoutingChatClient(IChatClient inner, string smallModel, string largeModel, Func<IReadOnlyList<ChatMessage>, bool> needsLargeModel)
    : DelegatingChatClient(inner)
{
    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var routed = options?.Clone() ?? new ChatOptions();
        routed.ModelId = needsLargeModel(list) ? largeModel : smallModel;
        return base.GetResponseAsync(list, routed, cancellationToken);
    }
}

/// <summary>Output token limit: caps <see cref="ChatOptions.MaxOutputTokens"/> (the methodology: savings proportional to
/// the cap, at the risk of truncating something useful).</summary>
public sealed class OutputTokenLimitChatClient(IChatClient inner, int maxOutputTokens) : DelegatingChatClient(inner)
{
    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var limited = options?.Clone() ?? new ChatOptions();
        limited.MaxOutputTokens = Math.Min(limited.MaxOutputTokens ?? int.MaxValue, maxOutputTokens);
        return base.GetResponseAsync(messages, limited, cancellationToken);
    }
}

/// <summary>The price of a model's tokens, per 1,000.</summary>
public sealed record TokenPrice(double InputPer1000, double OutputPer1000);

/// <summary>One query's cost and latency.</summary>
public sealed record QueryCost(string Model, long InputTokens, long OutputTokens, double Cost, TimeSpan Latency, bool Cached);

/// <summary>Per-query cost and latency tracking from the responses' token usage and a price list; a response from the
/// cache costs nothing.</summary>
public sealed class CostTrackingChatClient(IChatClient inner, IReadOnlyDictionary<string, TokenPrice> prices) : DelegatingChatClient(inner)
{
    private readonly ConcurrentQueue<QueryCost> _queries = new();

    /// <summary>Every query so far.</summary>
    public IReadOnlyList<QueryCost> Queries => [.. _queries];

    /// <summary>Total cost so far.</summary>
    public double TotalCost => _queries.Sum(q => q.Cost);

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var model = response.ModelId ?? options?.ModelId ?? "";
        var cached = response.AdditionalProperties?.ContainsKey("mlascode.cache") == true;
        var (input, output) = (response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0);
        var cost = cached ? 0 : prices.TryGetValue(model, out var price) ? ((input * price.InputPer1000) + (output * price.OutputPer1000)) / 1000
            : throw new InvalidOperationException($"No price for model '{model}': add it to the cost tracker's price list.");
        _queries.Enqueue(new QueryCost(model, input, output, cost, Stopwatch.GetElapsedTime(started), cached));
        return response;
    }
}

/// <summary>The cost controls as <see cref="ChatClientBuilder"/> steps.</summary>
public static class CostControlExtensions
{
    /// <summary>Adds response caching (and semantic caching when <paramref name="embeddings"/> is given).</summary>
    public static ChatClientBuilder UseResponseCache(this ChatClientBuilder builder, IEmbeddingGenerator<string, Embedding<float>>? embeddings = null, double similarityThreshold = 0.95) =>
        builder.Use(inner => new CachingChatClient(inner, embeddings, similarityThreshold));

    /// <summary>Routes to the small model unless <paramref name="needsLargeModel"/> says otherwise.</summary>
    public static ChatClientBuilder UseModelRouting(this ChatClientBuilder builder, string smallModel, string largeModel, Func<IReadOnlyList<ChatMessage>, bool> needsLargeModel) =>
        builder.Use(inner => new ModelRoutingChatClient(inner, smallModel, largeModel, needsLargeModel));

    /// <summary>Caps output tokens.</summary>
    public static ChatClientBuilder UseOutputTokenLimit(this ChatClientBuilder builder, int maxOutputTokens) =>
        builder.Use(inner => new OutputTokenLimitChatClient(inner, maxOutputTokens));

    /// <summary>Tracks cost and latency per query into <paramref name="tracker"/>'s list (read it after building).</summary>
    public static ChatClientBuilder UseCostTracking(this ChatClientBuilder builder, IReadOnlyDictionary<string, TokenPrice> prices, Action<CostTrackingChatClient> tracker) =>
        builder.Use(inner =>
        {
            var client = new CostTrackingChatClient(inner, prices);
            tracker(client);
            return client;
        });
}
