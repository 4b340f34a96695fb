using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlAsCode.Analyzers.Common;

/// <summary>
/// Finds the types that carry one MlAsCode attribute by reading syntax first: a tree whose type declarations name no
/// such attribute costs a walk over its declarations (never into method bodies), and only a declaration that names it
/// is bound. A symbol action instead makes the analyzer driver raise an event for every symbol of every compilation —
/// measured at several times the cost on a project of 200 briefs (docs/benchmarks.md) — and analyzers run on every
/// keystroke in the IDE. Generated trees are skipped (<c>ConfigureGeneratedCodeAnalysis(None)</c>). The attribute is
/// recognized by its written name (<c>MlProblem</c>, <c>MlProblemAttribute</c>, qualified or not); a <c>using</c> alias
/// that renames it is not followed.
/// </summary>
internal static class DeclarationScan
{
    /// <summary>The syntax tree action (register it on the compilation start) that calls <paramref name="analyze"/> for
    /// each type declared with <paramref name="attribute"/> in a tree, with a sink that reports into that tree.</summary>
    public static Action<SyntaxTreeAnalysisContext> For(Compilation compilation, INamedTypeSymbol attribute, Action<INamedTypeSymbol, DiagnosticSink> analyze)
    {
        var full = attribute.Name;
        var shortName = full.EndsWith("Attribute", StringComparison.Ordinal) ? full.Substring(0, full.Length - "Attribute".Length) : full;
        return tree =>
        {
            SemanticModel? model = null;
            var root = tree.Tree.GetRoot(tree.CancellationToken);
            foreach (var node in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                if (node is not TypeDeclarationSyntax declaration || !Names(declaration, shortName, full))
                {
                    continue;
                }

#pragma warning disable RS1030 // Only declarations whose syntax names the attribute are bound: see the class summary.
                model ??= compilation.GetSemanticModel(tree.Tree);
#pragma warning restore RS1030
                if (model.GetDeclaredSymbol(declaration, tree.CancellationToken) is { } symbol
                    && symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)
                        && a.ApplicationSyntaxReference?.SyntaxTree == tree.Tree && declaration.Span.Contains(a.ApplicationSyntaxReference.Span)))
                {
                    analyze(symbol, new DiagnosticSink(tree.ReportDiagnostic, tree.Tree, declaration.Identifier.GetLocation(), tree.CancellationToken));
                }
            }
        };
    }

    // Whether one of the declaration's own attribute lists names the attribute (Name, NameAttribute, qualified or not).
    private static bool Names(TypeDeclarationSyntax declaration, string shortName, string full)
    {
        foreach (var list in declaration.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                var name = attribute.Name switch
                {
                    QualifiedNameSyntax q => q.Right.Identifier.ValueText,
                    AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
                    SimpleNameSyntax s => s.Identifier.ValueText,
                    _ => "",
                };
                if (name == shortName || name == full)
                {
                    return true;
                }
            }
        }

        return false;
    }
}

/// <summary>Where an analysis reports: a location in another tree than the one analyzed (an attribute on another part
/// of a partial type) is reported on the declaration's name instead, since a tree's analysis may only report in it.</summary>
internal readonly struct DiagnosticSink
{
    private readonly Action<Diagnostic> _report;
    private readonly SyntaxTree? _tree;
    private readonly Location? _fallback;

    public DiagnosticSink(Action<Diagnostic> report, SyntaxTree? tree, Location? fallback, CancellationToken cancellationToken)
    {
        _report = report;
        _tree = tree;
        _fallback = fallback;
        CancellationToken = cancellationToken;
    }

    public CancellationToken CancellationToken { get; }

    public void Report(DiagnosticDescriptor descriptor, Location? location, params object?[] arguments) =>
        Report(descriptor, location, null, arguments);

    public void Report(DiagnosticDescriptor descriptor, Location? location, ImmutableDictionary<string, string?>? properties, params object?[] arguments)
    {
        if (_tree is not null && location is { IsInSource: true } && location.SourceTree != _tree)
        {
            location = _fallback;
        }

        _report(Diagnostic.Create(descriptor, location, properties, arguments));
    }
}
