using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlAsCode.Rag.Answering;
using MlAsCode.Rag.Pipeline;

namespace MlAsCode.Rag.Tests;

/// <summary>The pipeline as a test declares it: the store's chunking (256/32), the methodology's top 10 reranked to 3.</summary>
[RagPipeline("python-docs", ChunkTokens = 256, ChunkOverlap = 32)]
[Serve(Route = "/docs")]
public static partial class DocsAssistant;

[Collection(IngestedCorpus.Collection)]
public sealed class PipelineTests(IngestedCorpus corpus)
{
    [Fact]
    public async Task The_declared_pipeline_retrieves_top_k_reranks_to_top_n_and_answers_with_citations()
    {
        using var engine = DocsAssistant.Open(corpus.PristineStorePath);
        Assert.False(engine.UsesChatModel);
        Assert.Equal((10, 3, true), (DocsAssistant.Options.TopK, DocsAssistant.Options.RerankTopN, DocsAssistant.Options.Rerank));

        var answer = await engine.AskAsync("How do I remove an item from a list given its index instead of its value?");
        Assert.False(answer.Refused, $"confidence {answer.Confidence}");
        Assert.Equal(3, answer.Retrieved.Length);
        Assert.Equal([1, 2, 3], answer.Retrieved.Select(h => h.Rank).ToArray());
        Assert.Contains(answer.Retrieved, h => h.Chunk.Sections[^1] == "The del statement");
        Assert.Contains("[Source: tutorial/datastructures.rst.txt, Data Structures › The del statement]", answer.Text, StringComparison.Ordinal);

        var refused = await engine.AskAsync("How do I configure dependency injection in Spring Boot?");
        Assert.True(refused.Refused, $"confidence {refused.Confidence}: {refused.Text}");
        Assert.Equal(ExtractiveAnswerer.NotEnoughInformation, refused.Text);
        Assert.Empty(refused.Citations);
    }

    [Fact]
    public async Task Reranking_reorders_the_top_k_before_the_cut_to_top_n()
    {
        const string Question = "What does the sorted function return and how do I sort in descending order?";
        using var reranked = DocsAssistant.Open(corpus.PristineStorePath);
        using var plain = RagEngine.Open(corpus.PristineStorePath, DocsAssistant.Options with { Rerank = false, RerankTopN = 10 });
        var all = await plain.RetrieveAsync(Question);
        var top = await reranked.RetrieveAsync(Question);
        Assert.Equal(10, all.Count);
        Assert.Equal(3, top.Count);
        // The three kept are among the ten retrieved, ordered by MaxSim (descending), not by fusion rank.
        Assert.All(top, h => Assert.Contains(all, a => (a.Chunk.Source, a.Chunk.Position) == (h.Chunk.Source, h.Chunk.Position)));
        Assert.True(top[0].Score >= top[1].Score && top[1].Score >= top[2].Score);
        Assert.Equal("howto/sorting.rst.txt", top[0].Chunk.Source);
    }

    [Fact]
    public void Settings_that_cannot_work_are_refused_with_the_setting_named()
    {
        Assert.Equal("RAG pipeline 'python-docs': RerankTopN is 12; it must be between 1 and TopK (10).", Validate(DocsAssistant.Options with { RerankTopN = 12 }));
        Assert.Equal("RAG pipeline 'python-docs': Chunking.OverlapTokens is 256; it must be at least 0 and less than MaxTokens (256).",
            Validate(DocsAssistant.Options with { Chunking = DocsAssistant.Options.Chunking with { OverlapTokens = 256 } }));
        Assert.Equal("RAG pipeline 'python-docs': EmbeddingModel is 'text-embedding-3-small'; the model that ships offline is 'all-MiniLM-L6-v2'.",
            Validate(DocsAssistant.Options with { EmbeddingModel = "text-embedding-3-small" }));
    }

    [Fact]
    public async Task The_ask_endpoint_answers_over_http_with_the_answer_its_citations_and_the_retrieved_chunks()
    {
        await using var app = await Serve(new Dictionary<string, string?> { ["MlAsCode:Rag:python-docs:StorePath"] = corpus.PristineStorePath });
        using var client = new HttpClient { BaseAddress = Address(app) };

        using var response = await client.PostAsJsonAsync("/docs/ask", new { question = "How do I remove an item from a list given its index instead of its value?" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.False(root.GetProperty("refused").GetBoolean());
        Assert.Contains("[Source: tutorial/datastructures.rst.txt, Data Structures › The del statement]", root.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Contains(root.GetProperty("citations").EnumerateArray(), c => c.GetProperty("source").GetString() == "tutorial/datastructures.rst.txt"
            && c.GetProperty("section").GetString() == "Data Structures › The del statement");
        var chunks = root.GetProperty("chunks").EnumerateArray().ToList();
        Assert.Equal(3, chunks.Count);
        Assert.Equal([1, 2, 3], chunks.Select(c => c.GetProperty("rank").GetInt32()).ToArray());
        Assert.All(chunks, c => Assert.False(string.IsNullOrEmpty(c.GetProperty("text").GetString())));

        // A filter: only the sorting how-to may be retrieved.
        using var filtered = await client.PostAsJsonAsync("/docs/ask", new { question = "How do I sort a list of tuples by the second item?", source = "howto/" });
        using var filteredBody = JsonDocument.Parse(await filtered.Content.ReadAsStringAsync());
        Assert.All(filteredBody.RootElement.GetProperty("chunks").EnumerateArray(), c => Assert.StartsWith("howto/", c.GetProperty("source").GetString(), StringComparison.Ordinal));

        // A bad request is a validation problem naming each field.
        using var bad = await client.PostAsync("/docs/ask", new StringContent("{\"question\": 42, \"from\": \"yesterday\", \"top\": 5}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal("Expected a string, got number.", errors.GetProperty("question")[0].GetString());
        Assert.StartsWith("'yesterday' is not a date", errors.GetProperty("from")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Unknown field", errors.GetProperty("top")[0].GetString(), StringComparison.Ordinal);
    }

    // The ask endpoint is mapped by MlAsCode.Rag.Serving, not written into the application: it passes the gate a
    // model's predictions pass (content type, size limit and rate limit from MlAsCode:Serving:{name}), the pipeline is
    // on /ready, and every status it answers is counted on /metrics.
    [Fact]
    public async Task A_served_pipeline_shares_the_model_services_gate_readiness_and_metrics()
    {
        await using var app = await Serve(new Dictionary<string, string?>
        {
            ["MlAsCode:Rag:python-docs:StorePath"] = corpus.PristineStorePath,
            ["MlAsCode:Serving:python-docs:MaxRequestBytes"] = "2000",
            ["MlAsCode:Serving:python-docs:RateLimitPerSecond"] = "3",
        });
        using var client = new HttpClient { BaseAddress = Address(app) };

        using var ready = await client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var readyBody = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var service = readyBody.RootElement.GetProperty("services").GetProperty("python-docs");
        Assert.True(service.GetProperty("ready").GetBoolean());
        Assert.StartsWith("all-MiniLM-L6-v2, ", service.GetProperty("model_version").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        // The OpenAPI document describes the ask route beside /health and /ready: the fields it accepts, the answer.
        using var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var ask = openApi.RootElement.GetProperty("paths").GetProperty("/docs/ask").GetProperty("post");
        Assert.Equal("python-docs-ask", ask.GetProperty("operationId").GetString());
        Assert.Equal(["200", "400", "413", "415", "429"], ask.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToArray());
        var question = openApi.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("python-docsQuestion");
        Assert.False(question.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(["question", "source", "section", "from", "to"], question.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(DocsAssistant.Options.MaxQuestionLength, question.GetProperty("properties").GetProperty("question").GetProperty("maxLength").GetInt32());

        using var text = await client.PostAsync("/docs/ask", new StringContent("{\"question\": \"How do I sort?\"}", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        using var large = await client.PostAsync("/docs/ask", new StringContent($"{{\"question\": \"{new string('a', 3000)}\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Contains("the limit is 2000", await large.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var empty = await client.PostAsync("/docs/ask", new StringContent("", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        // Three tokens a second per client, refilled once a second: a burst of 30 cheap requests cannot all pass, and
        // each refusal says when to retry.
        var burst = new List<HttpResponseMessage>();
        for (var i = 0; i < 30; i++)
        {
            burst.Add(await client.PostAsync("/docs/ask", new StringContent("", Encoding.UTF8, "application/json")));
        }

        var limited = burst.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), r.Headers.ToString()));
        Assert.All(burst, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests }));
        burst.ForEach(r => r.Dispose());

        var metrics = await client.GetStringAsync("/metrics");
        foreach (var status in new[] { "415", "413", "400", "429" })
        {
            Assert.Contains(metrics.Split('\n'), l => l.StartsWith("mlascode_serving_requests", StringComparison.Ordinal)
                && l.Contains("service=\"python-docs\"", StringComparison.Ordinal) && l.Contains("route=\"/docs/ask\"", StringComparison.Ordinal)
                && l.Contains($"status=\"{status}\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_application_over_an_empty_store_does_not_start_and_says_how_to_fill_it()
    {
        var empty = Path.Combine(corpus.Folder, "empty-" + Guid.NewGuid().ToString("N"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Serve(new Dictionary<string, string?> { ["MlAsCode:Rag:python-docs:StorePath"] = empty }));
        Assert.Contains("has no chunks", error.Message, StringComparison.Ordinal);
        Assert.Contains("MlAsCode:Rag:python-docs:DocumentsPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_documents_path_is_ingested_when_the_application_starts_and_only_changes_cost_work_on_the_next_start()
    {
        var folder = Path.Combine(corpus.Folder, "start-" + Guid.NewGuid().ToString("N"));
        var documents = Path.Combine(folder, "docs", "howto");
        Directory.CreateDirectory(documents);
        File.Copy(Path.Combine(corpus.Corpus, "howto", "sorting.rst.txt"), Path.Combine(documents, "sorting.rst.txt"));
        var settings = new Dictionary<string, string?>
        {
            ["MlAsCode:Rag:python-docs:StorePath"] = Path.Combine(folder, "store"),
            ["MlAsCode:Rag:python-docs:DocumentsPath"] = Path.Combine(folder, "docs"),
        };

        await using (var app = await Serve(settings))
        {
            using var client = new HttpClient { BaseAddress = Address(app) };
            using var response = await client.PostAsJsonAsync("/docs/ask", new { question = "How do I sort in descending order?" });
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.All(body.RootElement.GetProperty("chunks").EnumerateArray(), c => Assert.Equal("howto/sorting.rst.txt", c.GetProperty("source").GetString()));
        }

        var chunks = File.ReadAllText(Path.Combine(folder, "store", "chunks.jsonl"));
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(folder, "store", "vectors.bin"));
        await using (var again = await Serve(settings))
        {
            Assert.Equal(chunks, File.ReadAllText(Path.Combine(folder, "store", "chunks.jsonl")));
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(folder, "store", "vectors.bin")));
        }
    }

    [Fact]
    public async Task Ingestion_reports_each_document_it_embeds_and_nothing_when_nothing_changed()
    {
        var folder = Path.Combine(corpus.Folder, "progress-" + Guid.NewGuid().ToString("N"));
        var documents = Path.Combine(folder, "docs");
        Directory.CreateDirectory(Path.Combine(documents, "howto"));
        File.Copy(Path.Combine(corpus.Corpus, "howto", "sorting.rst.txt"), Path.Combine(documents, "howto", "sorting.rst.txt"));
        File.WriteAllText(Path.Combine(documents, "notes.md"), "# Notes\n\nSorting is stable in Python. The sort method sorts in place.\n");
        using var engine = DocsAssistant.Open(Path.Combine(folder, "store"));
        var seen = new Recorder();
        var report = await engine.IngestAsync(documents, seen);
        Assert.Equal(["howto/sorting.rst.txt", "notes.md"], seen.Reports.Select(r => r.Source).ToArray());
        Assert.Equal([(1, 2), (2, 2)], seen.Reports.Select(r => (r.Done, r.Total)).ToArray());
        Assert.Equal(report.ChunksAdded, seen.Reports.Sum(r => r.Chunks));

        var again = new Recorder();
        await engine.IngestAsync(documents, again);
        Assert.Empty(again.Reports);
    }

    [Fact]
    public async Task A_store_whose_documents_were_all_removed_opens_again_and_takes_new_ones()
    {
        var folder = Path.Combine(corpus.Folder, "emptied-" + Guid.NewGuid().ToString("N"));
        var documents = Directory.CreateDirectory(Path.Combine(folder, "docs")).FullName;
        File.WriteAllText(Path.Combine(documents, "notes.md"), "# Notes\n\nSorting is stable in Python. The sort method sorts in place.\n");
        var store = Path.Combine(folder, "store");
        using (var engine = DocsAssistant.Open(store))
        {
            await engine.IngestAsync(documents);
            File.Delete(Path.Combine(documents, "notes.md"));
            Assert.Equal(0, (await engine.IngestAsync(documents)).Chunks);
        }

        using (var reopened = DocsAssistant.Open(store))
        {
            Assert.Empty(reopened.Store.Chunks);
            File.WriteAllText(Path.Combine(documents, "again.md"), "# Again\n\nThe sorted function returns a new list.\n");
            await reopened.IngestAsync(documents);
            Assert.Equal("again.md", (await reopened.RetrieveAsync("What does sorted return?")).First().Chunk.Source);
        }
    }

    private sealed class Recorder : IProgress<MlAsCode.Rag.Store.IngestProgress>
    {
        public List<MlAsCode.Rag.Store.IngestProgress> Reports { get; } = [];

        public void Report(MlAsCode.Rag.Store.IngestProgress value) => Reports.Add(value);
    }

    private static string Validate(RagPipelineOptions options) => Assert.Throws<ArgumentException>(options.Validate).Message;

    [Fact]
    public async Task A_registered_chat_model_answers_through_the_endpoint_from_the_reranked_context_and_is_skipped_when_retrieval_is_weak()
    {
        // The stand-in model cites the first context chunk (its citation is the line after "[1] ").
        var model = new ScriptedChatClient(messages =>
        {
            var context = messages[^1].Text;
            var start = context.IndexOf("[1] ", StringComparison.Ordinal) + 4;
            return "Use the del statement. " + context[start..context.IndexOf('\n', start)];
        });
        await using var app = await Serve(new Dictionary<string, string?> { ["MlAsCode:Rag:python-docs:StorePath"] = corpus.PristineStorePath },
            services => services.AddSingleton<Microsoft.Extensions.AI.IChatClient>(model));
        using var client = new HttpClient { BaseAddress = Address(app) };

        using var response = await client.PostAsJsonAsync("/docs/ask", new { question = "How do I remove an item from a list given its index instead of its value?" });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var (messages, options) = Assert.Single(model.Calls);
        Assert.Equal(0.1f, options!.Temperature);
        Assert.Equal(3, messages[^1].Text.Split('\n').Count(l => l.StartsWith('[') && l.Contains("] [Source: ", StringComparison.Ordinal)));
        var answer = body.RootElement.GetProperty("answer").GetString()!;
        Assert.StartsWith("Use the del statement. [Source: ", answer, StringComparison.Ordinal);
        Assert.Single(body.RootElement.GetProperty("citations").EnumerateArray());

        using var weak = await client.PostAsJsonAsync("/docs/ask", new { question = "How do I configure dependency injection in Spring Boot?" });
        using var weakBody = JsonDocument.Parse(await weak.Content.ReadAsStringAsync());
        Assert.True(weakBody.RootElement.GetProperty("refused").GetBoolean());
        Assert.Single(model.Calls);   // never sent to the model
    }

    private static async Task<WebApplication> Serve(Dictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        services?.Invoke(builder.Services);
        builder.AddDocsAssistant();
        var app = builder.Build();
        try
        {
            app.MapDocsAssistant();
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
