using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlAsCode.Experiments;
using MlAsCode.Experiments.Tuning;
using MlAsCode.Features;
using MlAsCode.Training.MlNet;

namespace MlAsCode.Training.Trainers;

/// <summary>A trained ML.NET model: predictions on transformed rows, ONNX export, and what it was trained with.</summary>
public sealed class MlNetModel : ITrainedModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;

    internal MlNetModel(MLContext ml, ITransformer model, ModelFamily family, MlTask task, ParameterSet parameters, ImmutableArray<string> featureNames, ImmutableArray<string> classes)
    {
        (_ml, _model) = (ml, model);
        (Family, Task, Parameters, FeatureNames, Classes) = (family, task, parameters, featureNames, classes);
    }

    /// <summary>The model family.</summary>
    public ModelFamily Family { get; }

    /// <summary>The task.</summary>
    public MlTask Task { get; }

    /// <summary>Every hyperparameter used, defaults included.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>The model inputs, in order.</summary>
    public ImmutableArray<string> FeatureNames { get; }

    /// <summary>Multiclass classes in the order of <see cref="PredictProbabilities"/>' columns.</summary>
    public ImmutableArray<string> Classes { get; }

    /// <summary>One score per row: the positive-class probability (binary) or the predicted value (regression).</summary>
    /// <exception cref="InvalidOperationException">A multiclass model (use <see cref="PredictProbabilities"/>).</exception>
    public float[] Predict(FeatureMatrix features)
    {
        Check(features);
        var column = Task switch
        {
            MlTask.BinaryClassification => "Probability",
            MlTask.Regression => "Score",
            _ => throw new InvalidOperationException("A multiclass model predicts one probability per class: use PredictProbabilities."),
        };
        var scored = _model.Transform(features.ToDataView(_ml));
        return [.. scored.GetColumn<float>(column)];
    }

    /// <summary>Class probabilities per row (rows × <see cref="Classes"/>), for a multiclass model.</summary>
    public float[][] PredictProbabilities(FeatureMatrix features)
    {
        Check(features);
        if (Task != MlTask.MulticlassClassification)
        {
            throw new InvalidOperationException($"A {Task} model predicts one score per row: use Predict.");
        }

        var scored = _model.Transform(features.ToDataView(_ml));
        return [.. scored.GetColumn<float[]>("Score")];
    }

    /// <summary>Writes the model as ONNX: input <c>Features</c> (float, rows × inputs); outputs include
    /// <c>Probability</c> (binary) or <c>Score</c>, suffixed <c>.output</c> by the converter.</summary>
    public void WriteOnnx(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        // A data view holding only the feature column: with a label the ONNX model would demand one as input too.
        var sample = new FeatureMatrix(new float[FeatureNames.Length], 1, FeatureNames).ToDataView(_ml);
        _ml.Model.ConvertToOnnx(_model, sample, destination);
    }

    /// <summary>The ONNX model as bytes.</summary>
    public byte[] ToOnnx()
    {
        using var stream = new MemoryStream();
        WriteOnnx(stream);
        return stream.ToArray();
    }

    private void Check(FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (!features.Names.SequenceEqual(FeatureNames))
        {
            throw new ArgumentException(
                $"The rows have {features.Columns} inputs ({string.Join(", ", features.Names.Take(3))}…) but the model was trained on {FeatureNames.Length} ({string.Join(", ", FeatureNames.Take(3))}…); transform them with the same fitted pipeline.",
                nameof(features));
        }
    }
}
