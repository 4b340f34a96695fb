using System;
using System.Collections.Generic;
using MlAsCode.Features;

namespace MlAsCode.Serving;

/// <summary>A prediction and where it came from.</summary>
/// <param name="Value">The positive class's probability (binary) or the predicted value (regression).</param>
/// <param name="Source"><c>model</c>, or <c>fallback</c> when the rules answered.</param>
/// <param name="Reason">Why the fallback answered: <c>timeout</c>, <c>circuit_open</c>, <c>model_error</c>, <c>not_loaded</c> or <c>unknown_category</c>.</param>
/// <param name="Arm">The A/B arm (<c>control</c> or <c>treatment</c>), when a test runs.</param>
/// <param name="ModelVersion">The version of the model that answered (<c>fallback</c> for the rules).</param>
public sealed record Prediction(double Value, string Source, string? Reason = null, string? Arm = null, string ModelVersion = "")
{
    /// <summary>The row's categories the training data never had (field → value); empty when none.</summary>
    public IReadOnlyList<UnknownLevel> Unknown { get; init; } = [];
}

/// <summary>The model could not answer and there is no fallback: the request gets <c>503</c>.</summary>
public sealed class ModelUnavailableException(string reason, string detail) : Exception(detail)
{
    /// <summary><c>timeout</c>, <c>circuit_open</c>, <c>model_error</c> or <c>not_loaded</c>.</summary>
    public string Reason { get; } = reason;
}
