using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MlAsCode.Rag.Chunking;
using MlAsCode.Rag.Embeddings;
using MlAsCode.Rag.Evaluation;
using MlAsCode.Rag.Retrieval;
using MlAsCode.Rag.Store;

namespace MlAsCode.Benchmarks;

/// <summary>
/// <c>--rag CORPUS QUESTIONS</c>: (1) batched embedding against one text per call on the same 256 chunks; (2) the
/// HNSW index against exact search (a SIMD dot product over every vector) on 50,000 vectors, with recall@10; (3) BM25
/// query cost on 50,000 chunks. Not BenchmarkDotNet: each side runs for seconds; medians of three runs are compared.
/// The 50,000 vectors are the corpus's real chunk embeddings plus mixtures of random pairs of them (normalised, with
/// a little noise): the python-docs corpus has about 1,200 chunks, and embedding 50,000 distinct texts on two cores
/// takes most of an hour.
/// </summary>
public static class RagBenchmarks
{
    public static void Run(TextWriter output, string corpus, string questionsPath)
    {
        using var embeddings = new MiniLmEmbeddingGenerator(batchSize: 32);
        var chunker = new Chunker(t => embeddings.Tokenizer.CountTokens(t), new ChunkingOptions { MaxTokens = 256, OverlapTokens = 32 });
        var chunks = Directory.GetFiles(corpus, "*.rst.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .SelectMany(f => chunker.Split(File.ReadAllText(f), Path.GetRelativePath(corpus, f))).ToList();
        var questions = RetrievalEvaluation.Read(questionsPath).Select(q => q.Question).ToList();
        output.WriteLine($"{chunks.Count} chunks, {questions.Count} questions");

        // 1. Batched against one at a time.
        var sample = chunks.Select(c => c.Text).Where((_, i) => i % 4 == 0).Take(256).ToList();
        var batched = Timing.MedianSeconds(() => embeddings.Embed(sample));
        var single = Timing.MedianSeconds(() =>
        {
            foreach (var text in sample)
            {
                embeddings.Embed([text]);
            }
        });
        output.WriteLine($"embedding {sample.Count} chunks: one per call {single:0.00} s, batched ({embeddings.BatchSize}, by length) {batched:0.00} s: {single / batched:0.0}x ({sample.Count / batched:0} chunks/s)");
        foreach (var size in new[] { 4, 8, 16 })
        {
            using var other = new MiniLmEmbeddingGenerator(batchSize: size);
            var time = Timing.MedianSeconds(() => other.Embed(sample));
            output.WriteLine($"  batch {size}: {time:0.00} s: {single / time:0.0}x");
        }

        // Short texts: the questions (about 15 tokens), where a call's fixed cost dominates.
        var shortBatched = Timing.MedianSeconds(() => embeddings.Embed(questions));
        var shortSingle = Timing.MedianSeconds(() =>
        {
            foreach (var question in questions)
            {
                embeddings.Embed([question]);
            }
        });
        output.WriteLine($"embedding {questions.Count} questions: one per call {shortSingle:0.00} s, batched {shortBatched:0.00} s: {shortSingle / shortBatched:0.0}x ({questions.Count / shortBatched:0} per second)");

        if (Environment.GetEnvironmentVariable("RAG_BENCH_EMBEDDING_ONLY") == "1")
        {
            return;
        }

        // 2. HNSW against exact on 50,000 vectors.
        var real = embeddings.Embed([.. chunks.Select(c => c.Text)]);
        var random = new Random(11);
        var vectors = real.ToList();
        while (vectors.Count < 50_000)
        {
            var (a, b, w) = (real[random.Next(real.Length)], real[random.Next(real.Length)], (float)random.NextDouble());
            var mixed = new float[a.Length];
            for (var d = 0; d < a.Length; d++)
            {
                mixed[d] = (w * a[d]) + ((1 - w) * b[d]) + (float)((random.NextDouble() - 0.5) * 0.02);
            }

            var norm = (float)Math.Sqrt(mixed.Sum(x => (double)x * x));
            vectors.Add([.. mixed.Select(x => x / norm)]);
        }

        var queries = embeddings.Embed(questions);
        var built = Stopwatch.StartNew();
        // Through the store's own vector collection (USearch HNSW behind Microsoft.Extensions.VectorData).
        using var index = new USearchChunkCollection(dimensions: vectors[0].Length);
        index.UpsertAsync(vectors.Select((v, i) => new ChunkRecord { Key = i.ToString(CultureInfo.InvariantCulture), Vector = v })).GetAwaiter().GetResult();

        built.Stop();
        List<int>[] exact = new List<int>[queries.Length];
        var exactTime = Timing.MedianSeconds(() =>
        {
            for (var q = 0; q < queries.Length; q++)
            {
                exact[q] = Exact(vectors, queries[q], 10);
            }
        });
        var approximate = new int[queries.Length][];
        var hnswTime = Timing.MedianSeconds(() =>
        {
            for (var q = 0; q < queries.Length; q++)
            {
                approximate[q] = [.. index.SearchAsync(queries[q], 10).ToBlockingEnumerable().Select(h => int.Parse(h.Record.Key, CultureInfo.InvariantCulture))];
            }
        });
        var recall = Enumerable.Range(0, queries.Length).Average(q => approximate[q].Count(k => exact[q].Contains(k)) / 10.0);
        output.WriteLine($"50,000 vectors (index built in {built.Elapsed.TotalSeconds:0.0} s), {queries.Length} queries, top 10: exact {exactTime * 1000 / queries.Length:0.000} ms/query, HNSW {hnswTime * 1000 / queries.Length:0.000} ms/query: {exactTime / hnswTime:0.0}x, recall@10 {recall:0.000}");

        // 3. BM25 on 50,000 chunks (the corpus's chunks repeated).
        var texts = Enumerable.Range(0, 50_000).Select(i => chunks[i % chunks.Count].Section + "\n" + chunks[i % chunks.Count].Text).ToList();
        Bm25Index? bm25 = null;
        var buildTime = Timing.MedianSeconds(() => bm25 = new Bm25Index(texts));
        var queryTime = Timing.MedianSeconds(() =>
        {
            foreach (var question in questions)
            {
                bm25!.Search(question, 10);
            }
        });
        output.WriteLine($"BM25 on 50,000 chunks: built in {buildTime:0.00} s, {queryTime * 1000 / questions.Count:0.00} ms/query");
    }

    /// <summary>
    /// <c>--rag-pipeline CORPUS QUESTIONS</c>: the declared pipeline's defaults (hybrid top 10, late-interaction rerank
    /// to top 3, extractive answers) over the corpus ingested in 256/32-token chunks: refusal precision and recall on
    /// the evaluation set, and the time per question end to end.
    /// </summary>
    public static async Task RunPipeline(TextWriter output, string corpus, string questionsPath)
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlac-bench-rag-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new MlAsCode.Rag.Pipeline.RagPipelineOptions { Name = "bench", Chunking = new ChunkingOptions { MaxTokens = 256, OverlapTokens = 32 } };
            using var pipeline = MlAsCode.Rag.Pipeline.RagEngine.Open(folder, options);
            var ingest = await pipeline.IngestAsync(corpus);
            output.WriteLine($"ingested {ingest.Documents} documents, {ingest.Chunks} chunks in {ingest.Elapsed.TotalSeconds:0.0} s ({ingest.ChunksPerSecond:0} chunks/s)");
            var questions = RetrievalEvaluation.Read(questionsPath);
            var timer = Stopwatch.StartNew();
            var refusals = (await RetrievalEvaluation.ScoreRefusalsAsync(pipeline, questions))!;
            timer.Stop();
            output.WriteLine($"pipeline (top {options.TopK}, rerank to {options.RerankTopN}), {questions.Count} questions: {timer.Elapsed.TotalMilliseconds / questions.Count:0} ms per question; " +
                $"refusal at {refusals.Threshold:0.###}: precision {refusals.Precision:0.000}, recall {refusals.Recall:0.000} of {refusals.Unanswerable}, " +
                $"answerable answered {refusals.AnsweredAnswerable:0.000}; threshold calibrated for this pipeline {refusals.CalibratedThreshold:0.###}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<int> Exact(List<float[]> vectors, float[] query, int top)
    {
        var scores = new float[vectors.Count];
        for (var i = 0; i < vectors.Count; i++)
        {
            scores[i] = MiniLmEmbeddingGenerator.Similarity(query, vectors[i]);
        }

        return [.. Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).Take(top)];
    }
}
