using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MlAsCode.Analyzers.Common;
using MlAsCode.Declarations;
using MlAsCode.Common;

namespace MlAsCode.Analyzers.Serving;

/// <summary>
/// Checks <c>[Serve]</c> declarations against the methodology's production serving checklist: monitoring (ML0501), a
/// rules-based fallback that fits the feature set (ML0502), an A/B test with guardrails and a week (ML0503), and a model
/// timeout within the problem brief's latency class (ML0504); and that a project which references the runtime also
/// references the package that serves the declaration (ML0506).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ServeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DiagnosticDescriptors.ServedWithoutMonitor,
        DiagnosticDescriptors.ServedWithoutFallback,
        DiagnosticDescriptors.TimeoutBeyondLatencyClass,
        DiagnosticDescriptors.AbTestWithoutGuardrails,
        DiagnosticDescriptors.ServeWithoutProblem,
        DiagnosticDescriptors.ServedWithoutServingPackage,
    ];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var serve = start.Compilation.GetTypeByMetadataName(AttributeNames.Serve);
            if (serve is not null)
            {
                // What the generators need to write a service: the runtime for a model, the RAG runtime for a pipeline,
                // each with its serving package. A project with the attributes alone generates nothing and is not told.
                var packages = new ServingPackages(
                    Model: start.Compilation.GetTypeByMetadataName(KnownTypes.FeatureSetDefinition) is null ? null : start.Compilation.GetTypeByMetadataName(KnownTypes.ServingExtensions) is not null,
                    Rag: start.Compilation.GetTypeByMetadataName(KnownTypes.RagEngine) is null ? null : start.Compilation.GetTypeByMetadataName(KnownTypes.RagServiceExtensions) is not null);
                var compilation = start.Compilation;
                start.RegisterSyntaxTreeAction(DeclarationScan.For(compilation, serve, (type, sink) => Analyze(type, sink, compilation, serve, packages)));
            }
        });
    }

    // For each kind of service: null when its runtime is not referenced (nothing is generated either way), else whether
    // its serving package is.
    private sealed record ServingPackages(bool? Model, bool? Rag);

    private static void Analyze(INamedTypeSymbol type, DiagnosticSink context, Compilation compilation, INamedTypeSymbol serveAttribute, ServingPackages packages)
    {
        var data = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, serveAttribute));
        if (data is null)
        {
            return;
        }

        // A [RagPipeline] serves its own pipeline: the tabular checklist (drift monitor, fallback rules) is not its.
        var rag = type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.RagPipeline);
        if ((rag ? packages.Rag : data.ConstructorArguments.Length == 1 ? packages.Model : null) == false)
        {
            var suffix = type.Name.EndsWith("Service", System.StringComparison.Ordinal) || rag ? type.Name : type.Name + "Service";
            context.Report(DiagnosticDescriptors.ServedWithoutServingPackage, AttributeArguments.Read(data, context.CancellationToken).NameLocation,
                type.Name, rag ? "MlAsCode.Rag.Serving" : "MlAsCode.Serving", suffix);
        }

        if (rag)
        {
            return;
        }

        var serve = AttributeArguments.Read(data, context.CancellationToken);
        var problem = data.ConstructorArguments.Length == 1 ? data.ConstructorArguments[0].Value as INamedTypeSymbol : null;
        if (data.ConstructorArguments.Length == 0)
        {
            // [Serve] alone serves a [RagPipeline] (handled above); elsewhere it serves nothing.
            context.Report(DiagnosticDescriptors.ServeWithoutProblem, serve.NameLocation, type.Name);
            return;
        }
        var row = serve.Named("Features")?.Value as INamedTypeSymbol ?? (problem is null ? null : ProblemFeatureSets.Find(compilation, problem, context.CancellationToken));
        CheckFallback(context, type, serve, row);
        if (!type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Monitor))
        {
            context.Report(DiagnosticDescriptors.ServedWithoutMonitor, serve.NameLocation, type.Name);
        }

        // The values through the one declaration reader (as the service will read them), once; locations from the syntax.
        var test = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.AbTest);
        var declared = ServeDeclaration.Read(AttributeViews.From(data), test is null ? null : AttributeViews.From(test), null);
        if (problem is not null)
        {
            CheckTimeout(context, type, serve, declared, problem);
        }

        if (test is not null)
        {
            CheckAbTest(context, test, declared.AbTest);
        }
    }

    private static void CheckAbTest(DiagnosticSink context, AttributeData data, AbTestDeclaration? declared)
    {
        var test = AttributeArguments.Read(data, context.CancellationToken);
        var name = declared?.Name ?? "";
        if ((declared?.GuardrailMetrics?.Count ?? 0) == 0)
        {
            context.Report(DiagnosticDescriptors.AbTestWithoutGuardrails, test.LocationOf("GuardrailMetrics") ?? test.NameLocation, name,
                "declares no guardrail metrics: add GuardrailMetrics = new[] { \"latency_p99\", \"error_rate\" } (metrics that must not degrade)");
        }

        var days = declared?.PlannedDays ?? 0;
        if (days < 7)
        {
            context.Report(DiagnosticDescriptors.AbTestWithoutGuardrails, test.LocationOf("PlannedDays") ?? test.NameLocation, name,
                days == 0 ? "declares no PlannedDays: plan at least 7 days so weekly cycles do not decide the test"
                    : $"is planned for {days} days: plan at least 7 so weekly cycles do not decide the test");
        }
    }

    private static void CheckFallback(DiagnosticSink context, INamedTypeSymbol type, AttributeArguments serve, INamedTypeSymbol? row)
    {
        var rowName = row?.Name ?? "the feature set's row";
        var fallback = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Fallback);
        if (fallback is null)
        {
            context.Report(DiagnosticDescriptors.ServedWithoutFallback, serve.NameLocation, type.Name, "has no [Fallback]", rowName);
            return;
        }

        var method = fallback.ConstructorArguments.Length == 1 ? fallback.ConstructorArguments[0].Value as string : null;
        var candidates = method is null ? [] : type.GetMembers(method).OfType<IMethodSymbol>().ToList();
        var fits = candidates.Any(m => m.IsStatic && m.Parameters.Length == 1 && m.ReturnType.SpecialType == SpecialType.System_Double
            && (row is null || SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, row)));
        if (!fits)
        {
            var location = AttributeArguments.Read(fallback, context.CancellationToken).LocationOfConstructorArgument(0) ?? serve.NameLocation;
            var why = candidates.Count == 0 ? $"names '{method}', which is not a method of {type.Name}" : $"names '{method}', which is not static double {method}({rowName})";
            context.Report(DiagnosticDescriptors.ServedWithoutFallback, location, type.Name, why, rowName);
        }
    }

    private static void CheckTimeout(DiagnosticSink context, INamedTypeSymbol type, AttributeArguments serve, ServeDeclaration declared, INamedTypeSymbol problem)
    {
        var (limit, name, promise) = ProblemDeclarations.Of(problem)?.Latency switch
        {
            LatencyClass.RealTime => (100, "real-time", "under 100 ms"),
            LatencyClass.NearRealTime => (1000, "near-real-time", "under 1 s"),
            _ => (int.MaxValue, "", ""),
        };
        var timeout = declared.TimeoutMs;
        if (timeout > limit)
        {
            context.Report(DiagnosticDescriptors.TimeoutBeyondLatencyClass, serve.LocationOf("TimeoutMs") ?? serve.NameLocation,
                type.Name, timeout, problem.Name, name, promise);
        }
    }
}
