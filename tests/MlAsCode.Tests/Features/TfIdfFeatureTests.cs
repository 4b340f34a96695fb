using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using MlAsCode.Features.State;

namespace MlAsCode.Tests.Features;

/// <summary>Paragraphs of the Python tutorial's "Whetting Your Appetite" (PSF licence, from Debian's python3.11-doc).</summary>
[FeatureSet(Entity = "paragraph")]
public partial record Paragraph
{
    [Column("paragraph")]
    public int Number { get; init; }

    [Feature(Transform.TfIdf, MaxTerms = 5000)]
    public string Text { get; init; } = "";
}

public class TfIdfFeatureTests
{
    private static readonly Paragraph[] Paragraphs = [.. Paragraph.ReadCsv(TestData.PathOf("python_docs_paragraphs.csv"))];

    private static readonly JsonElement Reference =
        JsonDocument.Parse(File.ReadAllText(TestData.PathOf("feature_reference.json"))).RootElement.GetProperty("tfidf");

    [Fact]
    public void Vocabulary_idf_and_rows_match_scikit_learn_TfidfVectorizer()
    {
        var pipeline = Paragraph.Features.Fit(Paragraphs);
        var state = pipeline.State.Columns.OfType<TfIdfColumnState>().Single();

        var terms = Reference.GetProperty("terms").EnumerateArray().Select(t => t.GetString()!).ToArray();
        Assert.Equal(terms, state.Terms.ToArray());
        var idf = Reference.GetProperty("idf").EnumerateArray().Select(t => t.GetDouble()).ToArray();
        for (var i = 0; i < idf.Length; i++)
        {
            Assert.Equal(idf[i], state.Idf[i], 12);
        }

        var matrix = pipeline.TransformBatch(Paragraphs[..3]);
        var rows = Reference.GetProperty("first_rows").EnumerateArray().ToArray();
        for (var r = 0; r < 3; r++)
        {
            var expected = rows[r].EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            for (var c = 0; c < terms.Length; c++)
            {
                Assert.Equal(expected.GetValueOrDefault(terms[c]), matrix[r, c], 6);
            }
        }
    }

    [Fact]
    public void The_vocabulary_keeps_the_most_frequent_terms_and_unknown_words_count_for_nothing()
    {
        var small = new MlAsCode.Features.FeatureSetDefinition<Paragraph>(
            "paragraph", "docs",
            [MlAsCode.Features.Definition.FeatureDefinition<Paragraph>.Categorical(
                "Text", "string", "text", Transform.TfIdf, new MlAsCode.Features.Definition.FeatureOptions { MaxTerms = 5 }, static (in Paragraph p) => p.Text)]);

        var fitted = small.Fit(Paragraphs);
        var counts = Paragraphs.SelectMany(p => System.Text.RegularExpressions.Regex.Matches(p.Text.ToLowerInvariant(), @"\b\w\w+\b").Select(m => m.Value))
            .GroupBy(t => t).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(5).Select(g => g.Key).Order(StringComparer.Ordinal);

        Assert.Equal(counts, fitted.State.Columns.OfType<TfIdfColumnState>().Single().Terms);
        Assert.Equal(5, fitted.Width);
        var values = new float[5];
        fitted.Transform(new Paragraph { Text = "Zyzzyva qwerty!" }, values);
        Assert.All(values, v => Assert.Equal(0, v));
    }
}
