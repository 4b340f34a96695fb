using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using MlAsCode.Rag.Answering;
using MlAsCode.Rag.Generation;

namespace MlAsCode.Rag.Tests;

/// <summary>A chat model stand-in (no model can run here): answers with a scripted function and reports token usage
/// as word counts, recording every call.</summary>
public sealed class ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, string> reply) : IChatClient
{
    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Calls.Add((list, options));
        var text = reply(list);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = options?.ModelId ?? "default",
            Usage = new UsageDetails { InputTokenCount = list.Sum(m => m.Text.Split(' ').Length), OutputTokenCount = text.Split(' ').Length },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        yield return new ChatResponseUpdate(ChatRole.Assistant, response.Text);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

[Collection(IngestedCorpus.Collection)]
public sealed class GenerationTests(IngestedCorpus corpus)
{
    [Fact]
    public async Task The_chat_model_gets_the_methodologys_system_prompt_and_cited_context_and_unanswerable_questions_never_reach_it()
    {
        // The stand-in answers by quoting the citation of the first context entry, as an obedient model would.
        var chat = new ScriptedChatClient(messages =>
        {
            var context = messages[^1].Text;
            var citation = context[(context.IndexOf("] [Source:", StringComparison.Ordinal) + 2)..];
            return "Use the del statement. " + citation[..(citation.IndexOf(']') + 1)];
        });
        var answerer = new ChatAnswerer(chat, new ExtractiveAnswerer(corpus.Store, corpus.Generator));
        var answer = await answerer.AnswerAsync("How do I remove an item from a list given its index instead of its value?");

        var (messages, options) = Assert.Single(chat.Calls);
        Assert.Equal(ChatRole.System, messages[0].Role);
        Assert.Equal(ChatAnswerer.SystemPrompt, messages[0].Text);
        Assert.Contains("Answer based ONLY on the provided context.", messages[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("Context:\n\n[1] [Source: ", messages[1].Text, StringComparison.Ordinal);
        Assert.EndsWith("Question: How do I remove an item from a list given its index instead of its value?", messages[1].Text, StringComparison.Ordinal);
        Assert.Equal(0.1f, options!.Temperature);
        Assert.False(answer.Refused);
        Assert.Single(answer.Citations);
        Assert.Contains(answer.Citations[0].Citation, answer.Text, StringComparison.Ordinal);

        var refused = await answerer.AnswerAsync("How do I configure dependency injection in Spring Boot?");
        Assert.True(refused.Refused);
        Assert.Equal("I don't have enough information.", refused.Text);
        Assert.Single(chat.Calls);   // the model was not called for it
    }

    [Fact]
    public async Task Cost_controls_cache_route_cap_and_price_every_query()
    {
        var inner = new ScriptedChatClient(_ => "Use the sorted function or the sort method.");
        CostTrackingChatClient tracker = null!;
        var prices = new Dictionary<string, TokenPrice> { ["small"] = new(0.1, 0.4), ["large"] = new(2.5, 10) };
        using var client = new ChatClientBuilder(inner)
            .UseCostTracking(prices, t => tracker = t)
            .UseResponseCache(corpus.Generator, similarityThreshold: 0.9)
            .UseModelRouting("small", "large", messages => messages[^1].Text.Length > 200)
            .UseOutputTokenLimit(300)
            .Build();

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "How do I sort a list in Python?")]);
        var (_, options) = Assert.Single(inner.Calls);
        Assert.Equal(("small", 300), (options!.ModelId, options.MaxOutputTokens));
        var first = Assert.Single(tracker.Queries);
        Assert.Equal(((8 * 0.1) + (8 * 0.4)) / 1000, first.Cost, 12);   // 8 input words, 8 output words at small's prices

        // The same question: an exact hit; a paraphrase: a semantic hit. Neither reaches the model or costs anything.
        var exact = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "How do I sort a list in Python?")]);
        var paraphrase = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "How can I sort a list in Python?")]);
        Assert.Equal(("exact", "semantic"), ((string)exact.AdditionalProperties!["mlascode.cache"]!, (string)paraphrase.AdditionalProperties!["mlascode.cache"]!));
        Assert.Single(inner.Calls);
        Assert.Equal([false, true, true], tracker.Queries.Select(q => q.Cached).ToArray());
        Assert.Equal(first.Cost, tracker.TotalCost, 12);

        // A long question goes to the large model.
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Explain, step by step and with examples, " + string.Join(" ", Enumerable.Repeat("how sorting works with keys and reverse order", 6)))]);
        Assert.Equal("large", inner.Calls[^1].Options!.ModelId);
        Assert.True(tracker.Queries[^1].Cost > first.Cost * 10);
    }
}
