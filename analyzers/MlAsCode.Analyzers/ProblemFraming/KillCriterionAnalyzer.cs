using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MlAsCode.Analyzers.Common;
using MlAsCode.Declarations;
using MlAsCode.Common;

namespace MlAsCode.Analyzers.ProblemFraming;

/// <summary>
/// ML0008 (information): a <c>[KillCriterion]</c> on a problem brief that no experiment run can check — words only,
/// a checkable kind without its <c>Threshold</c>, or a latency criterion with neither a threshold nor a latency class
/// that has a budget.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KillCriterionAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.KillCriterionUnchecked];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var problem = start.Compilation.GetTypeByMetadataName(AttributeNames.MlProblem);
            var kill = start.Compilation.GetTypeByMetadataName(AttributeNames.KillCriterion);
            if (problem is null || kill is null)
            {
                return;
            }

            start.RegisterSyntaxTreeAction(DeclarationScan.For(start.Compilation, problem, (type, sink) => Analyze(type, sink, problem, kill)));
        });
    }

    private static void Analyze(INamedTypeSymbol type, DiagnosticSink context, INamedTypeSymbol problemType, INamedTypeSymbol killType)
    {
        var attributes = type.GetAttributes();
        var problem = attributes.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, problemType));
        if (problem is null)
        {
            return;
        }

        var latency = ProblemDeclarations.Of(type)?.Latency ?? LatencyClass.Unspecified;
        foreach (var data in attributes.Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, killType)))
        {
            // The criterion as the runs read it (no text: not a criterion; no Threshold written: NaN).
            if (KillCriterionDeclaration.Read(AttributeViews.From(data)) is not { } kill)
            {
                continue;
            }

            var unlimited = double.IsNaN(kill.Threshold);
            var reason = kill.When switch
            {
                KillWhen.Unchecked => "is words only, so no run can check it: add When and Threshold (e.g. When = KillWhen.BaselineShareAbove, Threshold = 0.9)",
                KillWhen.LatencyAbove when unlimited && latency is not (LatencyClass.RealTime or LatencyClass.NearRealTime) =>
                    "has no Threshold and the brief's latency class has no budget to fall back on: give the limit in milliseconds",
                KillWhen.LatencyAbove => null,
                _ when unlimited => $"checks {kill.When} but gives no Threshold to compare with",
                _ => null,
            };
            if (reason is not null)
            {
                context.Report(DiagnosticDescriptors.KillCriterionUnchecked, AttributeArguments.Read(data, context.CancellationToken).NameLocation ?? type.Locations.FirstOrDefault(), kill.Text, reason);
            }
        }
    }
}
