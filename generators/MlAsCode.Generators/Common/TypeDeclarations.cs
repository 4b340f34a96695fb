using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlAsCode.Generators.Model;

namespace MlAsCode.Generators.Common;

/// <summary>Reads where a partial type is declared; shared by every generator that adds members to a user type.</summary>
internal static class TypeDeclarations
{
    /// <summary>
    /// The declaration model of a type and the types containing it, or <c>null</c> when any of them is not
    /// partial (analyzer ML0007 tells the user; the generator then stays silent rather than emit broken code).
    /// </summary>
    public static TypeDeclarationModel? Read(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (!IsPartial(current, cancellationToken))
            {
                return null;
            }

            chain.Insert(0, current);
        }

        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        var headers = chain.Select(Header).ToList();
        var hint = string.Join(".", chain.Select(t => t.MetadataName.Replace('`', '_')));
        return new TypeDeclarationModel(
            ns,
            headers.Take(headers.Count - 1).ToEquatableArray(),
            headers[headers.Count - 1],
            (ns is null ? "" : ns + ".") + hint);
    }

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.Any(r =>
            r.GetSyntax(cancellationToken) is TypeDeclarationSyntax decl && decl.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static string Header(INamedTypeSymbol type)
    {
        var kind = type.TypeKind switch
        {
            TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
            TypeKind.Interface => "interface",
            _ => type.IsRecord ? "record" : "class",
        };
        var modifier = type.IsStatic ? "static " : "";
        var typeParameters = type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";
        var name = SyntaxFacts.GetKeywordKind(type.Name) != SyntaxKind.None ? "@" + type.Name : type.Name;
        return $"{modifier}partial {kind} {name}{typeParameters}";
    }
}
