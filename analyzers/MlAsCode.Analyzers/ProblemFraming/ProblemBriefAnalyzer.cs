using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using MlAsCode.Common;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using MlAsCode.Analyzers.Common;
using MlAsCode.Declarations;

namespace MlAsCode.Analyzers.ProblemFraming;

/// <summary>
/// Checks each <c>[MlProblem]</c> brief against the methodology's Phase 1: kill criteria (ML0001), a baseline (ML0002)
/// that can be computed or compared (ML0006), the required fields (ML0003), a metric that fits the task (ML0004),
/// ethical considerations when protected attributes are declared (ML0005), and a partial declaration (ML0007).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProblemBriefAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DiagnosticDescriptors.NoKillCriteria,
        DiagnosticDescriptors.NoBaseline,
        DiagnosticDescriptors.EmptyBriefField,
        DiagnosticDescriptors.MetricUnfitForTask,
        DiagnosticDescriptors.ProtectedWithoutEthics,
        DiagnosticDescriptors.BaselineNotComparable,
        DiagnosticDescriptors.NotPartial,
    ];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var problem = start.Compilation.GetTypeByMetadataName(AttributeNames.MlProblem);
            if (problem is null)
            {
                return;
            }

            var baseline = start.Compilation.GetTypeByMetadataName(AttributeNames.Baseline);
            var kill = start.Compilation.GetTypeByMetadataName(AttributeNames.KillCriterion);
            start.RegisterSyntaxTreeAction(DeclarationScan.For(start.Compilation, problem, (type, sink) => Analyze(type, sink, problem, baseline, kill)));
        });
    }

    private static void Analyze(INamedTypeSymbol type, DiagnosticSink context, INamedTypeSymbol problemType, INamedTypeSymbol? baselineType, INamedTypeSymbol? killType)
    {
        var attributes = type.GetAttributes();
        var problemData = attributes.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, problemType));
        if (problemData is null)
        {
            return;
        }

        // The values through the one declaration reader; the written arguments (AttributeArguments) for locations only.
        var ct = context.CancellationToken;
        var problem = AttributeArguments.Read(problemData, ct);
        var baselineData = attributes.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, baselineType));
        var declaration = ProblemDeclaration.Read(AttributeViews.From(problemData), baselineData is null ? null : AttributeViews.From(baselineData),
            attributes.Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, killType)).Select(AttributeViews.From));
        var identifier = (problem.Syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>()?.Identifier.GetLocation()) ?? type.Locations.FirstOrDefault();
        var name = type.Name;
        var task = declaration.Task;

        CheckPartial(context, type, identifier);

        if (declaration.KillCriteria.Count == 0)
        {
            context.Report(DiagnosticDescriptors.NoKillCriteria, identifier, name);
        }

        if (baselineData is null || declaration.Baseline is null)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Task, task.ToString());
            context.Report(DiagnosticDescriptors.NoBaseline, identifier, properties, name);
        }
        else
        {
            BaselineChecks.Check(context, type, declaration, declaration.Baseline, AttributeArguments.Read(baselineData, ct));
        }

        CheckRequiredFields(context, declaration, problem, identifier, name);
        CheckMetric(context, declaration.Metric, problem.LocationOf(ProblemDeclaration.Names.Metric), declaration);
        if (MetricFitness.InvalidPositiveRate(declaration.PositiveRate) is { } invalidRate)
        {
            context.Report(DiagnosticDescriptors.MetricUnfitForTask, problem.LocationOf(ProblemDeclaration.Names.PositiveRate), invalidRate);
        }

        if (declaration.ProtectedAttributes.Count > 0 && string.IsNullOrWhiteSpace(declaration.EthicalConsiderations))
        {
            context.Report(
                DiagnosticDescriptors.ProtectedWithoutEthics, problem.LocationOf(ProblemDeclaration.Names.ProtectedAttributes), name, string.Join(", ", declaration.ProtectedAttributes));
        }
    }

    private static void CheckPartial(DiagnosticSink context, INamedTypeSymbol type, Location? identifier)
    {
        if (!PartialDeclarations.AllPartial(type, context.CancellationToken))
        {
            context.Report(DiagnosticDescriptors.NotPartial, identifier, type.Name);
        }
    }

    private static void CheckRequiredFields(DiagnosticSink context, ProblemDeclaration declaration, AttributeArguments problem, Location? identifier, string name)
    {
        if (problem.Data.ConstructorArguments.Length == 1 && string.IsNullOrWhiteSpace(declaration.Name))
        {
            context.Report(DiagnosticDescriptors.EmptyBriefField, problem.LocationOfConstructorArgument(0), name, "name");
        }

        foreach (var (property, value, words) in new[]
                 {
                     (ProblemDeclaration.Names.BusinessObjective, declaration.BusinessObjective, "business objective"),
                     (ProblemDeclaration.Names.SuccessMetric, declaration.SuccessMetric, "success metric"),
                     (ProblemDeclaration.Names.PredictionTarget, declaration.PredictionTarget, "prediction target"),
                 })
        {
            if (!problem.Has(property))
            {
                context.Report(DiagnosticDescriptors.EmptyBriefField, identifier, name, words);
            }
            else if (string.IsNullOrWhiteSpace(value))
            {
                context.Report(DiagnosticDescriptors.EmptyBriefField, problem.LocationOf(property), name, words);
            }
        }

        if (declaration.Task == MlTask.Unspecified)
        {
            var location = problem.Has(ProblemDeclaration.Names.Task) ? problem.LocationOf(ProblemDeclaration.Names.Task) : identifier;
            context.Report(DiagnosticDescriptors.EmptyBriefField, location, name, "task type (Task = MlTask....)");
        }
    }

    /// <summary>Reports <paramref name="metric"/> (the brief's or its baseline's, declared at <paramref name="location"/>)
    /// when it does not fit the problem.</summary>
    internal static void CheckMetric(DiagnosticSink context, Metric metric, Location? location, ProblemDeclaration problem)
    {
        var reason = MetricFitness.Unfit(problem.Task, metric, problem.PositiveRate, problem.OutliersMustNotDominate);
        if (reason is not null)
        {
            context.Report(DiagnosticDescriptors.MetricUnfitForTask, location, reason);
        }
    }
}
