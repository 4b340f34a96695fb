using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using MlAsCode.Common;
using MlAsCode.Generators.Common;
using MlAsCode.Generators.Model;

namespace MlAsCode.Generators.Serving;

/// <summary>Reads a <c>[Serve]</c> class with its <c>[Fallback]</c>.</summary>
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
        var options = new List<string>();
        foreach (var argument in attribute.NamedArguments)
        {
            var value = argument.Value;
            switch (argument.Key)
            {
                case "Features" when value.Value is INamedTypeSymbol features:
                    rowType = features;
                    break;
                case "Route" when AttributeValues.String(value) is { } r:
                    route = "/" + r.Trim().Trim('/');
                    break;
                case "TimeoutMs" or "MaxBatchDelayMs" when value.Value is int ms:
                    var property = argument.Key == "TimeoutMs" ? "Timeout" : "MaxBatchDelay";
                    options.Add($"o.{property} = global::System.TimeSpan.FromMilliseconds({ms.ToString(CultureInfo.InvariantCulture)})");
                    break;
                case "RateLimitPerSecond" or "MaxBatchSize" or "MaxBatchRows" when value.Value is int n:
                    options.Add($"o.{argument.Key} = {n.ToString(CultureInfo.InvariantCulture)}");
                    break;
            }
        }

        if (!options.Any(o => o.StartsWith("o.Timeout", System.StringComparison.Ordinal)))
        {
            options.Insert(0, "o.Timeout = global::System.TimeSpan.FromMilliseconds(100)");
        }

        if (type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.AbTest) is { ConstructorArguments.Length: 1 } test
            && AttributeValues.String(test.ConstructorArguments[0]) is { } testName)
        {
            options.Add(AbTest(testName, test));
        }

        if (type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Monitor) is { } monitor)
        {
            options.Add(Monitor(monitor));
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
        return new ServeModel(declaration, name, suffix, problem, row, route, options.ToEquatableArray(), fallbackName,
            type.IsStatic && type.ContainingType is null, context.SemanticModel.Compilation.AssemblyName ?? "App")
        {
            ExplicitRow = rowType is not null,
            FallbackRows = fallbackRows.ToEquatableArray(),
        };
    }

    // o.AbTest = new AbTestOptions { ... } from [AbTest]; the treatment's files come from configuration.
    private static string AbTest(string name, AttributeData test)
    {
        var assignments = new List<string> { $"Name = {Literals.String(name)}" };
        var percent = 50.0;
        foreach (var argument in test.NamedArguments)
        {
            switch (argument.Key)
            {
                case "TreatmentPercent" when AttributeValues.Double(argument.Value) is { } p:
                    percent = p;
                    break;
                case "Control" or "Treatment" when AttributeValues.String(argument.Value) is { } version:
                    assignments.Add($"{argument.Key}Version = {Literals.String(version)}");
                    break;
                case "KeyHeader" or "PrimaryMetric" or "Hypothesis" when AttributeValues.String(argument.Value) is { } text:
                    assignments.Add($"{argument.Key} = {Literals.String(text)}");
                    break;
                case "PlannedDays" when argument.Value.Value is int days:
                    assignments.Add($"PlannedDays = {days.ToString(CultureInfo.InvariantCulture)}");
                    break;
                case "GuardrailMetrics":
                    assignments.Add($"GuardrailMetrics = new string[] {{ {string.Join(", ", AttributeValues.Strings(argument.Value).Select(Literals.String))} }}");
                    break;
            }
        }

        assignments.Insert(1, $"TreatmentPercent = {Literals.Double(percent)}");
        return $"o.AbTest = new global::MlAsCode.Serving.AbTestOptions {{ {string.Join(", ", assignments)} }}";
    }

    // o.Monitor = new MonitorOptions { ... } from [Monitor]; the reference profile's path comes from configuration.
    private static string Monitor(AttributeData monitor)
    {
        var method = monitor.ConstructorArguments.Length == 1 && monitor.ConstructorArguments[0].Value is int m && (DriftMethod)m == DriftMethod.JensenShannon ? "jensen_shannon" : "psi";
        var assignments = new List<string> { $"Method = {Literals.String(method)}" };
        foreach (var argument in monitor.NamedArguments)
        {
            switch (argument.Key)
            {
                case "Warning" or "Critical" when AttributeValues.Double(argument.Value) is { } limit:
                    assignments.Add($"{argument.Key} = {Literals.Double(limit)}");
                    break;
                case "WindowSize" when argument.Value.Value is int size:
                    assignments.Add($"WindowSize = {size.ToString(CultureInfo.InvariantCulture)}");
                    break;
                case "IntervalSeconds" when argument.Value.Value is int seconds:
                    assignments.Add($"Interval = global::System.TimeSpan.FromSeconds({seconds.ToString(CultureInfo.InvariantCulture)})");
                    break;
            }
        }

        return $"o.Monitor = new global::MlAsCode.Serving.MonitorOptions {{ {string.Join(", ", assignments)} }}";
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
