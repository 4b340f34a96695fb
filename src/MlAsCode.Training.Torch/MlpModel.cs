using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using MlAsCode.Experiments;
using MlAsCode.Experiments.Tuning;
using MlAsCode.Features;
using MlAsCode.Training.Torch.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MlAsCode.Training.Torch;

/// <summary>One fully connected layer: weights (outputs × inputs, row-major) and biases.</summary>
public sealed record MlpLayer(int Inputs, int Outputs, float[] Weights, float[] Biases);

/// <summary>What happened during training.</summary>
/// <param name="Device">Where it trained: <c>cuda</c> or <c>cpu</c>.</param>
/// <param name="Epochs">Epochs run (fewer than <c>max_epochs</c> when early stopping ended training).</param>
/// <param name="BestEpoch">The epoch whose weights the model keeps (the lowest validation loss).</param>
/// <param name="ValidationLoss">That epoch's validation loss, or null without early stopping.</param>
public sealed record MlpTrainingLog(string Device, int Epochs, int BestEpoch, double? ValidationLoss);

/// <summary>
/// A trained MLP: its weights and input scaling as plain arrays, predictions computed with TorchSharp on the CPU, and
/// export to an ONNX graph of standard operators (Sub, Div, Gemm, Relu, then Sigmoid, Softmax or the target's
/// rescaling) that ONNX Runtime evaluates to the same values.
/// </summary>
public sealed class MlpModel : ITrainedModel
{
    private const int ChunkRows = 8192;
    private readonly float[] _mean;
    private readonly float[] _std;

    internal MlpModel(MlTask task, ParameterSet parameters, ImmutableArray<string> featureNames, ImmutableArray<string> classes,
        float[] mean, float[] std, float targetMean, float targetStd, ImmutableArray<MlpLayer> layers, MlpTrainingLog training)
    {
        (Task, Parameters, FeatureNames, Classes) = (task, parameters, featureNames, classes);
        (_mean, _std, TargetMean, TargetStd, Layers, Training) = (mean, std, targetMean, targetStd, layers, training);
    }

    /// <summary>The task.</summary>
    public MlTask Task { get; }

    /// <summary>Every hyperparameter used, defaults included; <c>device</c> is the device actually used.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>The model inputs, in order.</summary>
    public ImmutableArray<string> FeatureNames { get; }

    /// <summary>Multiclass classes in the order of <see cref="PredictProbabilities"/>' columns.</summary>
    public ImmutableArray<string> Classes { get; }

    /// <summary>The layers, input first.</summary>
    public ImmutableArray<MlpLayer> Layers { get; }

    /// <summary>Epochs, early stopping and device.</summary>
    public MlpTrainingLog Training { get; }

    /// <summary>Regression: the training targets' mean (predictions are scaled back with it).</summary>
    public float TargetMean { get; }

    /// <summary>Regression: the training targets' standard deviation.</summary>
    public float TargetStd { get; }

    /// <summary>One score per row: the positive-class probability (binary) or the predicted value (regression).</summary>
    /// <exception cref="InvalidOperationException">A multiclass model (use <see cref="PredictProbabilities"/>).</exception>
    public float[] Predict(FeatureMatrix features)
    {
        if (Task == MlTask.MulticlassClassification)
        {
            throw new InvalidOperationException("A multiclass model predicts one probability per class: use PredictProbabilities.");
        }

        return Run(features);
    }

    /// <summary>Class probabilities per row (rows × <see cref="Classes"/>), for a multiclass model.</summary>
    /// <exception cref="InvalidOperationException">The model is not multiclass.</exception>
    public float[][] PredictProbabilities(FeatureMatrix features)
    {
        if (Task != MlTask.MulticlassClassification)
        {
            throw new InvalidOperationException($"A {Task} model predicts one score per row: use Predict.");
        }

        var flat = Run(features);
        var k = Classes.Length;
        return [.. Enumerable.Range(0, features.Rows).Select(r => flat.AsSpan(r * k, k).ToArray())];
    }

    /// <summary>
    /// The model as ONNX (opset 13): input <c>Features</c> (float, rows × inputs); output <c>Probability</c> (binary,
    /// one per row), <c>Probabilities</c> (multiclass, rows × classes in <see cref="Classes"/> order) or <c>Score</c>
    /// (regression, one per row).
    /// </summary>
    public byte[] ToOnnx()
    {
        var graph = new OnnxGraph();
        var width = FeatureNames.Length;
        graph.Input("Features", width);
        graph.Constant("input_mean", _mean, 1, width);
        graph.Constant("input_std", _std, 1, width);
        graph.Node("Sub", ["Features", "input_mean"], "centered");
        graph.Node("Div", ["centered", "input_std"], "h0");
        var current = "h0";
        for (var i = 0; i < Layers.Length; i++)
        {
            var layer = Layers[i];
            graph.Constant($"W{i}", layer.Weights, layer.Outputs, layer.Inputs);
            graph.Constant($"b{i}", layer.Biases, layer.Outputs);
            var output = i == Layers.Length - 1 ? "logits" : $"z{i + 1}";
            graph.Node("Gemm", [current, $"W{i}", $"b{i}"], output, ("transB", 1));
            if (i < Layers.Length - 1)
            {
                graph.Node("Relu", [output], $"h{i + 1}");
                current = $"h{i + 1}";
            }
        }

        graph.Constant("flat", [-1L], 1);
        switch (Task)
        {
            case MlTask.BinaryClassification:
                graph.Node("Sigmoid", ["logits"], "sigmoid");
                graph.Node("Reshape", ["sigmoid", "flat"], "Probability");
                graph.Output("Probability", null);
                break;
            case MlTask.MulticlassClassification:
                graph.Node("Softmax", ["logits"], "Probabilities", ("axis", 1));
                graph.Output("Probabilities", Classes.Length);
                break;
            default:
                graph.Constant("target_std", [TargetStd], 1);
                graph.Constant("target_mean", [TargetMean], 1);
                graph.Node("Mul", ["logits", "target_std"], "rescaled");
                graph.Node("Add", ["rescaled", "target_mean"], "shifted");
                graph.Node("Reshape", ["shifted", "flat"], "Score");
                graph.Output("Score", null);
                break;
        }

        var version = typeof(MlpModel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        return graph.ToBytes("mlascode_mlp", version.Split('+')[0]);
    }

    /// <summary>Writes <see cref="ToOnnx"/> to a stream.</summary>
    public void WriteOnnx(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(ToOnnx());
    }

    // The same arithmetic as the ONNX graph, with TorchSharp on the CPU, in chunks.
    private float[] Run(FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (!features.Names.SequenceEqual(FeatureNames))
        {
            throw new ArgumentException(
                $"The rows have {features.Columns} inputs ({string.Join(", ", features.Names.Take(3))}…) but the model was trained on {FeatureNames.Length} ({string.Join(", ", FeatureNames.Take(3))}…); transform them with the same fitted pipeline.",
                nameof(features));
        }

        var width = FeatureNames.Length;
        var outputs = Layers[^1].Outputs;
        var result = new float[features.Rows * outputs];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var mean = Owned(_mean, 1, width);
        var std = Owned(_std, 1, width);
        var weights = Layers.Select(l => (W: Owned(l.Weights, l.Outputs, l.Inputs), B: Owned(l.Biases, l.Outputs))).ToList();
        // Held in locals until the end: see AdamOptimizer for why implicit Scalar temporaries are avoided.
        using var targetStd = TargetStd.ToScalar();
        using var targetMean = TargetMean.ToScalar();
        using var one = 1.0.ToScalar(); // add_(Scalar) alone would pass an implicit alpha of 1 as a temporary
        for (var start = 0; start < features.Rows; start += ChunkRows)
        {
            using var chunkScope = NewDisposeScope();
            var rows = Math.Min(ChunkRows, features.Rows - start);
            var h = (Owned(features.Values.AsSpan(start * width, rows * width).ToArray(), rows, width) - mean) / std;
            for (var i = 0; i < weights.Count; i++)
            {
                h = nn.functional.linear(h, weights[i].W, weights[i].B);
                if (i < weights.Count - 1)
                {
                    h = nn.functional.relu(h);
                }
            }

            h = Task switch
            {
                MlTask.BinaryClassification => sigmoid(h),
                MlTask.MulticlassClassification => nn.functional.softmax(h, 1),
                _ => h.mul(targetStd).add_(targetMean, alpha: one),
            };
            h.contiguous().data<float>().CopyTo(result, start * outputs);
        }

        return result;
    }

    // A tensor in libtorch's own (64-byte aligned) memory. torch.tensor over a managed array can share the array's
    // memory, whose alignment varies from run to run, and the CPU kernels then take alignment-dependent paths that
    // differ in the last bit; a copy makes predictions reproducible bit for bit.
    internal static Tensor Owned(float[] values, params long[] shape)
    {
        using var view = tensor(values, shape);
        return view.clone();
    }
}
