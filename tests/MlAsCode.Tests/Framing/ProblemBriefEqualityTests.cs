using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using MlAsCode.Framing;
using MlAsCode.Rubric;

namespace MlAsCode.Tests.Framing;

public class ProblemBriefEqualityTests
{
    [Fact]
    public void Briefs_with_equal_contents_in_different_arrays_are_equal()
    {
        var a = TestBriefs.CompleteChurn;
        var b = a with
        {
            ProtectedAttributes = [.. a.ProtectedAttributes],
            KillCriteria = [.. a.KillCriteria],
        };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    /// <summary>Guards the hand-written Equals: changing any one property must make the briefs differ.</summary>
    [Fact]
    public void Every_property_takes_part_in_equality()
    {
        var brief = TestBriefs.CompleteChurn;
        var properties = typeof(ProblemBrief).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
            .ToList();
        Assert.Equal(18, properties.Count);

        foreach (var property in properties)
        {
            var changed = brief with { };
            property.SetValue(changed, Different(property.PropertyType, property.GetValue(brief)));
            Assert.False(brief.Equals(changed), $"{property.Name} does not take part in equality");
        }
    }

    private static object? Different(Type type, object? value) => value switch
    {
        null when type == typeof(double?) => 0.5,
        null when type == typeof(BaselineSpec) => new BaselineSpec(BaselineKind.MajorityClass),
        string s => s + "!",
        bool b => !b,
        double d => d + 0.01,
        MlTask => MlTask.Regression,
        PredictionConsumer => PredictionConsumer.Email,
        LatencyClass => LatencyClass.Batch,
        Metric => Metric.Mae,
        ImmutableArray<string> items => items.Add("another"),
        ImmutableArray<KillCriterion> kills => kills.Add(new KillCriterion("another", KillWhen.LatencyAbove, 50)),
        BaselineSpec spec => spec with { Value = 0.99 },
        _ => throw new InvalidOperationException($"no different value for {value?.GetType().Name}"),
    };

    [Fact]
    public void Rubric_reports_of_equal_briefs_are_equal()
    {
        var first = QualityRubric.Evaluate(TestBriefs.CompleteChurn);
        var second = QualityRubric.Evaluate(TestBriefs.CompleteChurn with { KillCriteria = [.. TestBriefs.CompleteChurn.KillCriteria] });

        Assert.Equal(first, second);
        Assert.NotEqual(first, QualityRubric.Evaluate(TestBriefs.CompleteChurn with { RoiEstimate = "" }));
    }
}
