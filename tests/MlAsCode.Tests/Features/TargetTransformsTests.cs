using System;
using MlAsCode.Features.Definition;

namespace MlAsCode.Tests.Features;

public class TargetTransformsTests
{
    [Theory]
    [InlineData(TargetTransform.Log, 250_000.0, 12.429216196844383)]
    [InlineData(TargetTransform.Log1p, 0.0, 0.0)]
    [InlineData(TargetTransform.Log1p, 9.0, 2.302585092994046)]
    [InlineData(TargetTransform.Sqrt, 16.0, 4.0)]
    [InlineData(TargetTransform.None, -3.5, -3.5)]
    public void Each_transform_goes_forward_and_back_to_the_targets_units(TargetTransform transform, double value, double transformed)
    {
        Assert.Equal(transformed, TargetTransforms.Forward(transform, value), 9);
        Assert.Equal(value, TargetTransforms.Inverse(transform, transformed), 6);
        Assert.Null(TargetTransforms.Refusal(transform, value));
        Assert.Equal(transform, TargetTransforms.Parse(TargetTransforms.Name(transform)));
    }

    [Fact]
    public void Targets_a_transform_cannot_take_are_refused_and_a_negative_square_root_output_is_zero()
    {
        Assert.Contains("must be above 0 for TargetTransform.Log", TargetTransforms.Refusal(TargetTransform.Log, 0), StringComparison.Ordinal);
        Assert.Contains("must be 0 or more for TargetTransform.Log1p", TargetTransforms.Refusal(TargetTransform.Log1p, -0.5), StringComparison.Ordinal);
        Assert.Contains("must be 0 or more for TargetTransform.Sqrt", TargetTransforms.Refusal(TargetTransform.Sqrt, -1), StringComparison.Ordinal);
        Assert.Equal("is not a finite number", TargetTransforms.Refusal(TargetTransform.None, double.NaN));
        // A model of the square root may predict slightly below 0; the smallest target it stands for is 0.
        Assert.Equal(0, TargetTransforms.Inverse(TargetTransform.Sqrt, -0.2));
        Assert.Contains("Unknown target transform 'cube'", Assert.Throws<InvalidOperationException>(() => TargetTransforms.Parse("cube")).Message, StringComparison.Ordinal);
    }
}
