using System;
using System.Linq;
using System.Reflection;
using MlAsCode.Declarations;

namespace MlAsCode.Tests.Framing;

/// <summary>
/// Every property name a declaration reader looks for is a property of the attributes it reads: the readers are shared
/// by the runtime and the analyzers (which cannot load the attribute types), so a renamed attribute property fails
/// here rather than silently in every reader.
/// </summary>
public class DeclarationNamesTests
{
    public static TheoryData<Type, Type[], int> Readers() => new()
    {
        { typeof(ProblemDeclaration.Names), [typeof(MlProblemAttribute), typeof(BaselineAttribute), typeof(KillCriterionAttribute)], 20 },
        { typeof(ExperimentDeclaration.Names), [typeof(ExperimentAttribute), typeof(TuningAttribute), typeof(SearchSpaceAttribute)], 21 },
        { typeof(ServeDeclaration.Names), [typeof(ServeAttribute), typeof(AbTestAttribute), typeof(MonitorAttribute)], 18 },
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public void Every_name_the_reader_uses_is_a_property_of_the_attributes(Type names, Type[] attributes, int count)
    {
        var properties = attributes.SelectMany(t => t.GetProperties()).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var used = names.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(count, used.Count);
        Assert.All(used, n => Assert.Contains(n, properties));
    }
}
