using System;
using System.Collections.Generic;
using System.Linq;

namespace MlAsCode.Evaluation;

/// <summary>One query's items: graded relevance (0 = not relevant) and the model's score, one per item.</summary>
/// <param name="Relevance">Graded relevance per item.</param>
/// <param name="Scores">Model scores per item (higher ranks first).</param>
public sealed record RankedQuery(IReadOnlyList<double> Relevance, IReadOnlyList<double> Scores);

/// <summary>
/// Ranking metrics averaged over queries: NDCG@K as scikit-learn's <c>ndcg_score</c> computes it per query (gain =
/// relevance, discount 1 / log₂(rank + 1), tied scores share their gains evenly, a query with no relevant item scores
/// 0), and mean average precision with relevance &gt; 0 as relevant.
/// </summary>
public static class Ranking
{
    /// <summary>Mean NDCG over the queries, cut at <paramref name="k"/> items.</summary>
    /// <exception cref="ArgumentException">No queries, a query whose relevance and scores differ in length or are
    /// empty, a negative relevance, or k below 1.</exception>
    public static double MeanNdcg(IReadOnlyList<RankedQuery> queries, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        Check(queries);
        return queries.Average(q => Ndcg(q, k));
    }

    /// <summary>NDCG@k of one query.</summary>
    public static double Ndcg(RankedQuery query, int k)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var ideal = TieAveragedDcg(query.Relevance, query.Relevance, k);
        return ideal == 0 ? 0 : TieAveragedDcg(query.Relevance, query.Scores, k) / ideal;
    }

    /// <summary>Mean over queries of average precision: the mean of precision at the rank of each relevant item
    /// (items ranked by score, ties broken by position); a query without relevant items scores 0.</summary>
    public static double MeanAveragePrecision(IReadOnlyList<RankedQuery> queries)
    {
        Check(queries);
        return queries.Average(q =>
        {
            var order = Enumerable.Range(0, q.Scores.Count).OrderByDescending(i => q.Scores[i]).ThenBy(i => i).ToArray();
            double hits = 0, sum = 0;
            for (var rank = 0; rank < order.Length; rank++)
            {
                if (q.Relevance[order[rank]] > 0)
                {
                    hits++;
                    sum += hits / (rank + 1);
                }
            }

            return hits == 0 ? 0 : sum / hits;
        });
    }

    // DCG of the relevance ranked by score, tied scores averaging their gains over the discounts they span
    // (scikit-learn's _tie_averaged_dcg), cut at k.
    private static double TieAveragedDcg(IReadOnlyList<double> relevance, IReadOnlyList<double> scores, int k)
    {
        var discounts = Enumerable.Range(0, relevance.Count).Select(i => i < k ? 1 / Math.Log2(i + 2) : 0).ToArray();
        var groups = Enumerable.Range(0, scores.Count).GroupBy(i => scores[i]).OrderByDescending(g => g.Key).ToList();
        double dcg = 0;
        var position = 0;
        foreach (var group in groups)
        {
            var count = group.Count();
            var meanGain = group.Average(i => relevance[i]);
            double discount = 0;
            for (var i = position; i < position + count; i++)
            {
                discount += discounts[i];
            }

            dcg += meanGain * discount;
            position += count;
        }

        return dcg;
    }

    private static void Check(IReadOnlyList<RankedQuery> queries)
    {
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.Count == 0)
        {
            throw new ArgumentException("No queries to evaluate.");
        }

        for (var q = 0; q < queries.Count; q++)
        {
            var query = queries[q];
            if (query.Relevance.Count != query.Scores.Count || query.Relevance.Count == 0)
            {
                throw new ArgumentException($"Query {q + 1} has {query.Relevance.Count} relevance values and {query.Scores.Count} scores; give one score per item, and at least one item.");
            }

            var negative = query.Relevance.ToList().FindIndex(r => r < 0 || !double.IsFinite(r));
            if (negative >= 0)
            {
                throw new ArgumentException($"Query {q + 1}, item {negative + 1} has relevance {query.Relevance[negative]}; relevance is a finite number ≥ 0.");
            }
        }
    }
}
