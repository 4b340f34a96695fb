using System;
using System.Linq;
using System.Threading.Tasks;
using MlAsCode.Rag.Retrieval;
using MlAsCode.Rag.Store;

namespace MlAsCode.Rag.Tests;

[Collection(IngestedCorpus.Collection)]
public sealed class RerankingTests(IngestedCorpus corpus)
{
    [Fact]
    public void MaxSim_is_one_for_a_text_against_itself_and_lower_for_an_unrelated_one()
    {
        var query = corpus.Generator.TokenEmbeddings("remove an item from a list");
        Assert.Equal(6, query.Length);   // remove / an / item / from / a / list: six word pieces, [CLS] and [SEP] left out
        Assert.All(query, t => Assert.Equal(1.0, Math.Sqrt(t.Sum(x => (double)x * x)), 4));
        Assert.Equal(1.0, LateInteractionReranker.MaxSim(query, query), 4);
        var unrelated = corpus.Generator.TokenEmbeddings("The stadium was full of football fans singing.");
        Assert.True(LateInteractionReranker.MaxSim(query, unrelated) < 0.8);
    }

    [Fact]
    public async Task Reranking_reorders_the_candidates_and_ranks_them_again()
    {
        const string Question = "How do I remove an item from a list given its index instead of its value?";
        var hits = await corpus.Store.SearchAsync(Question, 10, SearchMode.Hybrid);
        var reranked = new LateInteractionReranker(corpus.Generator).Rerank(Question, hits);
        Assert.Equal(hits.Select(h => h.Chunk).ToHashSet(), reranked.Select(h => h.Chunk).ToHashSet());
        Assert.Equal(Enumerable.Range(1, hits.Count), reranked.Select(h => h.Rank));
        Assert.True(reranked.Zip(reranked.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.Contains(reranked.Take(3), h => h.Chunk.Sections[^1] == "The del statement");
    }
}
