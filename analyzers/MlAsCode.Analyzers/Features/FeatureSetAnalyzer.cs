using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlAsCode.Analyzers.Common;
using MlAsCode.Common;

namespace MlAsCode.Analyzers.Features;

/// <summary>
/// Checks <c>[FeatureSet]</c> declarations against the methodology's Phase 2: no feature computed from the target (ML0101),
/// no protected attribute as a feature (ML0102), K-fold target encoding (ML0103), no one-hot explosion (ML0104),
/// mapped columns present in the declared source (ML0105), the naming convention (ML0107), and transforms that fit
/// their property (ML0108). The source CSV is read only when passed as an <c>AdditionalFiles</c> item.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FeatureSetAnalyzer : DiagnosticAnalyzer
{
    private const int MaxOneHotLevels = 20;

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DiagnosticDescriptors.FeatureFromTarget,
        DiagnosticDescriptors.ProtectedAsFeature,
        DiagnosticDescriptors.TargetEncodingWithoutFolds,
        DiagnosticDescriptors.HighCardinalityOneHot,
        DiagnosticDescriptors.ColumnMissingFromSource,
        DiagnosticDescriptors.TemporalPastEventTime,
        DiagnosticDescriptors.FeatureNameConvention,
        DiagnosticDescriptors.TransformUnfitForProperty,
        DiagnosticDescriptors.NotPartial,
        DiagnosticDescriptors.MetricUnfitForTask,
    ];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var featureSet = start.Compilation.GetTypeByMetadataName(AttributeNames.FeatureSet);
            if (featureSet is null)
            {
                return;
            }

            var sources = new SourceFiles(start.Options.AdditionalFiles);
            start.RegisterSymbolStartAction(symbolStart =>
            {
                var type = (INamedTypeSymbol)symbolStart.Symbol;
                var data = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, featureSet));
                if (data is null)
                {
                    return;
                }

                var references = new ConcurrentDictionary<ISymbol, ImmutableArray<ISymbol>>(SymbolEqualityComparer.Default);
                symbolStart.RegisterOperationBlockAction(block => Record(block, references));
                symbolStart.RegisterSymbolEndAction(end => Analyze(end, type, data, references, sources));
            }, SymbolKind.NamedType);
        });
    }

    /// <summary>Remembers which members each getter or method body reads, for the ML0101 walk.</summary>
    private static void Record(OperationBlockAnalysisContext block, ConcurrentDictionary<ISymbol, ImmutableArray<ISymbol>> references)
    {
        var owner = block.OwningSymbol switch
        {
            IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: { } property } => property,
            IMethodSymbol method => method.OriginalDefinition,
            _ => null,
        };
        if (owner is null)
        {
            return;
        }

        var read = block.OperationBlocks.SelectMany(o => o.DescendantsAndSelf()).Select(o => o switch
        {
            IPropertyReferenceOperation p => p.Property.OriginalDefinition,
            IInvocationOperation i => i.TargetMethod.OriginalDefinition,
            IFieldReferenceOperation f => f.Field.OriginalDefinition,
            _ => (ISymbol?)null,
        }).Where(s => s is not null).Select(s => s!).Distinct(SymbolEqualityComparer.Default).ToImmutableArray();
        references.AddOrUpdate(owner, read, (_, existing) => existing.AddRange(read));
    }

    private static void Analyze(
        SymbolAnalysisContext context, INamedTypeSymbol type, AttributeData data,
        ConcurrentDictionary<ISymbol, ImmutableArray<ISymbol>> references, SourceFiles sources)
    {
        var ct = context.CancellationToken;
        var set = AttributeArguments.Read(data, ct);
        if (!PartialDeclarations.AllPartial(type, ct))
        {
            var identifier = set.Syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>()?.Identifier.GetLocation() ?? type.Locations.FirstOrDefault();
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotPartial, identifier, type.Name));
        }

        var entity = set.String("Entity") is { Length: > 0 } e ? e : SnakeCase.From(type.Name);
        var sourcePath = set.String("Source");
        var source = sourcePath is null ? null : sources.Find(sourcePath, ct);
        // The problem's brief, read once for the checks below.
        var brief = ProblemDeclarations.Of(set.Named("Problem")?.Value as INamedTypeSymbol);
        var briefProtected = new HashSet<string>(brief?.ProtectedAttributes ?? [], StringComparer.OrdinalIgnoreCase);

        // Settable properties are loaded from the source; get-only ones with [Feature] are computed features.
        var properties = type.GetMembers().OfType<IPropertySymbol>()
            .Where(p => p is { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public } && !p.IsImplicitlyDeclared
                && (p.SetMethod is not null || Has(p, AttributeNames.Feature) || Has(p, AttributeNames.EntityKey)))
            .ToList();
        var target = properties.FirstOrDefault(p => Has(p, AttributeNames.Target));
        var eventTime = properties.FirstOrDefault(p => Has(p, AttributeNames.EventTime));
        var hasEventTime = eventTime is not null;
        var hasEntityKey = properties.Any(p => Has(p, AttributeNames.EntityKey));
        var eventTimeProblem = eventTime is null || FeatureKinds.IsEventTimeType(eventTime.Type)
            ? null
            : $"the [EventTime] property {eventTime.Name} is {eventTime.Type.ToDisplayString()}; it must be a non-nullable DateTime, DateTimeOffset or DateOnly";

        if (target is not null && source is not null && set.Named("Problem")?.Value is INamedTypeSymbol problemType)
        {
            CheckMetricAgainstData(context, problemType, brief, target, source, sourcePath!, set);
        }

        if (target?.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Target) is { } targetData
            && targetData.NamedArguments.FirstOrDefault(a => a.Key == "Transform").Value.Value is int transform && (TargetTransform)transform != TargetTransform.None)
        {
            var task = brief?.Task;
            var positive = targetData.NamedArguments.FirstOrDefault(a => a.Key == "Positive").Value.Value as string;
            if (FeatureKinds.TargetTransformProblem(target.Type, positive, task) is { } why)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TransformUnfitForProperty,
                    AttributeArguments.Read(targetData, ct).LocationOf("Transform") ?? target.Locations.FirstOrDefault(), target.Name, why));
            }
        }

        foreach (var property in properties)
        {
            var attributes = property.GetAttributes();
            var column = attributes.FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Column);
            var columnName = column?.ConstructorArguments.FirstOrDefault().Value as string;
            var candidates = columnName is not null ? new[] { columnName } : new[] { property.Name, SnakeCase.From(property.Name) };
            var sourceIndex = source is null ? -1 : candidates.Select(source.IndexOf).Where(i => i >= 0).DefaultIfEmpty(-1).First();
            if (source is not null && sourceIndex < 0 && property.SetMethod is not null)
            {
                var location = column is null ? property.Locations.FirstOrDefault() : AttributeArguments.Read(column, ct).LocationOfConstructorArgument(0);
                var header = string.Join(", ", source.Header.Take(12)) + (source.Header.Count > 12 ? ", ..." : "");
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ColumnMissingFromSource, location, property.Name,
                    string.Join(" or ", candidates.Distinct(StringComparer.OrdinalIgnoreCase).Select(c => $"'{c}'")), sourcePath, header));
            }

            foreach (var featureData in attributes.Where(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Feature))
            {
                var feature = AttributeArguments.Read(featureData, ct);
                CheckFeature(context, type, property, feature, entity, target, hasEventTime, hasEntityKey, eventTimeProblem, briefProtected, references,
                    source is not null && sourceIndex >= 0 ? source.Levels(sourceIndex) : (int?)null, source?.Header[Math.Max(sourceIndex, 0)]);
            }
        }
    }

    private static void CheckFeature(
        SymbolAnalysisContext context, INamedTypeSymbol type, IPropertySymbol property, AttributeArguments feature, string entity,
        IPropertySymbol? target, bool hasEventTime, bool hasEntityKey, string? eventTimeProblem, IReadOnlyCollection<string> briefProtected,
        ConcurrentDictionary<ISymbol, ImmutableArray<ISymbol>> references, int? levels, string? sourceColumn)
    {
        var transform = (Transform)(feature.Data.ConstructorArguments.Length == 1 && feature.Data.ConstructorArguments[0].Value is int t ? t : 0);
        var otherName = feature.String("Other");
        var other = otherName is null ? null : type.GetMembers(otherName).OfType<IPropertySymbol>().FirstOrDefault();

        var lags = feature.Named("Lags") is { Kind: TypedConstantKind.Array, IsNull: false } array
            ? array.Values.Select(v => v.Value is int l ? l : 0).ToArray()
            : [];
        var window = feature.String("Window");
        var temporal = new TemporalOptions(lags.Length, window, feature.Int("Aggregations"));
        var problem = FeatureKinds.Problem(transform, property.Type, other, feature.Int("Cycle") != 0, hasEventTime, hasEntityKey, temporal)
            ?? (transform is Transform.Lag or Transform.Rolling or Transform.TimeSince ? eventTimeProblem : null)
            ?? FeatureKinds.OptionProblem(transform, feature, target);
        if (problem is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TransformUnfitForProperty, feature.NameLocation, property.Name, problem));
        }

        // The other property of an interaction is read just like the feature itself.
        if (other is not null && target is not null && SymbolEqualityComparer.Default.Equals(other, target))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.FeatureFromTarget, feature.LocationOf("Other"), property.Name, target.Name, " (as its Other)"));
        }

        if (other is not null && (Has(other, AttributeNames.Protected) || briefProtected.Contains(other.Name) || briefProtected.Contains(SnakeCase.From(other.Name))))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ProtectedAsFeature, feature.LocationOf("Other"), other.Name, $" (the Other of {property.Name})"));
        }

        if (transform == Transform.Lag && lags.FirstOrDefault(l => l < 1) is var bad && lags.Any(l => l < 1))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TemporalPastEventTime, feature.LocationOf("Lags"), property.Name,
                $"lag {bad} reads {(bad == 0 ? "the row itself" : "a later event")}; lags start at 1 (the previous event)"));
        }

        if (transform == Transform.Rolling && window is not null && Windows.ReachesPastEvent(window))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TemporalPastEventTime, feature.LocationOf("Window"), property.Name,
                $"window \"{window}\" does not end at the event time; give a positive length such as \"7d\""));
        }

        if (Has(property, AttributeNames.Protected))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ProtectedAsFeature, feature.NameLocation, property.Name, " ([Protected])"));
        }
        else if (briefProtected.Contains(property.Name) || briefProtected.Contains(SnakeCase.From(property.Name)))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ProtectedAsFeature, feature.NameLocation, property.Name, " (protected in the problem brief)"));
        }

        if (transform == Transform.TargetEncode && feature.Int("Folds") < 2)
        {
            var location = feature.Has("Folds") ? feature.LocationOf("Folds") : feature.NameLocation;
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TargetEncodingWithoutFolds, location, property.Name,
                feature.Has("Folds") ? feature.Int("Folds").ToString(System.Globalization.CultureInfo.InvariantCulture) : "none"));
        }

        if (transform == Transform.OneHot && levels > MaxOneHotLevels)
        {
            var count = levels > CsvSource.LevelCap ? $"over {CsvSource.LevelCap}" : levels.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HighCardinalityOneHot, feature.NameLocation, property.Name, count, sourceColumn, MaxOneHotLevels));
        }

        if (feature.String("Name") is { } name && !FollowsConvention(name, entity))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.FeatureNameConvention, feature.LocationOf("Name"), name, entity));
        }

        if (target is not null && ReadsTarget(property, target, references) is { } via)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.FeatureFromTarget, property.Locations.FirstOrDefault(), property.Name, target.Name, via));
        }
    }

    /// <summary>" (it is the target)", " (through 'X')", "" when read directly, or <c>null</c> when the target is not reached.</summary>
    private static string? ReadsTarget(IPropertySymbol feature, IPropertySymbol target, ConcurrentDictionary<ISymbol, ImmutableArray<ISymbol>> references)
    {
        if (SymbolEqualityComparer.Default.Equals(feature, target))
        {
            return " (it is the target)";
        }

        var visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { feature };
        var queue = new Queue<(ISymbol Symbol, ISymbol? Through)>();
        queue.Enqueue((feature, null));
        while (queue.Count > 0)
        {
            var (symbol, through) = queue.Dequeue();
            if (!references.TryGetValue(symbol, out var read))
            {
                continue;
            }

            foreach (var next in read)
            {
                if (SymbolEqualityComparer.Default.Equals(next, target))
                {
                    return through is null ? "" : $" (through '{through.Name}')";
                }

                if (visited.Add(next))
                {
                    queue.Enqueue((next, through ?? next));
                }
            }
        }

        return null;
    }

    private static bool FollowsConvention(string name, string entity)
    {
        var prefix = SnakeCase.From(entity) + "_";
        return name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal)
            && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')
            && name[0] is >= 'a' and <= 'z' && !name.Contains("__") && !name.EndsWith("_", StringComparison.Ordinal);
    }

    private static bool Has(IPropertySymbol property, string attribute) =>
        property.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attribute);

    // ML0004 from the data: a binary problem scored on accuracy, without a declared positive rate, whose source shows a
    // rare class. (With a declared rate the problem brief analyzer checks the declaration.)
    private static void CheckMetricAgainstData(SymbolAnalysisContext context, INamedTypeSymbol problemType, Declarations.ProblemDeclaration? brief, IPropertySymbol target, CsvSource source, string sourcePath, AttributeArguments set)
    {
        // Only a binary brief on accuracy that states no positive rate: the data then says what the brief did not.
        if (brief is not { Task: MlTask.BinaryClassification, Metric: Metric.Accuracy, PositiveRate: null })
        {
            return;
        }

        var targetData = target.GetAttributes().First(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Target);
        var positive = targetData.NamedArguments.FirstOrDefault(a => a.Key == "Positive").Value.Value as string;
        var column = new[] { target.Name, SnakeCase.From(target.Name) }.Select(source.IndexOf).Where(i => i >= 0).DefaultIfEmpty(-1).First();
        if (column < 0 || source.NonEmpty(column) is not int labelled || labelled == 0
            || source.Count(column, positive is null ? ["1", "true", "True", "TRUE"] : [positive]) is not int positives)
        {
            return;
        }

        var rate = (double)positives / labelled;
        if (Math.Min(rate, 1 - rate) < ProblemFraming.MetricFitness.ImbalancedPositiveRate)
        {
            var share = rate.ToString("0.#%", System.Globalization.CultureInfo.InvariantCulture);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MetricUnfitForTask, set.LocationOf("Problem"),
                $"Accuracy hides a rare class: in {sourcePath}, {positives} of {labelled} rows ({share}) have {source.Header[column].Trim()} = {positive ?? "1"}, so the minority class is under 20% and always predicting the majority scores high; problem '{problemType.Name}' should use PrAuc or F1"));
        }
    }
}
