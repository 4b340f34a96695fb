using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace MlAsCode.Experiments;

/// <summary>The labels of a training set, of the kind its task needs.</summary>
public sealed class Labels
{
    private Labels(MlTask task, bool[]? binary, float[]? numeric, string[]? classes)
    {
        Task = task;
        BinaryValues = binary;
        NumericValues = numeric;
        ClassValues = classes;
        ClassNames = classes is null ? [] : [.. classes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The task the labels are for.</summary>
    public MlTask Task { get; }

    /// <summary>Number of labels.</summary>
    public int Count => BinaryValues?.Length ?? NumericValues?.Length ?? ClassValues!.Length;

    /// <summary>Multiclass class names, sorted (the order of predicted probabilities).</summary>
    public ImmutableArray<string> ClassNames { get; }

    /// <summary>Binary labels, for a binary task.</summary>
    public bool[]? BinaryValues { get; }

    /// <summary>Targets, for regression.</summary>
    public float[]? NumericValues { get; }

    /// <summary>Classes, for multiclass.</summary>
    public string[]? ClassValues { get; }

    /// <summary>Checks that these labels can train a model for <paramref name="task"/> on <paramref name="rows"/> rows.</summary>
    /// <exception cref="ArgumentException">Labels of another task, or not one per row.</exception>
    public void EnsureFits(MlTask task, int rows)
    {
        if (Task != task)
        {
            throw new ArgumentException($"The trainer is for {task} but the labels are for {Task}.");
        }

        if (Count != rows)
        {
            throw new ArgumentException($"{Count} labels for {rows} feature rows; give one label per row.");
        }
    }

    /// <summary>Binary classification labels (true = the positive class).</summary>
    public static Labels Binary(IEnumerable<bool> values) => new(MlTask.BinaryClassification, [.. values], null, null);

    /// <summary>Regression targets.</summary>
    /// <exception cref="ArgumentException">A target is NaN or infinite.</exception>
    public static Labels Regression(IEnumerable<float> values)
    {
        float[] array = [.. values];
        var bad = Array.FindIndex(array, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            throw new ArgumentException($"Regression target {bad + 1} is {array[bad]}; every target must be a finite number.", nameof(values));
        }

        return new(MlTask.Regression, null, array, null);
    }

    /// <summary>Multiclass labels.</summary>
    /// <exception cref="ArgumentException">Fewer than two classes, or a missing class.</exception>
    public static Labels Multiclass(IEnumerable<string> values)
    {
        string[] array = [.. values];
        var bad = Array.FindIndex(array, string.IsNullOrWhiteSpace);
        if (bad >= 0)
        {
            throw new ArgumentException($"Class label {bad + 1} is missing; every row needs a class.", nameof(values));
        }

        var labels = new Labels(MlTask.MulticlassClassification, null, null, array);
        return labels.ClassNames.Length >= 2 ? labels : throw new ArgumentException($"Multiclass labels need at least two classes (found {labels.ClassNames.Length}).", nameof(values));
    }
}
