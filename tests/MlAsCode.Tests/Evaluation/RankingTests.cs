using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using MlAsCode.Evaluation;
using MlAsCode.Tests.Features;

namespace MlAsCode.Tests.Evaluation;

/// <summary>NDCG@K against scikit-learn's ndcg_score (the shared fixture), and mean average precision by hand.</summary>
public class RankingTests
{
    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(TestData.PathOf("reference_metrics.json"))).RootElement.GetProperty("cases").GetProperty("ranking");

    [Fact]
    public void Mean_ndcg_at_3_5_and_10_match_scikit_learn()
    {
        foreach (var c in Cases.EnumerateArray())
        {
            var relevance = c.GetProperty("relevance_per_query").EnumerateArray().Select(q => q.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            var scores = c.GetProperty("score_per_query").EnumerateArray().Select(q => q.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            RankedQuery[] queries = [.. relevance.Select((r, i) => new RankedQuery(r, scores[i]))];
            var expected = c.GetProperty("expected");
            foreach (var k in new[] { 3, 5, 10 })
            {
                Assert.Equal(expected.GetProperty($"mean_ndcg_at_{k}").GetDouble(), Ranking.MeanNdcg(queries, k), 9);
            }
        }
    }

    [Fact]
    public void Tied_scores_share_their_gains_and_a_query_without_relevant_items_scores_zero()
    {
        // Two items tied at the top share gains (3 + 0) / 2 over the first two discounts: (1.5 × (1 + 1/log2 3)) / (3 + 0/log2 3).
        var tied = new RankedQuery([3, 0], [0.5, 0.5]);
        Assert.Equal(1.5 * (1 + (1 / Math.Log2(3))) / 3, Ranking.Ndcg(tied, 2), 12);
        Assert.Equal(0, Ranking.Ndcg(new RankedQuery([0, 0, 0], [0.3, 0.2, 0.1]), 3));
    }

    [Fact]
    public void Mean_average_precision_averages_precision_at_each_relevant_rank()
    {
        // Ranked: relevant, not, relevant → (1/1 + 2/3) / 2; second query: not, relevant → 1/2.
        RankedQuery[] queries = [new([1, 0, 2], [0.9, 0.8, 0.7]), new([0, 1], [0.9, 0.1])];
        Assert.Equal((((1 + (2.0 / 3)) / 2) + 0.5) / 2, Ranking.MeanAveragePrecision(queries), 12);
        Assert.Contains("Query 1, item 2 has relevance -1", Assert.Throws<ArgumentException>(() => Ranking.MeanAveragePrecision([new([1, -1], [0.1, 0.2])])).Message);
        Assert.Contains("Query 1 has 2 relevance values and 1 scores", Assert.Throws<ArgumentException>(() => Ranking.MeanNdcg([new([1, 0], [0.1])], 3)).Message);
    }
}
