using System;
using System.Linq;
using System.Reflection;
using MlAsCode.Declarations;

namespace MlAsCode.Tests.Framing;

/// <summary>The one reading of a served model's attributes (the serving runtime and the serve analyzer share it).</summary>
public class ServeDeclarationTests
{
    [Fact]
    public void Every_name_the_reader_uses_is_a_property_of_the_attributes()
    {
        var properties = new[] { typeof(ServeAttribute), typeof(AbTestAttribute), typeof(MonitorAttribute) }
            .SelectMany(t => t.GetProperties()).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var names = typeof(ServeDeclaration.Names).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(18, names.Count);
        Assert.All(names, n => Assert.Contains(n, properties));
    }
}
