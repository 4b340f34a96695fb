using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlAsCode.Analyzers.Common;

/// <summary>One applied attribute: its values and where each argument was written, for precise locations.</summary>
internal sealed class AttributeArguments
{
    private AttributeArguments(AttributeData data, AttributeSyntax? syntax)
    {
        Data = data;
        Syntax = syntax;
    }

    public AttributeData Data { get; }

    public AttributeSyntax? Syntax { get; }

    /// <summary>Where the attribute's name is written; the fallback location for anything about it.</summary>
    public Location? NameLocation => Syntax?.Name.GetLocation();

    public static AttributeArguments Read(AttributeData data, CancellationToken cancellationToken) =>
        new(data, data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax);

    public bool Has(string name) => Data.NamedArguments.Any(a => a.Key == name);

    public TypedConstant? Named(string name)
    {
        foreach (var argument in Data.NamedArguments)
        {
            if (argument.Key == name)
            {
                return argument.Value;
            }
        }

        return null;
    }

    public string? String(string name) => Named(name)?.Value as string;

    public int Int(string name) => Named(name)?.Value is int value ? value : 0;

    public double? Double(string name) => Named(name)?.Value switch
    {
        double d => d,
        int i => i,
        _ => null,
    };

    /// <summary>The written <c>Name = value</c> argument, or the attribute name when it was not written.</summary>
    public Location? LocationOf(string name) =>
        Syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.GetLocation()
        ?? NameLocation;

    /// <summary>The constructor argument at <paramref name="index"/>, or the attribute name.</summary>
    public Location? LocationOfConstructorArgument(int index) =>
        Syntax?.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ElementAtOrDefault(index)?.GetLocation()
        ?? NameLocation;
}
