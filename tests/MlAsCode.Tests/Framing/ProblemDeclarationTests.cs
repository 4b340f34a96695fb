using System;
using System.Linq;
using MlAsCode.Declarations;
using MlAsCode.Framing;

namespace MlAsCode.Tests.Framing;

/// <summary>The one reading of a brief's attributes (shared by the runtime, the analyzers and mlac).</summary>
public class ProblemDeclarationTests
{
    // Written to be read, not served: the analyzers would (rightly) ask for the missing fields and a partial class.
#pragma warning disable ML0003, ML0005, ML0007
    [MlProblem("fraud", Task = MlTask.AnomalyDetection, Metric = Metric.PrecisionAtK, Latency = LatencyClass.NearRealTime,
        ProtectedAttributes = ["age", " "], PositiveRate = 0.002)]
    [Baseline(BaselineKind.Measured, Metric = Metric.PrecisionAtK, Value = 0)]
    [KillCriterion("Model can't beat random by >10% on holdout set", When = KillWhen.LiftOverRandomBelow, Threshold = 0.1)]
    [KillCriterion("Data quality too poor after 2 weeks of cleaning")]
    [KillCriterion(" ")]
    private static class Fraud;
#pragma warning restore ML0003, ML0005, ML0007

    [Baseline("the current rule")]
    private static class NoProblem;

    [Fact]
    public void A_brief_is_read_from_its_attributes_with_what_was_written_told_from_defaults()
    {
        var brief = ProblemBrief.Declared(typeof(Fraud));

        Assert.Equal(("fraud", MlTask.AnomalyDetection, Metric.PrecisionAtK, LatencyClass.NearRealTime, PredictionConsumer.Unspecified),
            (brief.Name, brief.Task, brief.PrimaryMetric, brief.Latency, brief.Consumer));
        Assert.Equal("", brief.BusinessObjective);
        Assert.Equal(0.002, brief.PositiveRate);
        Assert.Equal(["age"], brief.ProtectedAttributes.ToArray());
        // Value = 0 was written: a measured baseline of 0, not "no value".
        Assert.Equal(new BaselineSpec(BaselineKind.Measured, null, Metric.PrecisionAtK, 0), brief.Baseline);
        Assert.Equal(2, brief.KillCriteria.Length);
        Assert.Equal([new KillCriterion("Model can't beat random by >10% on holdout set", KillWhen.LiftOverRandomBelow, 0.1), new KillCriterion("Data quality too poor after 2 weeks of cleaning")],
            brief.KillConditions.ToArray());
    }

    [Fact]
    public void A_type_without_a_brief_is_refused_with_its_name()
    {
        var error = Assert.Throws<ArgumentException>(() => ProblemBrief.Declared(typeof(NoProblem)));
        Assert.Contains("NoProblem declares no [MlProblem]", error.Message, StringComparison.Ordinal);
    }

    // What syntax gives (mlac score reads attributes before a build): enum members by name, numbers as written.
    [Fact]
    public void Enum_values_are_read_from_numbers_or_member_names_and_unknown_ones_fall_back()
    {
        Assert.Equal(MlTask.Regression, AttributeView.EnumValue<MlTask>((int)MlTask.Regression));
        Assert.Equal(MlTask.Regression, AttributeView.EnumValue<MlTask>("MlTask.Regression"));
        Assert.Equal(MlTask.Regression, AttributeView.EnumValue<MlTask>("Regression"));
        Assert.Equal(MlTask.Unspecified, AttributeView.EnumValue<MlTask>("MlTask.Telepathy"));
        Assert.Equal(MlTask.Unspecified, AttributeView.EnumValue<MlTask>(9999));
    }
}
