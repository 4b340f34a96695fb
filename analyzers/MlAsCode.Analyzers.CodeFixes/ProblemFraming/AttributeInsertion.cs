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
    public static async Task<Document> AddAsync(Document document, TypeDeclarationSyntax type, IEnumerable<string> attributes, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var lists = attributes
            .Select(text => SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                (AttributeSyntax)SyntaxFactory.ParseSyntaxTree($"[{text}] class C {{ }}").GetRoot(cancellationToken)
                    .DescendantNodes().OfType<AttributeSyntax>().First()))
                .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation))
            .ToList();

        // The diagnostics this serves are reported on types that carry [MlProblem], so there is always a list to follow.
        var updated = type.WithAttributeLists(type.AttributeLists.AddRange(lists));
        return document.WithSyntaxRoot(root.ReplaceNode(type, updated));
    }
}
