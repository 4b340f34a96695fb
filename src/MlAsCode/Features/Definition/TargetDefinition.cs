using System;

namespace MlAsCode.Features.Definition;

/// <summary>
/// The label of a feature set, read as a number: 1/0 for the positive class of a classification target, the value
/// itself for regression. Only target encoding reads it while fitting; it is never a model input.
/// </summary>
public sealed class TargetDefinition<TRow>
{
    /// <summary>Creates the target definition.</summary>
    public TargetDefinition(string property, string dataType, string? positiveClass, RowAccessor<TRow, double> value)
    {
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

    /// <summary>Reads the target as a number.</summary>
    public RowAccessor<TRow, double> Value { get; }
}
