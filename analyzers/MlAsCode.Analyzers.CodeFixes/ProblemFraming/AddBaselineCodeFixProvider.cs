using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlAsCode.Analyzers.Common;

namespace MlAsCode.Analyzers.CodeFixes.ProblemFraming;

/// <summary>
/// ML0002: adds the trivial baseline that fits the task: majority class for classification, mean prediction for
/// regression. Other tasks have no trivial baseline that is always right, so no fix is offered for them.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddBaselineCodeFixProvider)), Shared]
public sealed class AddBaselineCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticDescriptors.NoBaseline.Id];

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var type = root?.FindToken(context.Span.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        if (type is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            diagnostic.Properties.TryGetValue(DiagnosticProperties.Task, out var taskName);
            string? kind = taskName switch
            {
                nameof(MlTask.BinaryClassification) or nameof(MlTask.MulticlassClassification) => nameof(BaselineKind.MajorityClass),
                nameof(MlTask.Regression) => nameof(BaselineKind.MeanPrediction),
                _ => null,
            };
            if (kind is null)
            {
                continue;
            }

            var title = $"Add a {kind} baseline";
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    ct => AttributeInsertion.AddAsync(context.Document, type, [$"MlAsCode.Baseline(MlAsCode.BaselineKind.{kind})"], replaces: null, ct),
                    equivalenceKey: title),
                diagnostic);
        }
    }
}
