using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using MlAsCode.Rag.Embeddings;

namespace MlAsCode.Rag.Tests;

/// <summary>One generator for the class: loading the 90 MB model takes a moment.</summary>
public sealed class MiniLm : IDisposable
{
    public MiniLmEmbeddingGenerator Generator { get; } = new(batchSize: 4);

    public void Dispose() => Generator.Dispose();
}

public sealed class EmbeddingTests(MiniLm model) : IClassFixture<MiniLm>
{
    [Fact]
    public void The_published_similarities_of_all_MiniLM_L6_v2_are_reproduced()
    {
        // sentence-transformers' quickstart for this model: similarities 0.6660, 0.1046 and 0.1411.
        var v = model.Generator.Embed(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]);
        Assert.Equal(0.6660, MiniLmEmbeddingGenerator.Similarity(v[0], v[1]), 3);
        Assert.Equal(0.1046, MiniLmEmbeddingGenerator.Similarity(v[0], v[2]), 3);
        Assert.Equal(0.1411, MiniLmEmbeddingGenerator.Similarity(v[1], v[2]), 3);
        Assert.All(v, e => Assert.Equal(1.0, Math.Sqrt(e.Sum(x => (double)x * x)), 5));
        Assert.All(v, e => Assert.Equal(MiniLmEmbeddingGenerator.Dimensions, e.Length));
    }

    [Fact]
    public void Batching_with_padding_gives_the_same_vectors_as_one_text_at_a_time()
    {
        string[] texts = ["Short.", "A somewhat longer sentence about list comprehensions in Python.", "Dictionaries map keys to values.",
            "The for statement iterates over the items of any sequence, in the order that they appear in the sequence.", "Tuples are immutable."];
        var batched = model.Generator.Embed(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = model.Generator.Embed([texts[i]])[0];
            Assert.Equal(1.0, MiniLmEmbeddingGenerator.Similarity(batched[i], single), 5);
        }
    }

    [Fact]
    public async Task It_is_an_IEmbeddingGenerator_and_long_texts_are_cut_at_the_models_limit()
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = model.Generator;
        var longText = string.Join(" ", Enumerable.Repeat("Python is an easy to learn, powerful programming language.", 100));
        var embeddings = await generator.GenerateAsync(["hello world", longText]);
        Assert.Equal(2, embeddings.Count);
        Assert.Equal(MiniLmEmbeddingGenerator.Dimensions, embeddings[1].Vector.Length);
        Assert.True(model.Generator.Tokenizer.EncodeToIds(longText).Count > MiniLmEmbeddingGenerator.MaxTokens);
        Assert.Equal("all-MiniLM-L6-v2", generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
    }
}
