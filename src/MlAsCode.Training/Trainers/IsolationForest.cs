using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MlAsCode.Features;

namespace MlAsCode.Training.Trainers;

/// <summary>
/// Isolation forest (Liu, Ting and Zhou, 2008), the methodology's first choice for anomaly detection: each tree isolates
/// points with random splits on random features of a small subsample; anomalies are isolated in fewer splits. The
/// score is 2^(−E[h(x)] / c(ψ)) as in the paper and scikit-learn: near 1 for anomalies, below 0.5 for normal points.
/// Seeded, so the same data and seed give the same forest. Written here because ML.NET has no isolation forest (its
/// randomized PCA is a different method); the tests compare it with scikit-learn's on statlog shuttle.
/// </summary>
public sealed class IsolationForest
{
    /// <summary>Creates the trainer.</summary>
    /// <param name="trees">Number of trees (100 in the paper and scikit-learn).</param>
    /// <param name="sampleSize">Rows per tree, ψ (256).</param>
    /// <param name="seed">Seed of the subsamples and splits.</param>
    public IsolationForest(int trees = 100, int sampleSize = 256, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trees, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 2);
        (Trees, SampleSize, Seed) = (trees, sampleSize, seed);
    }

    /// <summary>Number of trees.</summary>
    public int Trees { get; }

    /// <summary>Rows per tree.</summary>
    public int SampleSize { get; }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>Grows the forest on the rows (labels are not used: the method is unsupervised).</summary>
    /// <exception cref="ArgumentException">No rows, or a missing (NaN) value: impute first.</exception>
    public IsolationForestModel Fit(FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Rows < 2)
        {
            throw new ArgumentException($"An isolation forest needs at least two rows (got {features.Rows}).", nameof(features));
        }

        var missing = Array.FindIndex(features.Values, v => float.IsNaN(v));
        if (missing >= 0)
        {
            throw new ArgumentException(
                $"Row {(missing / features.Columns) + 1}, input {features.Names[missing % features.Columns]} is missing: declare an imputation for it.", nameof(features));
        }

        var random = new Random(Seed);
        var psi = Math.Min(SampleSize, features.Rows);
        var limit = (int)Math.Ceiling(Math.Log2(psi));
        var forest = new List<Node>(Trees);
        for (var t = 0; t < Trees; t++)
        {
            var sample = SampleWithoutReplacement(features.Rows, psi, random);
            forest.Add(Grow(features, sample, 0, limit, random));
        }

        return new IsolationForestModel([.. forest], psi, features.Names);
    }

    private static int[] SampleWithoutReplacement(int n, int k, Random random)
    {
        // Partial Fisher–Yates over the row indices.
        var indices = Enumerable.Range(0, n).ToArray();
        for (var i = 0; i < k; i++)
        {
            var j = random.Next(i, n);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }

        return indices[..k];
    }

    private static Node Grow(FeatureMatrix x, int[] rows, int depth, int limit, Random random)
    {
        if (depth >= limit || rows.Length <= 1)
        {
            return Node.Leaf(rows.Length);
        }

        // A random input among those that still vary in this node; none varies: the rows cannot be separated.
        var candidates = new List<(int Column, float Min, float Max)>();
        for (var c = 0; c < x.Columns; c++)
        {
            float min = float.MaxValue, max = float.MinValue;
            foreach (var r in rows)
            {
                var v = x[r, c];
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            if (max > min)
            {
                candidates.Add((c, min, max));
            }
        }

        if (candidates.Count == 0)
        {
            return Node.Leaf(rows.Length);
        }

        var (column, low, high) = candidates[random.Next(candidates.Count)];
        var split = low + ((float)random.NextDouble() * (high - low));
        var left = rows.Where(r => x[r, column] < split).ToArray();
        var right = rows.Where(r => x[r, column] >= split).ToArray();
        return Node.Split(column, split, Grow(x, left, depth + 1, limit, random), Grow(x, right, depth + 1, limit, random));
    }

    internal sealed class Node
    {
        private Node(int column, float threshold, Node? left, Node? right, int size) =>
            (Column, Threshold, Left, Right, Size) = (column, threshold, left, right, size);

        public int Column { get; }

        public float Threshold { get; }

        public Node? Left { get; }

        public Node? Right { get; }

        public int Size { get; }

        public static Node Leaf(int size) => new(-1, 0, null, null, size);

        public static Node Split(int column, float threshold, Node left, Node right) => new(column, threshold, left, right, 0);
    }
}

/// <summary>A grown isolation forest.</summary>
public sealed class IsolationForestModel
{
    private readonly ImmutableArray<IsolationForest.Node> _trees;
    private readonly double _normalizer;

    internal IsolationForestModel(ImmutableArray<IsolationForest.Node> trees, int sampleSize, ImmutableArray<string> featureNames)
    {
        _trees = trees;
        _normalizer = AveragePathLength(sampleSize);
        FeatureNames = featureNames;
    }

    /// <summary>The inputs the forest was grown on.</summary>
    public ImmutableArray<string> FeatureNames { get; }

    /// <summary>Anomaly scores in (0, 1]: higher is more anomalous.</summary>
    public float[] Score(FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (!features.Names.SequenceEqual(FeatureNames))
        {
            throw new ArgumentException($"The rows have {features.Columns} inputs but the forest was grown on {FeatureNames.Length}; transform them with the same pipeline.", nameof(features));
        }

        var scores = new float[features.Rows];
        var row = new float[features.Columns];
        for (var r = 0; r < features.Rows; r++)
        {
            features.Row(r).CopyTo(row);
            var total = 0.0;
            foreach (var tree in _trees)
            {
                total += PathLength(tree, row);
            }

            scores[r] = (float)Math.Pow(2, -(total / _trees.Length) / _normalizer);
        }

        return scores;
    }

    private static double PathLength(IsolationForest.Node node, float[] row)
    {
        var depth = 0;
        while (node.Left is not null)
        {
            node = row[node.Column] < node.Threshold ? node.Left : node.Right!;
            depth++;
        }

        return depth + AveragePathLength(node.Size);
    }

    // c(n): the average path length of an unsuccessful search in a binary search tree of n points (c(1) = 0, c(2) = 1
    // as in scikit-learn), which stands in for the part of the tree a leaf of n points would still grow.
    internal static double AveragePathLength(int n) => n switch
    {
        <= 1 => 0,
        2 => 1,
        _ => (2 * (Math.Log(n - 1) + 0.5772156649015329)) - (2.0 * (n - 1) / n),
    };
}
