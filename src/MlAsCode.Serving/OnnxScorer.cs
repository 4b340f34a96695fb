using System;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlAsCode.Serving;

/// <summary>
/// One ONNX model in ONNX Runtime: a float matrix of feature rows in, one number per row out — the positive class's
/// probability (binary classification: the output named <c>Probability…</c>) or the predicted value (regression:
/// <c>Score…</c>). MlAsCode's exported models (ML.NET via OnnxConverter, the TorchSharp MLP) have one input of shape
/// [rows, features]. Thread-safe: ONNX Runtime sessions run concurrently.
/// </summary>
public sealed class OnnxScorer : IRowScorer, IDisposable
{
    private readonly InferenceSession _session;
    private static readonly RunOptions RunDefaults = new();
    private readonly string _input;
    private readonly string _output;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    /// <summary>Loads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">The file is missing, is not an ONNX model, or does not have the
    /// input and output a model of <paramref name="task"/> needs.</exception>
    public OnnxScorer(string path, MlTask task, int width)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"No ONNX model at {path}.");
        }

        try
        {
            _session = new InferenceSession(path);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"{path} is not an ONNX model ONNX Runtime can load: {e.Message}", e);
        }

        if (_session.InputMetadata.Count != 1)
        {
            _session.Dispose();
            throw new InvalidOperationException($"{path} has {_session.InputMetadata.Count} inputs ({string.Join(", ", _session.InputMetadata.Keys)}); a served model takes one feature matrix.");
        }

        _input = _session.InputMetadata.Keys.Single();
        var declared = _session.InputMetadata[_input].Dimensions;
        if (declared.Length == 2 && declared[1] > 0 && declared[1] != width)
        {
            _session.Dispose();
            throw new InvalidOperationException($"{path} expects {declared[1]} features per row but the feature pipeline makes {width}: the model and the pipeline are from different runs.");
        }

        var prefix = task == MlTask.Regression ? "Score" : "Probability";
        _output = _session.OutputMetadata.Keys.FirstOrDefault(k => k.StartsWith(prefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{path} has no {prefix} output for {task} (outputs: {string.Join(", ", _session.OutputMetadata.Keys)}).");
        Width = width;
        (_inputNames, _outputNames) = ([_input], [_output]);
        DeclaredThreshold = _session.ModelMetadata.CustomMetadataMap.TryGetValue(Experiments.OnnxMetadata.DecisionThreshold, out var text)
            && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var threshold)
            && threshold is > 0 and < 1 ? threshold : null;
        try
        {
            TargetTransform = task == MlTask.Regression && _session.ModelMetadata.CustomMetadataMap.TryGetValue(Experiments.OnnxMetadata.TargetTransform, out var name)
                ? Features.Definition.TargetTransforms.Parse(name) : MlAsCode.TargetTransform.None;
        }
        catch (InvalidOperationException e)
        {
            _session.Dispose();
            throw new InvalidOperationException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The transform a regression model was trained on (<see cref="Experiments.OnnxMetadata.TargetTransform"/>):
    /// <see cref="Score"/> turns the model's output back into the target's units.</summary>
    public TargetTransform TargetTransform { get; }

    /// <summary>The decision threshold the experiment wrote into the model's metadata
    /// (<see cref="Experiments.OnnxMetadata.DecisionThreshold"/>), or null when there is none.</summary>
    public double? DeclaredThreshold { get; }

    /// <summary>Features per row.</summary>
    public int Width { get; }

    /// <inheritdoc />
    public bool RunsInline => true;

    /// <summary>Scores <paramref name="rows"/> rows laid out row by row in <paramref name="features"/>.</summary>
    public float[] Score(float[] features, int rows)
    {
        if (features.Length != rows * Width)
        {
            throw new ArgumentException($"{features.Length} values for {rows} rows of {Width} features.", nameof(features));
        }

        // The OrtValue API over the caller's array: no copy in, and the output read as a span.
        using var input = OrtValue.CreateTensorValueFromMemory(features, [rows, Width]);
        using var outputs = _session.Run(RunDefaults, _inputNames, [input], _outputNames);
        var values = outputs[0].GetTensorDataAsSpan<float>();
        var perRow = values.Length / rows;
        var scores = new float[rows];
        // Binary models may give [p] or [1 - p, p] per row: the positive class is the last.
        for (var r = 0; r < rows; r++)
        {
            scores[r] = values[(r * perRow) + perRow - 1];
        }

        if (TargetTransform != MlAsCode.TargetTransform.None)
        {
            for (var r = 0; r < rows; r++)
            {
                scores[r] = (float)Features.Definition.TargetTransforms.Inverse(TargetTransform, scores[r]);
            }
        }

        return scores;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
