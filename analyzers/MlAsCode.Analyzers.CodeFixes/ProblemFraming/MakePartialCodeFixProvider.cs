using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlAsCode.Analyzers.CodeFixes.ProblemFraming;

/// <summary>ML0007: adds <c>partial</c> to the declaration and to every type containing it in the same file.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFixProvider)), Shared]
public sealed class MakePartialCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticDescriptors.NotPartial.Id];

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var type = root?.FindToken(context.Span.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        if (root is null || type is null)
        {
            return;
        }

        const string title = "Make the declaration partial";
        context.RegisterCodeFix(
            CodeAction.Create(title, ct => Task.FromResult(MakePartial(context.Document, root, type, ct)), equivalenceKey: title),
            context.Diagnostics);
    }

    private static Document MakePartial(Document document, SyntaxNode root, TypeDeclarationSyntax type, CancellationToken cancellationToken)
    {
        var targets = type.AncestorsAndSelf().OfType<TypeDeclarationSyntax>()
            .Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword))
            .ToList();
        cancellationToken.ThrowIfCancellationRequested();
        var updated = root.ReplaceNodes(targets, (original, rewritten) =>
        {
            // 'partial' must come last among the modifiers, right before the type keyword.
            var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            if (rewritten.Modifiers.Count == 0)
            {
                return rewritten
                    .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(rewritten.Keyword.LeadingTrivia)))
                    .WithKeyword(rewritten.Keyword.WithLeadingTrivia());
            }

            return rewritten.WithModifiers(rewritten.Modifiers.Add(partial));
        });
        return document.WithSyntaxRoot(updated);
    }
}
