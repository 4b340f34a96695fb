using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MlAsCode.Rag.Store;

namespace MlAsCode.Rag.Evaluation;

/// <summary>A question of an evaluation set: answerable ones name the source and the innermost section holding the
/// answer; unanswerable ones have <see cref="Answerable"/> false.</summary>
public sealed record EvaluationQuestion(string Question, string? Source = null, string? Section = null, bool Answerable = true);

/// <summary>Retrieval quality over answerable questions, for one mode.</summary>
/// <param name="Mode">The search mode.</param>
/// <param name="K">The cut-off.</param>
/// <param name="Questions">Answerable questions scored.</param>
/// <param name="RecallAtK">Share of questions whose section is among the first k distinct sections retrieved.</param>
/// <param name="Mrr">Mean reciprocal rank of that section (0 when not retrieved in the top 50).</param>
/// <param name="NdcgAtK">Mean nDCG@k with the one relevant section: 1 / log2(1 + rank) when rank ≤ k.</param>
/// <param name="MillisecondsPerQuery">Mean search latency.</param>
/// <param name="Reranked">Whether the top 10 were reranked by late interaction.</param>
public sealed record RetrievalScores(SearchMode Mode, int K, int Questions, double RecallAtK, double Mrr, double NdcgAtK, double MillisecondsPerQuery, bool Reranked = false);

/// <summary>How the answerer's refusal separates unanswerable questions.</summary>
/// <param name="Threshold">The threshold in use.</param>
/// <param name="Precision">Of the questions refused, the share the corpus cannot answer.</param>
/// <param name="Recall">Of the unanswerable questions, the share refused.</param>
/// <param name="AnsweredAnswerable">Of the answerable questions, the share answered.</param>
/// <param name="CalibratedThreshold">The threshold with the best balanced accuracy on this set.</param>
/// <param name="Unanswerable">Unanswerable questions in the set.</param>
public sealed record RefusalScores(double Threshold, double Precision, double Recall, double AnsweredAnswerable, double CalibratedThreshold, int Unanswerable);

/// <summary>Scores retrieval on an evaluation set (JSON lines: <c>{"question", "source", "section"}</c> or
/// <c>{"question", "answerable": false}</c>). Hits are deduplicated by (source, section) before ranking, so several
/// chunks of the same section count once.</summary>
public static class RetrievalEvaluation
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Reads an evaluation set; a malformed line is reported with its number.</summary>
    public static List<EvaluationQuestion> Read(string path)
    {
        var questions = new List<EvaluationQuestion>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            EvaluationQuestion? question;
            try
            {
                question = JsonSerializer.Deserialize<EvaluationQuestion>(line, Json);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{number}: not a JSON question: {e.Message}", e);
            }

            if (question is null || string.IsNullOrWhiteSpace(question.Question) || (question.Answerable && (string.IsNullOrWhiteSpace(question.Source) || string.IsNullOrWhiteSpace(question.Section))))
            {
                throw new InvalidDataException($"{path}:{number}: expected {{\"question\", \"source\", \"section\"}} or {{\"question\", \"answerable\": false}}.");
            }

            questions.Add(question);
        }

        return questions;
    }

    /// <summary>Scores the answerer's refusals (null when the set has no unanswerable questions).</summary>
    public static Task<RefusalScores?> ScoreRefusalsAsync(Answering.ExtractiveAnswerer answerer, IReadOnlyList<EvaluationQuestion> questions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answerer);
        return ScoreRefusalsAsync(async (question, ct) => (await answerer.ScoreAsync(question, cancellationToken: ct).ConfigureAwait(false)).Confidence,
            answerer.Threshold, questions, cancellationToken);
    }

    /// <summary>Scores a whole pipeline's refusals as it answers (its retrieval, reranking and threshold; null when the
    /// set has no unanswerable questions).</summary>
    public static Task<RefusalScores?> ScoreRefusalsAsync(Pipeline.RagEngine pipeline, IReadOnlyList<EvaluationQuestion> questions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return ScoreRefusalsAsync(async (question, ct) => (await pipeline.AskAsync(question, cancellationToken: ct).ConfigureAwait(false)).Confidence,
            pipeline.Options.RefusalThreshold, questions, cancellationToken);
    }

    private static async Task<RefusalScores?> ScoreRefusalsAsync(Func<string, CancellationToken, Task<double>> confidenceOf, double threshold,
        IReadOnlyList<EvaluationQuestion> questions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(questions);
        if (!questions.Any(q => !q.Answerable) || !questions.Any(q => q.Answerable))
        {
            return null;
        }

        var answerable = new List<double>();
        var unanswerable = new List<double>();
        foreach (var question in questions)
        {
            var confidence = await confidenceOf(question.Question, cancellationToken).ConfigureAwait(false);
            (question.Answerable ? answerable : unanswerable).Add(confidence);
        }

        var refusedUnanswerable = unanswerable.Count(c => c < threshold);
        var refusedAnswerable = answerable.Count(c => c < threshold);
        var refused = refusedUnanswerable + refusedAnswerable;
        return new RefusalScores(threshold, refused == 0 ? 0 : refusedUnanswerable / (double)refused, refusedUnanswerable / (double)unanswerable.Count,
            (answerable.Count - refusedAnswerable) / (double)answerable.Count, Answering.ExtractiveAnswerer.Calibrate(answerable, unanswerable), unanswerable.Count);
    }

    /// <summary>Scores <paramref name="mode"/> on the answerable questions.</summary>
    /// <param name="store">The store searched.</param>
    /// <param name="questions">The set.</param>
    /// <param name="mode">The search mode.</param>
    /// <param name="k">The cut-off.</param>
    /// <param name="reranker">When given, the top 10 are reranked by it (the rest keep their order).</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    public static async Task<RetrievalScores> ScoreAsync(RagStore store, IReadOnlyList<EvaluationQuestion> questions, SearchMode mode, int k = 5,
        Retrieval.LateInteractionReranker? reranker = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var answerable = questions.Where(q => q.Answerable).ToList();
        double recall = 0, reciprocal = 0, ndcg = 0, milliseconds = 0;
        foreach (var question in answerable)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var hits = await store.SearchAsync(question.Question, 50, mode, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (reranker is not null)
            {
                hits = [.. reranker.Rerank(question.Question, [.. hits.Take(10)]), .. hits.Skip(10)];
            }

            milliseconds += System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var sections = hits.Select(h => (h.Chunk.Source, Section: h.Chunk.Sections.IsEmpty ? "" : h.Chunk.Sections[^1])).Distinct().ToList();
            var rank = sections.FindIndex(s => s.Source == question.Source && string.Equals(s.Section, question.Section, StringComparison.Ordinal)) + 1;
            if (rank > 0)
            {
                reciprocal += 1.0 / rank;
                if (rank <= k)
                {
                    recall++;
                    ndcg += 1 / Math.Log2(1 + rank);
                }
            }
        }

        var n = Math.Max(1, answerable.Count);
        return new RetrievalScores(mode, k, answerable.Count, recall / n, reciprocal / n, ndcg / n, milliseconds / n, reranker is not null);
    }
}
