using System;
using System.Globalization;
using System.Linq;
using MlAsCode.Experiments.Tuning;
using MlAsCode.Features;
using MlAsCode.Features.Definition;

namespace MlAsCode.Experiments;

/// <summary>
/// A regression trainer fitted on a transformed target (<c>[Target(Transform = TargetTransform.Log)]</c>) whose models
/// predict in the target's own units: scikit-learn's <c>TransformedTargetRegressor</c>. The runner wraps its trainer in
/// it, so cross-validation, the holdout metrics, the baseline comparison and the intervals are all on the original
/// scale; the exported ONNX model carries the transform in its metadata (<see cref="OnnxMetadata.TargetTransform"/>)
/// and the served scorer turns its output back the same way.
/// </summary>
public sealed class TransformedTargetTrainer : ITabularTrainer
{
    private readonly ITabularTrainer _inner;

    /// <summary>Wraps <paramref name="inner"/>, a regression trainer.</summary>
    /// <exception cref="ArgumentException">The trainer is not for regression, or the transform is None.</exception>
    public TransformedTargetTrainer(ITabularTrainer inner, TargetTransform transform)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        if (inner.Task != MlTask.Regression)
        {
            throw new ArgumentException($"A target transform ({transform}) applies to regression only; the trainer is for {inner.Task}.", nameof(inner));
        }

        Transform = transform != TargetTransform.None ? transform : throw new ArgumentException("No transform to apply.", nameof(transform));
    }

    /// <summary>The transform.</summary>
    public TargetTransform Transform { get; }

    /// <inheritdoc />
    public ModelFamily Family => _inner.Family;

    /// <inheritdoc />
    public MlTask Task => MlTask.Regression;

    /// <inheritdoc />
    public ParameterSet Defaults => _inner.Defaults;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A target the transform cannot take (for example 0 under Log), with its position.</exception>
    public ITrainedModel Fit(FeatureMatrix features, Labels labels, ParameterSet? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        labels.EnsureFits(MlTask.Regression, features.Rows);
        var values = labels.NumericValues!;
        var transformed = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (TargetTransforms.Refusal(Transform, values[i]) is { } why)
            {
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "Training target {0} is {1}: it {2}.", i + 1, values[i], why), nameof(labels));
            }

            transformed[i] = (float)TargetTransforms.Forward(Transform, values[i]);
        }

        return new Model(_inner.Fit(features, Labels.Regression(transformed), parameters), Transform);
    }

    private sealed class Model(ITrainedModel inner, TargetTransform transform) : ITrainedModel
    {
        public ParameterSet Parameters => inner.Parameters;

        public float[] Predict(FeatureMatrix features) =>
            [.. inner.Predict(features).Select(p => (float)TargetTransforms.Inverse(transform, p))];

        public byte[] ToOnnx() => OnnxMetadata.With(inner.ToOnnx(), [new(OnnxMetadata.TargetTransform, TargetTransforms.Name(transform))]);
    }
}
