using System;

namespace MlAsCode.Features.Definition;

/// <summary>
/// The label of a feature set, read as a number: 1/0 for the positive class of a classification target, the value
/// itself for regression. Only target encoding reads it while fitting; it is never a model input.
/// </summary>
public sealed class TargetDefinition<TRow>
{
    /// <summary>Creates the target definition.</summary>
    /// <param name="property">The target property.</param>
    /// <param name="dataType">Its C# type.</param>
    /// <param name="positiveClass">The positive class of a classification target.</param>
    /// <param name="value">The target as a number (1/0 for the positive class).</param>
    /// <param name="label">The class as text, for text targets (stratified splits and per-class counts use it); numeric
    /// targets leave it out and their value is the class.</param>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public TargetDefinition(string property, string dataType, string? positiveClass, RowAccessor<TRow, double> value, RowAccessor<TRow, string?>? label = null)
    {
        Label = label;
        ArgumentException.ThrowIfNullOrWhiteSpace(property);
        Property = property;
        DataType = dataType;
        PositiveClass = positiveClass;
        Value = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The target property.</summary>
    public string Property { get; }

    /// <summary>Its C# type.</summary>
    public string DataType { get; }

    /// <summary>The positive class of a classification target.</summary>
    public string? PositiveClass { get; }

    /// <summary>The transform a regression model is trained on (<c>[Target(Transform = …)]</c>); predictions are turned back.</summary>
    public TargetTransform Transform { get; init; }

    /// <summary>Reads the target as a number.</summary>
    public RowAccessor<TRow, double> Value { get; }

    /// <summary>Reads a text target's class, when the target is text.</summary>
    public RowAccessor<TRow, string?>? Label { get; }

    /// <summary>The row's class: a text target's value, or a numeric target's value as invariant text.</summary>
    public string ClassOf(in TRow row) =>
        Label is not null ? Label(row) ?? "" : Value(row).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
