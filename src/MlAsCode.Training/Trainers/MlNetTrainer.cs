using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;
using MlAsCode.Experiments;
using MlAsCode.Experiments.Tuning;
using MlAsCode.Features;
using MlAsCode.Training.MlNet;

namespace MlAsCode.Training.Trainers;

/// <summary>
/// Trains ML.NET models on a fitted feature pipeline's output: LightGBM, FastTree, or linear (SDCA; L-BFGS with
/// <c>optimizer=lbfgs</c> for classification), for binary, multiclass and regression tasks. Every trainer runs on one
/// thread with the given seed, so the same data and seed give the same model, byte for byte.
/// </summary>
/// <remarks>
/// Hyperparameter names (the keys of a <see cref="ParameterSet"/> and of <c>[SearchSpace]</c>): <c>learning_rate</c>,
/// <c>num_leaves</c>, <c>num_iterations</c>, <c>min_data_in_leaf</c> (trees); <c>l2_regularization</c>,
/// <c>optimizer</c> (<c>sdca</c> or <c>lbfgs</c>), <c>max_iterations</c> (linear). Missing names take the defaults in
/// <see cref="Defaults"/>; unknown names are refused.
/// </remarks>
public sealed class MlNetTrainer : ITabularTrainer
{
    /// <summary>Creates a trainer.</summary>
    /// <exception cref="ArgumentException">The family is not an ML.NET family, or the task is not binary, multiclass or
    /// regression.</exception>
    public MlNetTrainer(ModelFamily family, MlTask task, int seed)
    {
        if (family is not (ModelFamily.LightGbm or ModelFamily.FastTree or ModelFamily.Linear))
        {
            throw new ArgumentException($"{family} is not trained with ML.NET; use LightGbm, FastTree or Linear.", nameof(family));
        }

        if (task is not (MlTask.BinaryClassification or MlTask.MulticlassClassification or MlTask.Regression))
        {
            throw new ArgumentException($"ML.NET trainers here handle binary, multiclass and regression tasks, not {task}.", nameof(task));
        }

        (Family, Task, Seed) = (family, task, seed);
    }

    /// <summary>The model family.</summary>
    public ModelFamily Family { get; }

    /// <summary>The task.</summary>
    public MlTask Task { get; }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>The hyperparameters this family reads, with their default values.</summary>
    public ParameterSet Defaults => Family == ModelFamily.Linear
        ? ParameterSet.Of([new("l2_regularization", 0.001), new("max_iterations", 100), new("optimizer", "sdca")])
        : ParameterSet.Of([new("learning_rate", 0.1), new("min_data_in_leaf", 20), new("num_iterations", 100), new("num_leaves", 31)]);

    /// <summary>Trains a model.</summary>
    /// <param name="features">The transformed training rows.</param>
    /// <param name="labels">One label per row, of the trainer's task.</param>
    /// <param name="parameters">Hyperparameters; missing ones take <see cref="Defaults"/>.</param>
    /// <exception cref="ArgumentException">Labels of another task or count, or an unknown hyperparameter.</exception>
    public MlNetModel Fit(FeatureMatrix features, Labels labels, ParameterSet? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        labels.EnsureFits(Task, features.Rows);

        var values = Defaults.OverriddenBy(parameters, Family.ToString());
        var ml = new MLContext(Seed);
        ImmutableArray<string> classes = [];
        ITransformer model;
        switch (Task)
        {
            case MlTask.BinaryClassification:
                model = Scaled(ml, Binary(ml, values)).Fit(features.ToDataView(ml, labels.BinaryValues!));
                break;
            case MlTask.Regression:
                model = Scaled(ml, Regression(ml, values)).Fit(features.ToDataView(ml, labels.NumericValues!));
                break;
            default:
                // Classes are keyed in sorted order by a separate mapping, so the model itself reads only Features.
                var data = features.ToDataView(ml, labels.ClassValues!);
                var keys = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(data);
                var keyed = keys.Transform(data);
                model = Scaled(ml, Multiclass(ml, values)).Fit(keyed);
                var names = default(VBuffer<ReadOnlyMemory<char>>);
                keyed.Schema["Label"].GetKeyValues(ref names);
                classes = [.. names.DenseValues().Select(v => v.ToString())];
                break;
        }

        return new MlNetModel(ml, model, Family, Task, values, features.Names, classes);
    }

    /// <inheritdoc />
    ITrainedModel ITabularTrainer.Fit(FeatureMatrix features, Labels labels, ParameterSet? parameters) => Fit(features, labels, parameters);

    // Linear models standardize their inputs inside the model (as a scikit-learn Pipeline with a StandardScaler would):
    // a target-encoded column in dollars beside unit-scale features otherwise leaves SDCA unconverged, and every L2
    // value trains to the same model. The scaling is part of the trained model and of its ONNX export.
    private IEstimator<ITransformer> Scaled(MLContext ml, IEstimator<ITransformer> trainer) => Family == ModelFamily.Linear
        ? ml.Transforms.NormalizeMeanVariance("Features", fixZero: true).Append(trainer)
        : trainer;

    private bool Lbfgs(ParameterSet p)
    {
        var optimizer = p.GetString("optimizer");
        return optimizer switch
        {
            "lbfgs" => true,
            "sdca" => false,
            _ => throw new ArgumentException($"optimizer must be sdca or lbfgs, not '{optimizer}'."),
        };
    }

    // The tree hyperparameters every FastTree task shares, on one thread with the seed.
    private T Trees<T>(T options, ParameterSet p)
        where T : BoostedTreeOptions
    {
        options.LearningRate = p.GetDouble("learning_rate");
        options.NumberOfLeaves = p.GetInt32("num_leaves");
        options.NumberOfTrees = p.GetInt32("num_iterations");
        options.MinimumExampleCountPerLeaf = p.GetInt32("min_data_in_leaf");
        options.Seed = Seed;
        options.NumberOfThreads = 1;
        return options;
    }

    private IEstimator<ITransformer> Binary(MLContext ml, ParameterSet p) => Family switch
    {
        ModelFamily.LightGbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LearningRate = p.GetDouble("learning_rate"),
            NumberOfLeaves = p.GetInt32("num_leaves"),
            NumberOfIterations = p.GetInt32("num_iterations"),
            MinimumExampleCountPerLeaf = p.GetInt32("min_data_in_leaf"),
            Seed = Seed,
            NumberOfThreads = 1,
            Silent = true,
        }),
        ModelFamily.FastTree => ml.BinaryClassification.Trainers.FastTree(Trees(new FastTreeBinaryTrainer.Options(), p)),
        _ when Lbfgs(p) => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            L2Regularization = (float)p.GetDouble("l2_regularization"),
            MaximumNumberOfIterations = p.GetInt32("max_iterations"),
            NumberOfThreads = 1,
        }),
        _ => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
        {
            L2Regularization = (float)p.GetDouble("l2_regularization"),
            MaximumNumberOfIterations = p.GetInt32("max_iterations"),
            NumberOfThreads = 1,
        }),
    };

    private IEstimator<ITransformer> Regression(MLContext ml, ParameterSet p) => Family switch
    {
        ModelFamily.LightGbm => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            LearningRate = p.GetDouble("learning_rate"),
            NumberOfLeaves = p.GetInt32("num_leaves"),
            NumberOfIterations = p.GetInt32("num_iterations"),
            MinimumExampleCountPerLeaf = p.GetInt32("min_data_in_leaf"),
            Seed = Seed,
            NumberOfThreads = 1,
            Silent = true,
        }),
        ModelFamily.FastTree => ml.Regression.Trainers.FastTree(Trees(new FastTreeRegressionTrainer.Options(), p)),
        _ when Lbfgs(p) => throw new ArgumentException("ML.NET has no L-BFGS least-squares regression (only Poisson); use optimizer=sdca for linear regression."),
        _ => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
        {
            L2Regularization = (float)p.GetDouble("l2_regularization"),
            MaximumNumberOfIterations = p.GetInt32("max_iterations"),
            NumberOfThreads = 1,
        }),
    };

    private IEstimator<ITransformer> Multiclass(MLContext ml, ParameterSet p) => Family switch
    {
        ModelFamily.LightGbm => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
        {
            LearningRate = p.GetDouble("learning_rate"),
            NumberOfLeaves = p.GetInt32("num_leaves"),
            NumberOfIterations = p.GetInt32("num_iterations"),
            MinimumExampleCountPerLeaf = p.GetInt32("min_data_in_leaf"),
            Seed = Seed,
            NumberOfThreads = 1,
            Silent = true,
        }),
        ModelFamily.FastTree => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(Trees(new FastTreeBinaryTrainer.Options(), p))),
        _ when Lbfgs(p) => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            L2Regularization = (float)p.GetDouble("l2_regularization"),
            MaximumNumberOfIterations = p.GetInt32("max_iterations"),
            NumberOfThreads = 1,
        }),
        _ => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
        {
            L2Regularization = (float)p.GetDouble("l2_regularization"),
            MaximumNumberOfIterations = p.GetInt32("max_iterations"),
            NumberOfThreads = 1,
        }),
    };
}
