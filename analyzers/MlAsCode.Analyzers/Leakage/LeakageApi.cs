using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using MlAsCode.Common;

namespace MlAsCode.Analyzers.Leakage;

/// <summary>What a call does to data, as far as leakage goes.</summary>
internal enum CallKind
{
    Unknown,
    Load,
    LoadFromEnumerable,
    Identity,
    Subset,
    Concat,
    Union,
    Distinct,
    Repeat,
    Bootstrap,
    Project,
    Choose,
    OrderBy,
    Split,
    FoldSplit,
    Fit,
    FitTransform,
    Transform,
    Evaluate,
    CrossValidate,
    CollectionAdd,
    Deduplicate,
    Chain,
}

/// <summary>
/// Recognises ML.NET, MlAsCode and LINQ calls by metadata names only (the analyzer references no runtime assembly).
/// </summary>
internal static class LeakageApi
{
    public static (CallKind Kind, StepKind Step) Classify(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return (CallKind.Unknown, default);
        }

        var ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        var name = method.Name;
        if (ns == "System.Linq" && type.Name == "Enumerable")
        {
            return Linq(name);
        }

        if (ns.StartsWith("Microsoft.ML", StringComparison.Ordinal))
        {
            return MlNet(type.Name, name, method);
        }

        if (ns == "MlAsCode.Features")
        {
            return (type.Name, name) switch
            {
                ("FeatureSetDefinition", "Split") => (CallKind.Split, default),
                ("FeatureSetDefinition", "Folds") => (CallKind.FoldSplit, default),
                ("FeatureSetDefinition", "Fit") => (CallKind.Fit, default),
                ("FeatureSetDefinition", "FitTransform") => (CallKind.FitTransform, default),
                ("FeatureSetDefinition", "Deduplicate") => (CallKind.Deduplicate, default),
                ("FittedFeaturePipeline", "TransformBatch") => (CallKind.Transform, default),
                _ => (CallKind.Unknown, default),
            };
        }

        if (method.IsStatic && name is "ReadCsv" or "ParseCsv" or "ReadParquet" && IsFeatureSet(type))
        {
            return (CallKind.Load, default);
        }

        if (ns == "System" && type.Name == "Math" && name is "Max" or "Min")
        {
            return (CallKind.Choose, default);
        }

        if (ns.StartsWith("System.Collections", StringComparison.Ordinal))
        {
            return name switch
            {
                "Add" or "AddRange" or "Insert" or "InsertRange" or "Enqueue" or "Push" => (CallKind.CollectionAdd, default),
                "Sort" => (CallKind.Choose, default),
                "GetRange" => (CallKind.Subset, StepKind.Filter),
                _ => (CallKind.Unknown, default),
            };
        }

        return (CallKind.Unknown, default);
    }

    private static (CallKind, StepKind) Linq(string name) => name switch
    {
        "Where" => (CallKind.Subset, StepKind.Filter),
        "Take" or "SkipLast" or "TakeWhile" => (CallKind.Subset, StepKind.Head),
        "Skip" or "TakeLast" or "SkipWhile" => (CallKind.Subset, StepKind.Tail),
        "Concat" or "Append" or "Prepend" => (CallKind.Concat, default),
        "Union" or "UnionBy" => (CallKind.Union, default),
        "Distinct" or "DistinctBy" => (CallKind.Distinct, default),
        "Repeat" => (CallKind.Repeat, default),
        "Select" or "SelectMany" => (CallKind.Project, default),
        "Max" or "MaxBy" or "Min" or "MinBy" => (CallKind.Choose, default),
        "OrderBy" or "OrderByDescending" or "ThenBy" or "ThenByDescending" or "Order" or "OrderDescending" => (CallKind.OrderBy, default),
        _ => (CallKind.Identity, default),
    };

    private static (CallKind, StepKind) MlNet(string typeName, string name, IMethodSymbol method)
    {
        switch (name)
        {
            case "LoadFromTextFile" or "LoadFromBinary" or "LoadFromSvmLightFile" or "LoadFromSvmLightFileWithFeatureNames":
                return (CallKind.Load, default);
            case "LoadFromEnumerable":
                return (CallKind.LoadFromEnumerable, default);
            case "TrainTestSplit":
                return (CallKind.Split, default);
            case "CrossValidationSplit":
                return (CallKind.FoldSplit, default);
            case "FilterRowsByColumn" or "FilterRowsByMissingValues" or "FilterRowsByKeyColumnFraction":
                return (CallKind.Subset, StepKind.Filter);
            case "TakeRows":
                return (CallKind.Subset, StepKind.Head);
            case "SkipRows":
                return (CallKind.Subset, StepKind.Tail);
            case "ShuffleRows" or "Cache" or "CreateEnumerable":
                return (CallKind.Identity, default);
            case "BootstrapSample":
                return (CallKind.Bootstrap, default);
            case "Append":
                return (CallKind.Chain, default);
        }

        var takesData = method.Parameters.Length > 0 && IsDataView(method.Parameters[0].Type);
        if (name == "Fit" && takesData)
        {
            return (CallKind.Fit, default);
        }

        if (name == "Transform" && takesData)
        {
            return (CallKind.Transform, default);
        }

        if (typeName.EndsWith("Catalog", StringComparison.Ordinal) && takesData)
        {
            if (name.StartsWith("Evaluate", StringComparison.Ordinal))
            {
                return (CallKind.Evaluate, default);
            }

            if (name.StartsWith("CrossValidate", StringComparison.Ordinal))
            {
                return (CallKind.CrossValidate, default);
            }
        }

        return (CallKind.Unknown, default);
    }

    public static bool IsDataView(ITypeSymbol? type) =>
        type is { Name: "IDataView" } && type.ContainingNamespace?.ToDisplayString() == "Microsoft.ML";

    /// <summary>The result type of awaiting a <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c> (T), or the type itself.</summary>
    public static ITypeSymbol? Awaited(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task
        && task.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks"
            ? task.TypeArguments[0]
            : type;

    /// <summary>Whether values of a type can hold rows: an IDataView, a FeatureMatrix, or a collection.</summary>
    public static bool IsData(ITypeSymbol? type) =>
        type is not null && type.SpecialType != SpecialType.System_String
        && (IsDataView(type) || type.Name == "FeatureMatrix" || type is IArrayTypeSymbol
            || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable)
            || type.SpecialType == SpecialType.System_Collections_IEnumerable
            || type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T);

    public static bool IsFeatureSet(INamedTypeSymbol type) =>
        type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.FeatureSet);

    /// <summary>"Type.Property" of the [EventTime] member of a row type, or of the rows a collection type holds.</summary>
    public static string? TimeOrderOf(ITypeSymbol? type, int depth = 0)
    {
        if (type is null || depth > 3)
        {
            return null;
        }

        if (type is IArrayTypeSymbol array)
        {
            return TimeOrderOf(array.ElementType, depth + 1);
        }

        if (type is not INamedTypeSymbol named || named.SpecialType != SpecialType.None)
        {
            return null;
        }

        if (named.IsGenericType)
        {
            foreach (var argument in named.TypeArguments)
            {
                if (TimeOrderOf(argument, depth + 1) is { } inner)
                {
                    return inner;
                }
            }

            return null;
        }

        if (named.TypeKind is not (TypeKind.Class or TypeKind.Struct) || named.ContainingNamespace?.ToDisplayString().StartsWith("System", StringComparison.Ordinal) == true)
        {
            return null;
        }

        foreach (var member in named.GetMembers())
        {
            if (member is IPropertySymbol or IFieldSymbol
                && member.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.EventTime))
            {
                return named.Name + "." + member.Name;
            }
        }

        return null;
    }
}
