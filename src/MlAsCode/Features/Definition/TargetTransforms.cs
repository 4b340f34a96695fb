using System;
using System.Globalization;

namespace MlAsCode.Features.Definition;

/// <summary>
/// The forward and inverse of each <see cref="TargetTransform"/>, and their names as written into a model's ONNX
/// metadata (<c>mlascode.target_transform</c>), so a served model turns its output back the way it was trained.
/// </summary>
public static class TargetTransforms
{
    /// <summary>The target as the model is trained on it.</summary>
    public static double Forward(TargetTransform transform, double value) => transform switch
    {
        TargetTransform.Log => Math.Log(value),
        TargetTransform.Log1p => Math.Log(1 + value),
        TargetTransform.Sqrt => Math.Sqrt(value),
        _ => value,
    };

    /// <summary>A model output turned back into the target's units.</summary>
    public static double Inverse(TargetTransform transform, double value) => transform switch
    {
        TargetTransform.Log => Math.Exp(value),
        TargetTransform.Log1p => Math.Exp(value) - 1,
        // A negative output of a square-root model is below the smallest possible target: 0.
        TargetTransform.Sqrt => value <= 0 ? 0 : value * value,
        _ => value,
    };

    /// <summary>Why <paramref name="value"/> cannot be transformed, or null when it can.</summary>
    public static string? Refusal(TargetTransform transform, double value) => transform switch
    {
        _ when !double.IsFinite(value) => "is not a finite number",
        TargetTransform.Log when value <= 0 => "must be above 0 for TargetTransform.Log (use Log1p for targets with zeros)",
        TargetTransform.Log1p or TargetTransform.Sqrt when value < 0 => $"must be 0 or more for TargetTransform.{transform}",
        _ => null,
    };

    /// <summary>The transform's name in ONNX metadata (<c>log</c>, <c>log1p</c>, <c>sqrt</c>).</summary>
    public static string Name(TargetTransform transform) => transform.ToString().ToLowerInvariant();

    /// <summary>Reads a name written by <see cref="Name"/>.</summary>
    /// <exception cref="InvalidOperationException">An unknown name (a model written by a newer version).</exception>
    public static TargetTransform Parse(string name)
    {
        foreach (TargetTransform transform in Enum.GetValues<TargetTransform>())
        {
            if (string.Equals(Name(transform), name, StringComparison.Ordinal))
            {
                return transform;
            }
        }

        throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
            "Unknown target transform '{0}' in the model's metadata; known: none, log, log1p, sqrt.", name));
    }
}
