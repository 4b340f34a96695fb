using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace MlAsCode.Analyzers.CodeFixes.ProblemFraming;

/// <summary>Adds attribute lists after a type's existing ones; names are simplified to what the file's usings allow.</summary>
internal static class AttributeInsertion
{
    /// <param name="document">The document to change.</param>
    /// <param name="type">The declaration that gets the attributes.</param>
    /// <param name="attributes">Attribute texts with fully qualified names, without brackets.</param>
    /// <param name="replaces">Existing attributes the new ones replace (removed in the same edit), or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the edit.</param>
    public static async Task<Document> AddAsync(
        Document document,
        TypeDeclarationSyntax type,
        IEnumerable<string> attributes,
        Func<AttributeSyntax, SemanticModel, bool>? replaces,
        CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var lists = attributes
            .Select(text => SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                (AttributeSyntax)SyntaxFactory.ParseSyntaxTree($"[{text}] class C {{ }}").GetRoot(cancellationToken)
                    .DescendantNodes().OfType<AttributeSyntax>().First()))
                .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation))
            .ToList();

        var kept = new List<AttributeListSyntax>();
        foreach (var list in type.AttributeLists)
        {
            var remaining = list.Attributes.Where(a => replaces is null || !replaces(a, model)).ToList();
            if (remaining.Count == list.Attributes.Count)
            {
                kept.Add(list);
            }
            else if (remaining.Count > 0)
            {
                kept.Add(list.WithAttributes(SyntaxFactory.SeparatedList(remaining)));
            }
        }

        // The diagnostics this serves are reported on types that carry [MlProblem], so a list always remains first
        // and keeps the declaration's leading trivia.
        var updated = type.WithAttributeLists(SyntaxFactory.List(kept.Concat(lists)));
        return document.WithSyntaxRoot(root.ReplaceNode(type, updated));
    }
}
