using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace MlAsCode.Rag.Retrieval;

/// <summary>
/// Okapi BM25 over a fixed set of texts (written here: no BM25 library is packaged for .NET that fits an in-process
/// index of chunks). Terms are lower-cased runs of letters, digits and underscores (so <c>list.append</c> gives
/// <c>list</c> and <c>append</c>, and <c>__init__</c> stays whole); no stemming. Score of a document d for query q:
/// Σ over query terms t of idf(t) · tf(t,d) · (k1 + 1) / (tf(t,d) + k1 · (1 − b + b · |d| / avgdl)), with
/// idf(t) = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5)) (Lucene's non-negative form), k1 = 1.2, b = 0.75.
/// </summary>
public sealed partial class Bm25Index
{
    private readonly Dictionary<string, List<(int Document, int Count)>> _postings = new(StringComparer.Ordinal);
    private readonly int[] _lengths;
    private readonly double _averageLength;

    /// <summary>Indexes <paramref name="texts"/> (a document's id is its position).</summary>
    public Bm25Index(IReadOnlyList<string> texts, double k1 = 1.2, double b = 0.75)
    {
        ArgumentNullException.ThrowIfNull(texts);
        (K1, B) = (k1, b);
        _lengths = new int[texts.Count];
        for (var d = 0; d < texts.Count; d++)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var term in Terms(texts[d]))
            {
                counts[term] = counts.GetValueOrDefault(term) + 1;
                _lengths[d]++;
            }

            foreach (var (term, count) in counts)
            {
                if (!_postings.TryGetValue(term, out var list))
                {
                    _postings[term] = list = [];
                }

                list.Add((d, count));
            }
        }

        _averageLength = texts.Count == 0 ? 0 : _lengths.Average();
    }

    /// <summary>Term-frequency saturation.</summary>
    public double K1 { get; }

    /// <summary>Length normalisation.</summary>
    public double B { get; }

    /// <summary>Documents indexed.</summary>
    public int Count => _lengths.Length;

    /// <summary>The BM25 score of every document for <paramref name="query"/> (0 where no term matches).</summary>
    public double[] Scores(string query)
    {
        var scores = new double[_lengths.Length];
        foreach (var term in Terms(query).Distinct(StringComparer.Ordinal))
        {
            if (!_postings.TryGetValue(term, out var postings))
            {
                continue;
            }

            var idf = Math.Log(1 + ((Count - postings.Count + 0.5) / (postings.Count + 0.5)));
            foreach (var (document, count) in postings)
            {
                var norm = K1 * (1 - B + (B * _lengths[document] / _averageLength));
                scores[document] += idf * count * (K1 + 1) / (count + norm);
            }
        }

        return scores;
    }

    /// <summary>The <paramref name="top"/> best documents with a positive score, best first (ties by position).</summary>
    public List<(int Document, double Score)> Search(string query, int top, Func<int, bool>? filter = null)
    {
        var scores = Scores(query);
        return [.. Enumerable.Range(0, scores.Length)
            .Where(d => scores[d] > 0 && (filter is null || filter(d)))
            .OrderByDescending(d => scores[d]).ThenBy(d => d)
            .Take(top)
            .Select(d => (d, scores[d]))];
    }

    /// <summary>The terms of <paramref name="text"/> as indexed.</summary>
    public static IEnumerable<string> Terms(string text) => Term().Matches(text).Select(m => m.Value.ToLowerInvariant());

    [GeneratedRegex(@"[\p{L}\p{N}_]+")]
    private static partial Regex Term();
}
