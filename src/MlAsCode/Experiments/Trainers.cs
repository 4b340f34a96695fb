using MlAsCode.Experiments.Tuning;
using MlAsCode.Features;

namespace MlAsCode.Experiments;

/// <summary>
/// A trainer the experiment runner can drive: ML.NET's (MlAsCode.Training) or any other. It fits on a transformed
/// feature matrix, so the feature pipeline stays the one the declarations generate.
/// </summary>
public interface ITabularTrainer
{
    /// <summary>The model family (recorded with every run).</summary>
    ModelFamily Family { get; }

    /// <summary>The task.</summary>
    MlTask Task { get; }

    /// <summary>Every hyperparameter the trainer reads, with its default.</summary>
    ParameterSet Defaults { get; }

    /// <summary>Trains on the rows; missing hyperparameters take <see cref="Defaults"/>.</summary>
    ITrainedModel Fit(FeatureMatrix features, Labels labels, ParameterSet? parameters = null);
}

/// <summary>A trained model as the runner needs it.</summary>
public interface ITrainedModel
{
    /// <summary>Every hyperparameter used.</summary>
    ParameterSet Parameters { get; }

    /// <summary>One score per row: the positive-class probability (binary) or the value (regression).</summary>
    float[] Predict(FeatureMatrix features);

    /// <summary>The model as ONNX.</summary>
    byte[] ToOnnx();

    /// <summary>Multiclass classes, in the order of <see cref="PredictProbabilities"/>' columns (empty otherwise).</summary>
    System.Collections.Immutable.ImmutableArray<string> Classes => [];

    /// <summary>Class probabilities per row, for a multiclass model.</summary>
    /// <exception cref="System.InvalidOperationException">The model is not multiclass.</exception>
    float[][] PredictProbabilities(FeatureMatrix features) =>
        throw new System.InvalidOperationException("This model predicts one score per row: use Predict.");
}
