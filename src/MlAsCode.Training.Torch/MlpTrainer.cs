using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using MlAsCode.Experiments;
using MlAsCode.Experiments.Tuning;
using MlAsCode.Features;
using TorchSharp;
using static TorchSharp.torch;

namespace MlAsCode.Training.Torch;

/// <summary>
/// A multilayer perceptron trained with TorchSharp, for binary, multiclass and regression tasks: fully connected
/// hidden layers with ReLU and dropout, Adam, mini-batches, and early stopping on a validation slice carved (seeded)
/// from the rows it is given — never the experiment's holdout. Inputs are standardized with the training rows' mean
/// and standard deviation (regression targets too), and that scaling is part of the model and of its ONNX graph.
/// </summary>
/// <remarks>
/// <para>Runs on CUDA when <c>torch.cuda.is_available()</c> and on the CPU otherwise (<c>device=auto</c>, the default);
/// the device actually used is recorded in the model's <see cref="MlpModel.Parameters"/> as <c>device</c>.</para>
/// <para>Hyperparameters: <c>hidden_layers</c> (widths, comma-separated, e.g. <c>64,32</c>), <c>dropout</c>,
/// <c>learning_rate</c>, <c>batch_size</c>, <c>max_epochs</c>, <c>patience</c> (epochs without a better validation
/// loss before stopping), <c>validation_fraction</c>, <c>weight_decay</c>, <c>device</c> (<c>auto</c>, <c>cpu</c> or
/// <c>cuda</c>). Unknown names are refused.</para>
/// <para>Fits are serialized in the process because libtorch's random generator is global: the seed then fixes the
/// initial weights, the batch order and the dropout masks, so the same data, seed and thread count give the same
/// model, byte for byte.</para>
/// </remarks>
public sealed class MlpTrainer : ITabularTrainer
{
    private static readonly object Gate = new();

    /// <summary>Creates a trainer.</summary>
    /// <exception cref="ArgumentException">The task is not binary, multiclass or regression.</exception>
    public MlpTrainer(MlTask task, int seed)
    {
        if (task is not (MlTask.BinaryClassification or MlTask.MulticlassClassification or MlTask.Regression))
        {
            throw new ArgumentException($"The MLP trainer handles binary, multiclass and regression tasks, not {task}.", nameof(task));
        }

        (Task, Seed) = (task, seed);
    }

    /// <summary>Always <see cref="ModelFamily.Mlp"/>.</summary>
    public ModelFamily Family => ModelFamily.Mlp;

    /// <summary>The task.</summary>
    public MlTask Task { get; }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>The hyperparameters the trainer reads, with their defaults.</summary>
    public ParameterSet Defaults => ParameterSet.Of(
    [
        new("batch_size", 64),
        new("device", "auto"),
        new("dropout", 0.1),
        new("hidden_layers", "64,32"),
        new("learning_rate", 0.001),
        new("max_epochs", 100),
        new("patience", 10),
        new("validation_fraction", 0.1),
        new("weight_decay", 0.0),
    ]);

    /// <summary>The device <c>auto</c> resolves to on this machine: <c>cuda</c> when libtorch sees a GPU, else <c>cpu</c>.</summary>
    public static string AutomaticDevice => cuda.is_available() ? "cuda" : "cpu";

    /// <summary>Trains a network.</summary>
    /// <param name="features">The transformed training rows (no missing values: declare imputations).</param>
    /// <param name="labels">One label per row, of the trainer's task.</param>
    /// <param name="parameters">Hyperparameters; missing ones take <see cref="Defaults"/>.</param>
    /// <exception cref="ArgumentException">Labels of another task or count, a missing value, an unknown or invalid
    /// hyperparameter, or <c>device=cuda</c> where no GPU is available.</exception>
    public MlpModel Fit(FeatureMatrix features, Labels labels, ParameterSet? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        labels.EnsureFits(Task, features.Rows);

        if (features.Rows < 2)
        {
            throw new ArgumentException($"An MLP needs at least two training rows (got {features.Rows}).", nameof(features));
        }

        var missing = Array.FindIndex(features.Values, v => !float.IsFinite(v));
        if (missing >= 0)
        {
            throw new ArgumentException(
                $"Row {(missing / features.Columns) + 1}, input {features.Names[missing % features.Columns]} is {features.Values[missing]}: an MLP needs finite inputs; declare an imputation for it.",
                nameof(features));
        }

        var settings = MlpSettings.From(Defaults.OverriddenBy(parameters, "Mlp"));
        lock (Gate)
        {
            return Train(features, labels, settings);
        }
    }

    /// <inheritdoc />
    ITrainedModel ITabularTrainer.Fit(FeatureMatrix features, Labels labels, ParameterSet? parameters) => Fit(features, labels, parameters);

    private MlpModel Train(FeatureMatrix features, Labels labels, MlpSettings s)
    {
        var deviceName = s.Device == "auto" ? AutomaticDevice : s.Device;
        if (deviceName == "cuda" && !cuda.is_available())
        {
            throw new ArgumentException("device=cuda was asked for but libtorch sees no CUDA device here; use device=auto to fall back to the CPU.");
        }

        var device = deviceName == "cuda" ? CUDA : CPU;
        var (n, width) = (features.Rows, features.Columns);
        var (mean, std) = Standardization(features);
        var inputs = new float[features.Values.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (features.Values[i] - mean[i % width]) / std[i % width];
        }

        var classes = Task == MlTask.MulticlassClassification ? labels.ClassNames : [];
        var outputs = Task == MlTask.MulticlassClassification ? classes.Length : 1;
        var (targetMean, targetStd) = Task == MlTask.Regression ? TargetScaling(labels.NumericValues!) : (0f, 1f);

        // The validation slice for early stopping: a seeded shuffle of these rows (stratification is the caller's split).
        var random = new Random(Seed);
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        var validationCount = s.ValidationFraction > 0 && s.Patience > 0 ? Math.Clamp((int)Math.Round(n * s.ValidationFraction), 1, n - 1) : 0;
        var validationRows = order[..validationCount];
        var trainRows = order[validationCount..];

        using var scope = NewDisposeScope();
        torch.random.manual_seed(Seed);
        var x = MlpModel.Owned(inputs, n, width).to(device);
        var y = Task switch
        {
            MlTask.BinaryClassification => MlpModel.Owned([.. labels.BinaryValues!.Select(b => b ? 1f : 0f)], n, 1).to(device),
            MlTask.MulticlassClassification => tensor(labels.ClassValues!.Select(c => (long)classes.IndexOf(c, 0, StringComparer.Ordinal)).ToArray(), [n]).to(device),
            _ => MlpModel.Owned([.. labels.NumericValues!.Select(v => (v - targetMean) / targetStd)], n, 1).to(device),
        };

        var layers = new List<nn.Module<Tensor, Tensor>>();
        var previous = width;
        foreach (var hidden in s.HiddenLayers.Append(outputs))
        {
            layers.Add(nn.Linear(previous, hidden).to(device));
            previous = hidden;
        }

        using var optimizer = new AdamOptimizer(layers.SelectMany(l => l.parameters()), s.LearningRate, s.WeightDecay);
        var validationIndex = validationCount > 0 ? tensor(validationRows.Select(i => (long)i).ToArray()).to(device) : null;
        var validationX = validationIndex is null ? null : x.index_select(0, validationIndex);
        var validationY = validationIndex is null ? null : y.index_select(0, validationIndex);

        var best = double.PositiveInfinity;
        var bestWeights = Snapshot(layers);
        var bestEpoch = 0;
        var epochs = 0;
        for (var epoch = 1; epoch <= s.MaxEpochs; epoch++)
        {
            epochs = epoch;
            random.Shuffle(trainRows);
            for (var start = 0; start < trainRows.Length; start += s.BatchSize)
            {
                using var batchScope = NewDisposeScope();
                var batch = tensor(trainRows[start..Math.Min(start + s.BatchSize, trainRows.Length)].Select(i => (long)i).ToArray()).to(device);
                var loss = Loss(Forward(layers, x.index_select(0, batch), s.Dropout, training: true), y.index_select(0, batch));
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step();
            }

            if (validationX is null)
            {
                continue;
            }

            double validationLoss;
            using (no_grad())
            using (NewDisposeScope())
            {
                validationLoss = Loss(Forward(layers, validationX, 0, training: false), validationY!).item<float>();
            }

            if (validationLoss < best - 1e-7)
            {
                (best, bestEpoch, bestWeights) = (validationLoss, epoch, Snapshot(layers));
            }
            else if (epoch - bestEpoch >= s.Patience)
            {
                break;
            }
        }

        if (validationX is null)
        {
            bestWeights = Snapshot(layers);
            bestEpoch = epochs;
        }

        foreach (var layer in layers)
        {
            layer.Dispose();
        }

        var used = s.Values.OverriddenBy(ParameterSet.Of([new("device", deviceName)]), "Mlp");
        return new MlpModel(Task, used, features.Names, classes, mean, std, targetMean, targetStd, bestWeights,
            new MlpTrainingLog(deviceName, epochs, bestEpoch, double.IsFinite(best) ? best : null));
    }

    private Tensor Loss(Tensor output, Tensor target) => Task switch
    {
        MlTask.BinaryClassification => nn.functional.binary_cross_entropy_with_logits(output, target),
        MlTask.MulticlassClassification => nn.functional.cross_entropy(output, target),
        _ => nn.functional.mse_loss(output, target),
    };

    // Hidden layers: Linear → ReLU → dropout (training only); the last layer gives logits or the scaled value.
    private static Tensor Forward(List<nn.Module<Tensor, Tensor>> layers, Tensor input, double dropout, bool training)
    {
        var h = input;
        for (var i = 0; i < layers.Count - 1; i++)
        {
            h = nn.functional.relu(layers[i].forward(h));
            if (training && dropout > 0)
            {
                h = nn.functional.dropout(h, dropout, training: true);
            }
        }

        return layers[^1].forward(h);
    }

    private static ImmutableArray<MlpLayer> Snapshot(List<nn.Module<Tensor, Tensor>> layers) =>
    [
        .. layers.Select(l =>
        {
            var named = l.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            var weight = named["weight"];
            return new MlpLayer(
                (int)weight.shape[1],
                (int)weight.shape[0],
                weight.detach().cpu().data<float>().ToArray(),
                named["bias"].detach().cpu().data<float>().ToArray());
        }),
    ];

    private static (float[] Mean, float[] Std) Standardization(FeatureMatrix features)
    {
        var (n, width) = (features.Rows, features.Columns);
        var sum = new double[width];
        var squares = new double[width];
        for (var r = 0; r < n; r++)
        {
            var row = features.Row(r);
            for (var c = 0; c < width; c++)
            {
                sum[c] += row[c];
            }
        }

        var mean = sum.Select(v => v / n).ToArray();
        for (var r = 0; r < n; r++)
        {
            var row = features.Row(r);
            for (var c = 0; c < width; c++)
            {
                var d = row[c] - mean[c];
                squares[c] += d * d;
            }
        }

        // A constant input keeps a scale of 1, so it maps to zero instead of dividing by zero.
        var std = squares.Select(v => Math.Sqrt(v / n)).Select(v => v > 1e-12 ? (float)v : 1f).ToArray();
        return ([.. mean.Select(v => (float)v)], std);
    }

    private static (float Mean, float Std) TargetScaling(float[] targets)
    {
        var mean = targets.Average(v => (double)v);
        var std = Math.Sqrt(targets.Average(v => (v - mean) * (v - mean)));
        return ((float)mean, std > 1e-12 ? (float)std : 1f);
    }
}

/// <summary>The validated hyperparameters of one fit.</summary>
internal sealed record MlpSettings(
    ParameterSet Values,
    ImmutableArray<int> HiddenLayers,
    double Dropout,
    double LearningRate,
    int BatchSize,
    int MaxEpochs,
    int Patience,
    double ValidationFraction,
    double WeightDecay,
    string Device)
{
    public static MlpSettings From(ParameterSet p)
    {
        var layersText = p.GetString("hidden_layers");
        var widths = layersText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var layers = widths.Select(w => int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : -1).ToImmutableArray();
        if (layers.Length == 0 || layers.Any(v => v <= 0))
        {
            throw new ArgumentException($"hidden_layers must list positive layer widths separated by commas (e.g. \"64,32\"), not \"{layersText}\".");
        }

        var settings = new MlpSettings(p, layers, p.GetDouble("dropout"), p.GetDouble("learning_rate"), p.GetInt32("batch_size"),
            p.GetInt32("max_epochs"), p.GetInt32("patience"), p.GetDouble("validation_fraction"), p.GetDouble("weight_decay"), p.GetString("device"));
        Require(settings.Dropout is >= 0 and < 1, $"dropout must be in [0, 1), not {settings.Dropout}.");
        Require(settings.LearningRate > 0, $"learning_rate must be positive, not {settings.LearningRate}.");
        Require(settings.BatchSize >= 1, $"batch_size must be at least 1, not {settings.BatchSize}.");
        Require(settings.MaxEpochs >= 1, $"max_epochs must be at least 1, not {settings.MaxEpochs}.");
        Require(settings.Patience >= 0, $"patience must be 0 (no early stopping) or more, not {settings.Patience}.");
        Require(settings.ValidationFraction is >= 0 and < 1, $"validation_fraction must be in [0, 1), not {settings.ValidationFraction}.");
        Require(settings.WeightDecay >= 0, $"weight_decay must be 0 or more, not {settings.WeightDecay}.");
        Require(settings.Device is "auto" or "cpu" or "cuda", $"device must be auto, cpu or cuda, not '{settings.Device}'.");
        return settings;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
