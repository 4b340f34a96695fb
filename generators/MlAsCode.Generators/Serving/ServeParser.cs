using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using MlAsCode.Common;
using MlAsCode.Generators.Common;
using MlAsCode.Generators.Model;

namespace MlAsCode.Generators.Serving;

/// <summary>Reads what the emitter needs of a <c>[Serve]</c> class: its problem, feature set, route and <c>[Fallback]</c>
/// (the options themselves are read at run time, <c>ServingOptions.Declared</c>).</summary>
internal static class ServeParser
{
    public static ServeModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol { IsGenericType: false } type || context.Attributes.IsEmpty
            || TypeDeclarations.Read(type, cancellationToken) is not { } declaration)
        {
            return null;
        }

        var attribute = context.Attributes[0];
        var problemType = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as INamedTypeSymbol : null;
        var problem = problemType is not null && Has(problemType, AttributeNames.MlProblem) && TypeDeclarations.Read(problemType, cancellationToken) is not null
            ? problemType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
            : null;

        INamedTypeSymbol? rowType = null;
        var route = "/";
        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case "Features" when argument.Value.Value is INamedTypeSymbol features:
                    rowType = features;
                    break;
                case "Route" when AttributeValues.String(argument.Value) is { } r:
                    route = "/" + r.Trim().Trim('/');
                    break;
            }
        }

        // Without Features, the feature set declared for the problem ([FeatureSet(Problem = typeof(...))]) is looked up
        // later, in the generator's collected feature sets (no scan of the compilation here).
        var row = rowType is not null && Has(rowType, AttributeNames.FeatureSet) && TypeDeclarations.Read(rowType, cancellationToken) is not null
            ? rowType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
            : null;

        // The fallback fits when a static double method of that name takes the row: every candidate's parameter type is
        // kept, and matched once the row is known.
        var fallbackName = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Fallback) is { ConstructorArguments.Length: 1 } fallback
            ? AttributeValues.String(fallback.ConstructorArguments[0])
            : null;
        var fallbackRows = fallbackName is null ? [] : type.GetMembers(fallbackName).OfType<IMethodSymbol>()
            .Where(m => m.IsStatic && m.Parameters.Length == 1 && m.ReturnType.SpecialType is SpecialType.System_Double)
            .Select(m => m.Parameters[0].Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).ToArray();

        var name = type.Name.EndsWith("Service", System.StringComparison.Ordinal) && type.Name.Length > "Service".Length
            ? type.Name.Substring(0, type.Name.Length - "Service".Length)
            : type.Name;
        var suffix = type.Name.EndsWith("Service", System.StringComparison.Ordinal) ? type.Name : type.Name + "Service";
        return new ServeModel(declaration, name, suffix, problem, row, route, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), fallbackName,
            type.IsStatic && type.ContainingType is null, context.SemanticModel.Compilation.AssemblyName ?? "App")
        {
            ExplicitRow = rowType is not null,
            FallbackRows = fallbackRows.ToEquatableArray(),
        };
    }

    private static bool Has(INamedTypeSymbol type, string attribute) => type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attribute);
}

/// <summary>A <c>[FeatureSet]</c> linked to a problem, for the served models that name the problem only.</summary>
/// <param name="Problem">The problem class, fully qualified.</param>
/// <param name="Row">The feature set record, fully qualified.</param>
internal sealed record ProblemFeatureSet(string Problem, string Row)
{
    public static ProblemFeatureSet? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        context.TargetSymbol is INamedTypeSymbol { IsGenericType: false } type && context.Attributes.Length > 0
        && context.Attributes[0].NamedArguments.FirstOrDefault(a => a.Key == "Problem").Value.Value is INamedTypeSymbol problem
        && TypeDeclarations.Read(type, cancellationToken) is not null
            ? new ProblemFeatureSet(problem.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
            : null;
}
