using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace MlAsCode.Common;

/// <summary>
/// The <c>[FeatureSet]</c> declared for a problem (<c>[FeatureSet(Problem = typeof(...))]</c>) in the compilation's own
/// source, for the analyzers' checks of a served problem (the serve generator uses a cached [FeatureSet] provider).
/// </summary>
internal static class ProblemFeatureSets
{
    public static INamedTypeSymbol? Find(Compilation compilation, INamedTypeSymbol problem, CancellationToken cancellationToken)
    {
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var member in pending.Pop().GetMembers())
            {
                if (member is INamespaceOrTypeSymbol container)
                {
                    pending.Push(container);
                }

                if (member is INamedTypeSymbol candidate
                    && candidate.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.FeatureSet) is { } set
                    && set.NamedArguments.FirstOrDefault(a => a.Key == "Problem").Value.Value is INamedTypeSymbol linked
                    && SymbolEqualityComparer.Default.Equals(linked, problem))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
