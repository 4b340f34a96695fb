using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using MlAsCode.Common;
using MlAsCode.Generators.Common;
using MlAsCode.Generators.Model;

namespace MlAsCode.Generators.Experiments;

/// <summary>Reads an <c>[Experiment]</c> type with its <c>[SearchSpace]</c>, <c>[Hyperparameter]</c> and <c>[Tuning]</c>.</summary>
internal static class ExperimentParser
{
    // Hyperparameters that count things are searched as whole numbers.
    private static readonly HashSet<string> WholeNumbers =
        ["num_leaves", "num_iterations", "min_data_in_leaf", "max_iterations", "max_depth", "batch_size", "epochs", "patience", "hidden_units"];

    public static ExperimentModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol { IsGenericType: false } type || context.Attributes.IsEmpty
            || TypeDeclarations.Read(type, cancellationToken) is not { } declaration)
        {
            return null;
        }

        var attribute = context.Attributes[0];
        var id = attribute.ConstructorArguments.Length == 1 ? AttributeValues.String(attribute.ConstructorArguments[0]) ?? "" : "";
        var settings = new List<string> { $"Id = {Literals.String(id)}" };
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
                case "Hypothesis":
                    settings.Add($"Hypothesis = {Literals.String(AttributeValues.String(value) ?? "")}");
                    break;
                case "Model" when value.Value is int m:
                    model = (ModelFamily)m;
                    break;
                case "Split" or "CrossValidation":
                    settings.Add($"{argument.Key} = {AttributeValues.EnumExpression(value, "default")}");
                    break;
                case "TestFraction" or "Margin" or "Threshold" or "ComputePricePerHour" when AttributeValues.Double(value) is { } d:
                    settings.Add($"{argument.Key} = {Literals.Double(d)}");
                    break;
                case "Folds" or "Seed" or "QualityGate" or "HoldoutReuseWarning" when value.Value is int i:
                    settings.Add($"{argument.Key} = {i.ToString(CultureInfo.InvariantCulture)}");
                    break;
                case "Segments" when AttributeValues.Strings(value).ToList() is { Count: > 0 } segments:
                    settings.Add($"Segments = global::System.Collections.Immutable.ImmutableArray.Create<string>({string.Join(", ", segments.Select(Literals.String))})");
                    break;
                case "DisparateImpactLimit" when AttributeValues.Double(value) is { } limit:
                    settings.Add($"Fairness = new global::MlAsCode.Evaluation.FairnessOptions {{ DisparateImpactLimit = {Literals.Double(limit)} }}");
                    break;
                case "CheckCalibration" when value.Value is bool check:
                    settings.Add($"CheckCalibration = {(check ? "true" : "false")}");
                    break;
                case "CalibrationLimit" when AttributeValues.Double(value) is { } ece:
                    settings.Add($"CalibrationLimit = {Literals.Double(ece)}");
                    break;
            }
        }

        var space = new List<string>();
        var fixedValues = new List<OptionModel>();
        var overrides = new List<string>();
        foreach (var other in type.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var args = other.ConstructorArguments;
            switch (other.AttributeClass?.ToDisplayString())
            {
                case AttributeNames.Tuning when args.Length == 1:
                    settings.Add($"Tuning = {AttributeValues.EnumExpression(args[0], "default")}");
                    foreach (var named in other.NamedArguments.Where(n => n.Key is "Trials" or "GridPoints" && n.Value.Value is int))
                    {
                        settings.Add($"{named.Key} = {((int)named.Value.Value!).ToString(CultureInfo.InvariantCulture)}");
                    }

                    break;
                case AttributeNames.VerdictOverride when args.Length == 2 && AttributeValues.String(args[0]) is { } check:
                    overrides.Add($"new global::MlAsCode.Experiments.VerdictOverride({Literals.String(check)}, {Literals.String(AttributeValues.String(args[1]) ?? "")})");
                    break;
                case AttributeNames.SearchSpace when args.Length >= 1 && AttributeValues.String(args[0]) is { } name:
                    space.Add(SearchParameter(name, other));
                    break;
                case AttributeNames.Hyperparameter when args.Length == 2 && AttributeValues.String(args[0]) is { } name:
                    var expression = args[1].Value switch
                    {
                        string text => Literals.String(text),
                        double number when WholeNumbers.Contains(name) => ((int)number).ToString(CultureInfo.InvariantCulture),
                        double number => Literals.Double(number),
                        _ => null,
                    };
                    if (expression is not null)
                    {
                        fixedValues.Add(new OptionModel(name, expression));
                    }

                    break;
            }
        }

        if (overrides.Count > 0)
        {
            settings.Add($"Overrides = global::System.Collections.Immutable.ImmutableArray.Create<global::MlAsCode.Experiments.VerdictOverride>({string.Join(", ", overrides)})");
        }

        return new ExperimentModel(declaration, id, problem, featureSet, source, settings.ToEquatableArray(), space.ToEquatableArray(),
            fixedValues.ToEquatableArray(), model, publicRows ? "public" : "internal");
    }

    private static string SearchParameter(string name, AttributeData attribute)
    {
        const string P = "global::MlAsCode.Experiments.Tuning.SearchParameter";
        var args = attribute.ConstructorArguments;
        if (args.Length == 2 && args[1].Kind == TypedConstantKind.Array)
        {
            return $"{P}.Choice({Literals.String(name)}, {string.Join(", ", AttributeValues.Strings(args[1]).Select(Literals.String))})";
        }

        var low = args.Length == 3 ? AttributeValues.Double(args[1]) ?? 0 : 0;
        var high = args.Length == 3 ? AttributeValues.Double(args[2]) ?? 0 : 0;
        var log = attribute.NamedArguments.Any(n => n.Key == "Scale" && n.Value.Value is int scale && (Scale)scale == Scale.Log) ? "true" : "false";
        return WholeNumbers.Contains(name)
            ? $"{P}.Integer({Literals.String(name)}, {((int)low).ToString(CultureInfo.InvariantCulture)}, {((int)high).ToString(CultureInfo.InvariantCulture)}, log: {log})"
            : $"{P}.Real({Literals.String(name)}, {Literals.Double(low)}, {Literals.Double(high)}, log: {log})";
    }
}
