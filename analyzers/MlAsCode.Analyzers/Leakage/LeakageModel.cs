using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlAsCode.Analyzers.Leakage;

/// <summary>Per compilation: the bodies of helper methods and what each reports on its own, both cached.</summary>
internal sealed class LeakageModel
{
    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellation;
    private readonly ConcurrentDictionary<IMethodSymbol, IOperation?> _bodies = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<(string, Location)>> _standalone = new(SymbolEqualityComparer.Default);

    public LeakageModel(Compilation compilation, CancellationToken cancellation)
    {
        _compilation = compilation;
        _cancellation = cancellation;
    }

    /// <summary>Interprets a body and decides the rules; helpers are followed one level deep when asked.</summary>
    public MethodAnalysis Analyze(IOperation body, bool inlineHelpers)
    {
        var analysis = new MethodAnalysis(inlineHelpers);
        new Interpreter(this, analysis, null).Run(body);
        analysis.Finish();
        return analysis;
    }

    /// <summary>The body of a method (or local function) declared in this compilation, or null.</summary>
    public IOperation? Body(IMethodSymbol method)
    {
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction) || method.DeclaringSyntaxReferences.IsEmpty)
        {
            return null;
        }

        return _bodies.GetOrAdd(method.OriginalDefinition, FindBody);
    }

    private IOperation? FindBody(IMethodSymbol method)
    {
        var reference = (method.PartialImplementationPart ?? method).DeclaringSyntaxReferences.FirstOrDefault();
        if (reference is null || !_compilation.ContainsSyntaxTree(reference.SyntaxTree))
        {
            return null;
        }

        // Helpers may be declared in another file; their operations need that file's semantic model. Bodies are
        // cached, so each helper's model is asked for once per compilation.
#pragma warning disable RS1030
        var model = _compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
        return model.GetOperation(reference.GetSyntax(_cancellation), _cancellation) switch
        {
            IMethodBodyOperation body => (IOperation?)body.BlockBody ?? body.ExpressionBody,
            ILocalFunctionOperation local => local.Body,
            _ => null,
        };
    }

    /// <summary>What a helper reports when analysed alone (without following its own helpers).</summary>
    public ImmutableArray<(string Id, Location Location)> Standalone(IMethodSymbol method) =>
        _standalone.GetOrAdd(method, m => Body(m) is { } body
            ? [.. Analyze(body, inlineHelpers: false).Reports.Select(r => (r.Descriptor.Id, r.Original))]
            : []);
}
