using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using MlAsCode.Common;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using MlAsCode.Analyzers.Common;

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
            start.RegisterSymbolAction(ctx => Analyze(ctx, problem, baseline, kill), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol problemType, INamedTypeSymbol? baselineType, INamedTypeSymbol? killType)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attributes = type.GetAttributes();
        var problemData = attributes.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, problemType));
        if (problemData is null)
        {
            return;
        }

        var ct = context.CancellationToken;
        var problem = AttributeArguments.Read(problemData, ct);
        var identifier = (problem.Syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>()?.Identifier.GetLocation()) ?? type.Locations.FirstOrDefault();
        var name = type.Name;
        var task = (MlTask)problem.Int("Task");

        CheckPartial(context, type, identifier);

        var killCriteria = attributes
            .Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, killType))
            .Count(a => a.ConstructorArguments.Length == 1 && !string.IsNullOrWhiteSpace(a.ConstructorArguments[0].Value as string));
        if (killCriteria == 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NoKillCriteria, identifier, name));
        }

        var baselineData = attributes.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, baselineType));
        if (baselineData is null)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Task, task.ToString());
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NoBaseline, identifier, properties, name));
        }
        else
        {
            BaselineChecks.Check(context, type, task, AttributeArguments.Read(baselineData, ct), problem);
        }

        CheckRequiredFields(context, problem, identifier, name, task);
        CheckMetric(context, problem, task, problem);
        if (MetricFitness.InvalidPositiveRate(problem.Double("PositiveRate")) is { } invalidRate)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MetricUnfitForTask, problem.LocationOf("PositiveRate"), invalidRate));
        }

        CheckProtected(context, problem, name);
    }

    private static void CheckPartial(SymbolAnalysisContext context, INamedTypeSymbol type, Location? identifier)
    {
        if (!PartialDeclarations.AllPartial(type, context.CancellationToken))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotPartial, identifier, type.Name));
        }
    }

    private static void CheckRequiredFields(SymbolAnalysisContext context, AttributeArguments problem, Location? identifier, string name, MlTask task)
    {
        if (problem.Data.ConstructorArguments.Length == 1 && string.IsNullOrWhiteSpace(problem.Data.ConstructorArguments[0].Value as string))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.EmptyBriefField, problem.LocationOfConstructorArgument(0), name, "name"));
        }

        foreach (var (property, words) in new[]
                 {
                     ("BusinessObjective", "business objective"),
                     ("SuccessMetric", "success metric"),
                     ("PredictionTarget", "prediction target"),
                 })
        {
            if (!problem.Has(property))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.EmptyBriefField, identifier, name, words));
            }
            else if (string.IsNullOrWhiteSpace(problem.String(property)))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.EmptyBriefField, problem.LocationOf(property), name, words));
            }
        }

        if (task == MlTask.Unspecified)
        {
            var location = problem.Has("Task") ? problem.LocationOf("Task") : identifier;
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.EmptyBriefField, location, name, "task type (Task = MlTask....)"));
        }
    }

    /// <summary>Reports the metric declared on <paramref name="owner"/> (the brief or its baseline) when it does not fit.</summary>
    internal static void CheckMetric(SymbolAnalysisContext context, AttributeArguments owner, MlTask task, AttributeArguments problem)
    {
        var reason = MetricFitness.Unfit(
            task,
            (Metric)owner.Int("Metric"),
            problem.Double("PositiveRate"),
            problem.Named("OutliersMustNotDominate")?.Value is true);
        if (reason is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MetricUnfitForTask, owner.LocationOf("Metric"), reason));
        }
    }

    private static void CheckProtected(SymbolAnalysisContext context, AttributeArguments problem, string name)
    {
        var values = problem.Named("ProtectedAttributes") is { Kind: TypedConstantKind.Array, IsNull: false } array
            ? array.Values.Select(v => v.Value as string).Where(v => !string.IsNullOrWhiteSpace(v)).ToList()
            : new List<string?>();
        if (values.Count > 0 && string.IsNullOrWhiteSpace(problem.String("EthicalConsiderations")))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ProtectedWithoutEthics, problem.LocationOf("ProtectedAttributes"), name, string.Join(", ", values)));
        }
    }
}
