using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlAsCode.Analyzers.CodeFixes.ProblemFraming;

/// <summary>ML0001: adds the methodology's three default kill criteria, two of them in their checkable form.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddKillCriteriaCodeFixProvider)), Shared]
public sealed class AddKillCriteriaCodeFixProvider : CodeFixProvider
{
    /// <summary>The methodology's defaults (Phase 1 <c>kill_criteria</c>) with the checkable form of those a run can
    /// measure (the <c>KillWhen</c> member and its threshold); a test keeps them equal to the runtime's list.</summary>
    internal static readonly ImmutableArray<(string Text, string? When, double Threshold)> DefaultKillCriteria =
    [
        ("Baseline heuristic achieves >90% of ML performance", "BaselineShareAbove", 0.9),
        ("Data quality too poor after 2 weeks of cleaning", null, double.NaN),
        ("Model can't beat random by >10% on holdout set", "LiftOverRandomBelow", 0.1),
    ];

    // Blank criteria are what triggered ML0001 in the first place; the defaults replace them.
    private static bool IsBlankKillCriterion(AttributeSyntax attribute, SemanticModel model) =>
        model.GetSymbolInfo(attribute).Symbol is IMethodSymbol { ContainingType: var type }
        && type.ToDisplayString() == "MlAsCode.KillCriterionAttribute"
        && attribute.ArgumentList?.Arguments.FirstOrDefault() is { } argument
        && model.GetConstantValue(argument.Expression) is { HasValue: true, Value: var value }
        && string.IsNullOrWhiteSpace(value as string);

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticDescriptors.NoKillCriteria.Id];

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

        const string title = "Add the default kill criteria";
        context.RegisterCodeFix(
            CodeAction.Create(
                title,
                ct => AttributeInsertion.AddAsync(
                    context.Document,
                    type,
                    DefaultKillCriteria.Select(c => c.When is null
                        ? $"MlAsCode.KillCriterion({SymbolDisplay.FormatLiteral(c.Text, quote: true)})"
                        : $"MlAsCode.KillCriterion({SymbolDisplay.FormatLiteral(c.Text, quote: true)}, When = MlAsCode.KillWhen.{c.When}, Threshold = {c.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)})"),
                    IsBlankKillCriterion,
                    ct),
                equivalenceKey: title),
            context.Diagnostics);
    }
}
