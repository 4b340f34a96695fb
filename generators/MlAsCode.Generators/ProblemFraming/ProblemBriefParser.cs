using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using MlAsCode.Common;
using MlAsCode.Generators.Common;
using MlAsCode.Generators.Model;

namespace MlAsCode.Generators.ProblemFraming;

/// <summary>Reads what the emitter needs of an <c>[MlProblem]</c> class: its declaration and its rules method.</summary>
internal static class ProblemBriefParser
{
    private static readonly SymbolDisplayFormat Qualified =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static ProblemBriefModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.IsEmpty)
        {
            return null;
        }

        var declaration = TypeDeclarations.Read(type, cancellationToken);
        if (declaration is null)
        {
            return null;
        }

        var rules = type.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Baseline)
            .SelectMany(a => a.NamedArguments.Where(n => n.Key == "RulesMethod").Select(n => n.Value.Value as string))
            .FirstOrDefault();
        return new ProblemBriefModel(declaration, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), RulesMethod(type, rules));
    }

    /// <summary>
    /// The rules method, so the brief can carry a typed delegate to it; <c>null</c> when the name is not exactly one
    /// static, non-generic method returning a value with plain parameters (the analyzer reports a missing method as
    /// ML0006; an overloaded one keeps only its name).
    /// </summary>
    private static RulesMethodModel? RulesMethod(INamedTypeSymbol type, string? rules)
    {
        if (string.IsNullOrWhiteSpace(rules))
        {
            return null;
        }

        var candidates = type.GetMembers(rules!).OfType<IMethodSymbol>().ToList();
        if (candidates.Count != 1 || candidates[0] is not { IsStatic: true, IsGenericMethod: false, ReturnsVoid: false, ReturnsByRef: false, ReturnsByRefReadonly: false } method
            || method.Parameters.Length > 16
            || method.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams || p.Type.IsRefLikeType)
            || method.ReturnType.IsRefLikeType)
        {
            return null;
        }

        return new RulesMethodModel(method.Name, method.Parameters.Select(p => p.Type.ToDisplayString(Qualified)).ToEquatableArray(), method.ReturnType.ToDisplayString(Qualified));
    }
}
