using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlAsCode.Analyzers.Common;

namespace MlAsCode.Analyzers.Leakage;

/// <summary>
/// Data leakage in users' own training code: preprocessing fitted on test rows (ML0201), rows shared by training and
/// test (ML0202), a holdout used to choose among candidates (ML0203), and random splits of time-ordered data (ML0204).
/// Each method body is interpreted on its own; helper methods it calls are followed one level deep.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LeakageAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DiagnosticDescriptors.PreprocessingLeakage,
        DiagnosticDescriptors.OverlapLeakage,
        DiagnosticDescriptors.HoldoutReused,
        DiagnosticDescriptors.RandomSplitOfTimeOrderedData,
    ];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Code that references neither ML.NET nor MlAsCode cannot leak through them.
            if (start.Compilation.GetTypeByMetadataName("Microsoft.ML.IDataView") is null
                && start.Compilation.GetTypeByMetadataName(KnownTypes.FeatureSetDefinition) is null)
            {
                return;
            }

            var model = new LeakageModel(start.Compilation, start.CancellationToken);
            start.RegisterOperationAction(action =>
            {
                var body = action.Operation switch
                {
                    IMethodBodyOperation method => (IOperation?)method.BlockBody ?? method.ExpressionBody,
                    IConstructorBodyOperation constructor => constructor.BlockBody ?? constructor.ExpressionBody,
                    _ => null,
                };
                if (body is null)
                {
                    return;
                }

                foreach (var report in model.Analyze(body, inlineHelpers: true).Reports)
                {
                    // Every descriptor MethodAnalysis reports is one of SupportedDiagnostics.
#pragma warning disable RS1005
                    action.ReportDiagnostic(Diagnostic.Create(report.Descriptor, report.Location, report.Message));
#pragma warning restore RS1005
                }
            }, OperationKind.MethodBody, OperationKind.ConstructorBody);
        });
    }
}
