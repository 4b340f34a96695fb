using System;
using System.Linq;

namespace MlAsCode.Analyzers.Tests;

/// <summary>The analyzers name enum arguments with private mirrors; they must match the public enums exactly.</summary>
public class EnumMirrorTests
{
    [Theory]
    [InlineData(typeof(MlTask), typeof(Common.MlTask))]
    [InlineData(typeof(Metric), typeof(Common.Metric))]
    [InlineData(typeof(BaselineKind), typeof(Common.BaselineKind))]
    [InlineData(typeof(ModelFamily), typeof(Common.ModelFamily))]
    [InlineData(typeof(TuningStrategy), typeof(Common.TuningStrategy))]
    [InlineData(typeof(Scale), typeof(Common.Scale))]
    [InlineData(typeof(KillWhen), typeof(Common.KillWhen))]
    [InlineData(typeof(LatencyClass), typeof(Common.LatencyClass))]
    public void Mirror_has_the_same_names_and_values(Type publicEnum, Type mirror)
    {
        static (string, int)[] Members(Type t) => [.. Enum.GetNames(t).Select(n => (n, Convert.ToInt32(Enum.Parse(t, n))))];

        Assert.Equal(Members(publicEnum), Members(mirror));
    }
}
