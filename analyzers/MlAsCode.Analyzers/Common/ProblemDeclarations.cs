using System.Linq;
using Microsoft.CodeAnalysis;
using MlAsCode.Common;
using MlAsCode.Declarations;

namespace MlAsCode.Analyzers.Common;

/// <summary>The brief declared on a problem type, through the one declaration reader, for the analyzers that check a
/// declaration against its problem (experiments, serving, kill criteria, feature sets).</summary>
internal static class ProblemDeclarations
{
    /// <summary>The brief on <paramref name="problem"/>, or null when it declares no <c>[MlProblem]</c>.</summary>
    public static ProblemDeclaration? Of(INamedTypeSymbol? problem)
    {
        var attributes = problem?.GetAttributes() ?? [];
        var brief = attributes.FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.MlProblem);
        if (brief is null)
        {
            return null;
        }

        var baseline = attributes.FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Baseline);
        return ProblemDeclaration.Read(AttributeViews.From(brief), baseline is null ? null : AttributeViews.From(baseline),
            attributes.Where(a => a.AttributeClass?.ToDisplayString() == AttributeNames.KillCriterion).Select(AttributeViews.From));
    }
}
