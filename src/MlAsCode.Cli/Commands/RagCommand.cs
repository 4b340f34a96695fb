using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlAsCode.Rag.Answering;
using MlAsCode.Rag.Chunking;
using MlAsCode.Rag.Embeddings;
using MlAsCode.Rag.Evaluation;
using MlAsCode.Rag.Store;

namespace MlAsCode.Cli.Commands;

/// <summary><c>mlac rag ingest|search|ask|eval</c>: retrieval over a folder of documents, fully offline
/// (all-MiniLM-L6-v2 embeddings, BM25, an HNSW index in the store folder).</summary>
internal static class RagCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var store = new Option<string>("--store") { Description = "The store folder (created by ingest).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var top = new Option<int>("--top") { Description = "Hits to return.", DefaultValueFactory = _ => 10 };
        var mode = new Option<string>("--mode") { Description = "sparse (BM25), dense (embeddings) or hybrid (both, by reciprocal rank fusion).", DefaultValueFactory = _ => "hybrid" };
        mode.AcceptOnlyFromAmong("sparse", "dense", "hybrid");
        // all-MiniLM-L6-v2 reads 256 tokens: the methodology's 512-token chunks measured worse here (docs/rag.md).
        var maxTokens = new Option<int>("--chunk-tokens") { Description = "Most tokens per chunk (the embedding model reads 256).", DefaultValueFactory = _ => 256 };
        var overlap = new Option<int>("--overlap-tokens") { Description = "Tokens of sentences repeated between chunks.", DefaultValueFactory = _ => 32 };

        int Run(string name, Func<Task<int>> action)
        {
            try
            {
                return action().GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException)
            {
                error.WriteLine($"mlac rag {name}: {e.Message}");
                return MlacApp.UsageError;
            }
        }

        static (RagStore Store, MiniLmEmbeddingGenerator Embeddings) Open(string path, int chunkTokens = 256, int overlapTokens = 32, bool mustExist = true, string chunking = "recursive")
        {
            if (mustExist && !File.Exists(Path.Combine(path, "manifest.json")))
            {
                throw new IOException($"No store at {Path.GetFullPath(path)}: run 'mlac rag ingest DIR --store {path}' first.");
            }

            var embeddings = new MiniLmEmbeddingGenerator();
            var options = new ChunkingOptions
            {
                MaxTokens = chunkTokens,
                OverlapTokens = overlapTokens,
                Strategy = chunking switch { "fixed" => ChunkingStrategy.FixedSize, "semantic" => ChunkingStrategy.Semantic, _ => ChunkingStrategy.Recursive },
            };
            var chunker = new Chunker(t => embeddings.Tokenizer.CountTokens(t), options, embeddings.Embed);
            return (RagStore.Open(path, embeddings, chunker), embeddings);
        }

        var strategy = new Option<string>("--strategy") { Description = "recursive (by document structure), fixed (by size, across sections) or semantic (structure, plus splits where consecutive sentences drift apart).", DefaultValueFactory = _ => "recursive" };
        strategy.AcceptOnlyFromAmong("recursive", "fixed", "semantic");
        var folder = new Argument<DirectoryInfo>("dir") { Description = "The documents (reStructuredText, Markdown, text; searched recursively)." };
        var ingest = new Command("ingest", "Chunk, embed and index a folder of documents; unchanged documents are skipped.\nExample: mlac rag ingest docs --store out/rag")
        {
            folder, store, maxTokens, overlap, strategy, json,
        };
        ingest.SetAction(parse => Run("ingest", async () =>
        {
            var (rag, embeddings) = Open(parse.GetValue(store)!, parse.GetValue(maxTokens), parse.GetValue(overlap), mustExist: false, parse.GetValue(strategy)!);
            using (rag)
            using (embeddings)
            {
                IngestReport report;
                if (Terminal.IsInteractive(output) && !parse.GetValue(json))
                {
                    // A progress bar while documents are embedded (the slow part: about 30 chunks a second on two cores).
                    IngestReport? done = null;
                    await Spectre.Console.AnsiConsoleExtensions.Progress(Terminal.Rich(output)).StartAsync(async context =>
                    {
                        var task = context.AddTask("embedding documents", maxValue: 1);
                        done = await rag.IngestAsync(parse.GetValue(folder)!.FullName, new Progress<IngestProgress>(p =>
                        {
                            task.MaxValue = p.Total;
                            task.Value = p.Done;
                            task.Description = Spectre.Console.Markup.Escape($"{p.Source} ({p.Chunks} chunks)");
                        }));
                        task.Value = task.MaxValue;
                    });
                    report = done!;
                }
                else
                {
                    report = await rag.IngestAsync(parse.GetValue(folder)!.FullName);
                }

                output.WriteLine(parse.GetValue(json)
                    ? new JsonObject
                    {
                        ["documents"] = report.Documents, ["changed"] = report.Changed, ["removed"] = report.Removed, ["chunks_added"] = report.ChunksAdded,
                        ["chunks"] = report.Chunks, ["seconds"] = report.Elapsed.TotalSeconds, ["chunks_per_second"] = report.ChunksPerSecond,
                    }.ToJsonString(Indented)
                    : string.Create(CultureInfo.InvariantCulture, $"{report.Documents} documents: {report.Changed} new or changed, {report.Removed} removed; {report.ChunksAdded} chunks embedded ({report.ChunksPerSecond:0} per second), {report.Chunks} in {rag.Directory}"));
                return MlacApp.Ok;
            }
        }));

        var query = new Argument<string>("query") { Description = "What to look for." };
        var search = new Command("search", "Retrieve the best chunks for a query.\nExample: mlac rag search \"prediction log\" --store out/rag --top 5 --mode hybrid --json")
        {
            query, store, top, mode, json,
        };
        search.SetAction(parse => Run("search", async () =>
        {
            var (rag, embeddings) = Open(parse.GetValue(store)!);
            using (rag)
            using (embeddings)
            {
                var hits = await rag.SearchAsync(parse.GetValue(query)!, parse.GetValue(top), Enum.Parse<SearchMode>(parse.GetValue(mode)!, ignoreCase: true));
                if (parse.GetValue(json))
                {
                    output.WriteLine(new JsonArray([.. hits.Select(h => (JsonNode)new JsonObject
                    {
                        ["source"] = h.Chunk.Source, ["section"] = h.Chunk.Section, ["score"] = h.Score, ["text"] = h.Chunk.Text, ["rank"] = h.Rank, ["line"] = h.Chunk.Line,
                    })]).ToJsonString(Indented));
                }
                else if (Terminal.IsInteractive(output))
                {
                    static string FirstLine(string text) => text.Split('\n')[0] is var line && line.Length > 100 ? line[..100] + "…" : text.Split('\n')[0];
                    Terminal.Table(output, $"{hits.Count} chunks for \"{parse.GetValue(query)}\"", ["#", "score", "source", "text"],
                        hits.Select(h => (IReadOnlyList<string>)[h.Rank.ToString(CultureInfo.InvariantCulture), h.Score.ToString("0.0000", CultureInfo.InvariantCulture),
                            $"{h.Chunk.Source} › {h.Chunk.Section}", FirstLine(h.Chunk.Text)]), numeric: i => i <= 1);
                }
                else
                {
                    foreach (var hit in hits)
                    {
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{hit.Rank,2}. {hit.Score:0.0000}  {hit.Chunk.Citation}"));
                        output.WriteLine("    " + hit.Chunk.Text.Split('\n')[0][..Math.Min(160, hit.Chunk.Text.Split('\n')[0].Length)]);
                    }
                }

                return MlacApp.Ok;
            }
        }));

        var question = new Argument<string>("question") { Description = "The question." };
        var threshold = new Option<double>("--threshold") { Description = "Refuse below this confidence (calibrated on the python-docs set).", DefaultValueFactory = _ => ExtractiveAnswerer.DefaultThreshold };
        var ask = new Command("ask", "Answer from the documents with citations, or say \"I don't have enough information.\" (extractive, no language model).\nExample: mlac rag ask \"How do I put the previous model back into production?\" --store out/rag")
        {
            question, store, threshold, json,
        };
        ask.SetAction(parse => Run("ask", async () =>
        {
            var (rag, embeddings) = Open(parse.GetValue(store)!);
            using (rag)
            using (embeddings)
            {
                var answer = await new ExtractiveAnswerer(rag, embeddings, parse.GetValue(threshold)).AnswerAsync(parse.GetValue(question)!);
                output.WriteLine(parse.GetValue(json)
                    ? new JsonObject
                    {
                        ["answer"] = answer.Text, ["refused"] = answer.Refused, ["confidence"] = answer.Confidence,
                        ["citations"] = new JsonArray([.. answer.Citations.Select(c => (JsonNode)new JsonObject { ["source"] = c.Source, ["section"] = c.Section })]),
                    }.ToJsonString(Indented)
                    : answer.Text);
                return MlacApp.Ok;
            }
        }));

        var questions = new Argument<FileInfo>("questions") { Description = "JSON lines: {\"question\", \"source\", \"section\"} or {\"question\", \"answerable\": false}." };
        var k = new Option<int>("--k") { Description = "The cut-off for recall and nDCG.", DefaultValueFactory = _ => 5 };
        var rerank = new Option<bool>("--rerank") { Description = "Also score hybrid search with its top 10 reranked by late interaction (MaxSim over MiniLM token embeddings; one model call per candidate)." };
        var eval = new Command("eval", "Recall@k, MRR and nDCG@k of sparse, dense and hybrid retrieval on an evaluation set, and how well \"I don't have enough information\" separates its unanswerable questions.\nExample: mlac rag eval docs/questions.jsonl --store out/rag --k 5")
        {
            questions, store, k, threshold, rerank, json,
        };
        eval.SetAction(parse => Run("eval", async () =>
        {
            var set = RetrievalEvaluation.Read(parse.GetValue(questions)!.FullName);
            var (rag, embeddings) = Open(parse.GetValue(store)!);
            using (rag)
            using (embeddings)
            {
                var results = new System.Collections.Generic.List<RetrievalScores>();
                RefusalScores? refusals = null;

                // The stages, in order: each mode's retrieval over every question, then the answerer's refusals.
                var stages = new System.Collections.Generic.List<(string Name, Func<Task> Run)>();
                foreach (var m in new[] { SearchMode.Sparse, SearchMode.Dense, SearchMode.Hybrid })
                {
                    stages.Add(($"{m.ToString().ToLowerInvariant()} retrieval", async () => results.Add(await RetrievalEvaluation.ScoreAsync(rag, set, m, parse.GetValue(k)))));
                }

                if (parse.GetValue(rerank))
                {
                    stages.Add(("hybrid retrieval, reranked", async () => results.Add(await RetrievalEvaluation.ScoreAsync(rag, set, SearchMode.Hybrid, parse.GetValue(k),
                        new MlAsCode.Rag.Retrieval.LateInteractionReranker(embeddings)))));
                }

                stages.Add(("answers and refusals", async () => refusals = await RetrievalEvaluation.ScoreRefusalsAsync(new ExtractiveAnswerer(rag, embeddings, parse.GetValue(threshold)), set)));
                if (Terminal.IsInteractive(output) && !parse.GetValue(json))
                {
                    // A progress bar over the stages (the 307-question set takes about a minute on two cores).
                    await Spectre.Console.AnsiConsoleExtensions.Progress(Terminal.Rich(output)).StartAsync(async context =>
                    {
                        var task = context.AddTask($"{set.Count} questions", maxValue: stages.Count);
                        foreach (var (name, run) in stages)
                        {
                            task.Description = Spectre.Console.Markup.Escape($"{set.Count} questions: {name}");
                            await run();
                            task.Increment(1);
                        }
                    });
                }
                else
                {
                    foreach (var (_, run) in stages)
                    {
                        await run();
                    }
                }

                if (parse.GetValue(json))
                {
                    output.WriteLine(new JsonObject
                    {
                        ["retrieval"] = new JsonArray([.. results.Select(r => (JsonNode)new JsonObject
                        {
                            ["mode"] = r.Mode.ToString().ToLowerInvariant() + (r.Reranked ? "_reranked" : ""), ["k"] = r.K, ["questions"] = r.Questions, ["recall_at_k"] = r.RecallAtK,
                            ["mrr"] = r.Mrr, ["ndcg_at_k"] = r.NdcgAtK, ["ms_per_query"] = r.MillisecondsPerQuery,
                        })]),
                        ["refusal"] = refusals is null ? null : new JsonObject
                        {
                            ["threshold"] = refusals.Threshold, ["precision"] = refusals.Precision, ["recall"] = refusals.Recall,
                            ["answered_answerable"] = refusals.AnsweredAnswerable, ["calibrated_threshold"] = refusals.CalibratedThreshold,
                        },
                    }.ToJsonString(Indented));
                }
                else
                {
                    output.WriteLine($"{set.Count(q => q.Answerable)} answerable questions, k = {parse.GetValue(k)}");
                    foreach (var r in results)
                    {
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r.Mode.ToString().ToLowerInvariant() + (r.Reranked ? "+rerank" : ""),-14} recall@{r.K} {r.RecallAtK:0.000}  MRR {r.Mrr:0.000}  nDCG@{r.K} {r.NdcgAtK:0.000}  {r.MillisecondsPerQuery:0.0} ms/query"));
                    }

                    if (refusals is not null)
                    {
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"\"I don't have enough information\" at threshold {refusals.Threshold:0.###}: precision {refusals.Precision:0.000}, recall {refusals.Recall:0.000} on {refusals.Unanswerable} unanswerable questions; {refusals.AnsweredAnswerable:0.000} of answerable ones answered (calibrated threshold {refusals.CalibratedThreshold:0.###})"));
                    }
                }

                return MlacApp.Ok;
            }
        }));

        return new Command("rag", "Retrieval-augmented generation over your documents, offline (the methodology's Phase 6).") { ingest, search, ask, eval };
    }
}
