using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using MlAsCode.Common;
using MlAsCode.Generators.Common;
using MlAsCode.Generators.Model;

namespace MlAsCode.Generators.Experiments;

/// <summary>Reads what the emitter needs of an <c>[Experiment]</c> type: its problem, feature set, source and model family
/// (the settings themselves are read at run time, <c>ExperimentSettings.Declared</c>).</summary>
internal static class ExperimentParser
{
    public static ExperimentModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol { IsGenericType: false } type || context.Attributes.IsEmpty
            || TypeDeclarations.Read(type, cancellationToken) is not { } declaration)
        {
            return null;
        }

        var attribute = context.Attributes[0];
        var id = attribute.ConstructorArguments.Length == 1 ? AttributeValues.String(attribute.ConstructorArguments[0]) ?? "" : "";
        string? problem = null, featureSet = null, source = null;
        var model = ModelFamily.LightGbm;
        var publicRows = true;
        foreach (var argument in attribute.NamedArguments)
        {
            var value = argument.Value;
            switch (argument.Key)
            {
                case "Problem" when value.Value is INamedTypeSymbol p && p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.MlProblem)
                    && TypeDeclarations.Read(p, cancellationToken) is not null:
                    problem = p.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                    break;
                // Only a feature set the generator completes (partial, with features) has ReadCsv and Features.
                case "Features" when value.Value is INamedTypeSymbol f
                    && f.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.FeatureSet) is { } set
                    && TypeDeclarations.Read(f, cancellationToken) is not null
                    && f.GetMembers().OfType<IPropertySymbol>().Any(m => m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Feature)):
                    featureSet = f.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                    publicRows = f.DeclaredAccessibility == Accessibility.Public && (f.ContainingType is null || f.ContainingType.DeclaredAccessibility == Accessibility.Public);
                    source = set.NamedArguments.Where(a => a.Key == "Source").Select(a => AttributeValues.String(a.Value)).FirstOrDefault();
                    break;
                case "Model" when value.Value is int m && System.Enum.IsDefined(typeof(ModelFamily), m):
                    model = (ModelFamily)m;
                    break;
            }
        }

        return new ExperimentModel(declaration, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), id, problem, featureSet, source, model,
            publicRows ? "public" : "internal");
    }
}
