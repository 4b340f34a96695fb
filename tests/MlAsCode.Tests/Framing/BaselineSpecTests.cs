using MlAsCode.Framing;

namespace MlAsCode.Tests.Framing;

public class BaselineSpecTests
{
    [Theory]
    [InlineData(BaselineKind.MajorityClass, null, null, BaselineKind.MajorityClass, true)]
    [InlineData(BaselineKind.Unspecified, 0.41, null, BaselineKind.Measured, true)]
    [InlineData(BaselineKind.Unspecified, null, "Rules", BaselineKind.Rules, true)]
    [InlineData(BaselineKind.Unspecified, null, null, BaselineKind.Unspecified, false)]
    [InlineData(BaselineKind.Measured, null, null, BaselineKind.Measured, false)]
    [InlineData(BaselineKind.Rules, null, " ", BaselineKind.Rules, false)]
    public void Kind_is_inferred_from_what_is_declared(BaselineKind declared, double? value, string? rules, BaselineKind expected, bool comparable)
    {
        var spec = BaselineSpec.FromDeclaration(declared, "description", Metric.PrAuc, value, rules);

        Assert.Equal(expected, spec.Kind);
        Assert.Equal(comparable, spec.IsComparable);
    }

    [Fact]
    public void A_measured_value_without_its_metric_is_not_comparable()
    {
        var spec = BaselineSpec.FromDeclaration(BaselineKind.Unspecified, "rule", Metric.Unspecified, 0.41, null);

        Assert.Equal(BaselineKind.Measured, spec.Kind);
        Assert.False(spec.IsComparable);
    }

    [Fact]
    public void Text_shows_a_measured_value_with_its_metric_in_invariant_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var spec = BaselineSpec.FromDeclaration(BaselineKind.Unspecified, "contract rule", Metric.PrAuc, 0.41, null);
            Assert.Equal("contract rule: PrAuc = 0.41", spec.ToString());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
