using System;

namespace MlAsCode.Features;

/// <summary>A value a feature's declared policy refuses (a negative under log with <see cref="NegativePolicy.Error"/>,
/// a zero denominator with <see cref="DivisionByZero.Error"/>), or training data a statistic cannot be learned from.</summary>
public sealed class FeatureValueException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FeatureValueException(string feature, string message)
        : base($"Feature {feature}: {message}") => Feature = feature;

    /// <summary>The feature (property) concerned.</summary>
    public string Feature { get; }
}
