using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlAsCode.Cli.Scoring;

/// <summary>One attribute as written: its name (without <c>Attribute</c>), constructor arguments and named arguments,
/// each as the literal's value (strings, numbers, booleans), an enum member's name, a <c>typeof</c>'s type name, or a
/// list for an array.</summary>
internal sealed record DeclaredAttribute(string Name, ImmutableArray<object?> Arguments, ImmutableDictionary<string, object?> Named, string Target, string File, int Line)
{
    public string? Text(string name) => Named.GetValueOrDefault(name) as string;

    public double? Number(string name) => Named.GetValueOrDefault(name) switch
    {
        double d => d,
        int i => i,
        long l => l,
        _ => null,
    };
}

/// <summary>
/// The MlAsCode attributes of a project's C# files, read from syntax alone (no build needed, so <c>mlac score</c> works
/// on a project that does not compile yet). Only literal arguments are understood; a constant's name is kept as text.
/// </summary>
internal static class ProjectDeclarations
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "MlProblem", "Baseline", "KillCriterion", "FeatureSet", "Feature", "Target", "Protected", "EntityKey", "EventTime", "ValidRange",
        "ValidValues", "Experiment", "SearchSpace", "Tuning", "Serve", "Fallback", "AbTest", "Monitor", "RagPipeline",
    };

    /// <summary>The C# files of <paramref name="project"/> (a folder or a .csproj), without bin and obj.</summary>
    public static List<string> SourceFiles(string project)
    {
        var folder = File.Exists(project) ? Path.GetDirectoryName(Path.GetFullPath(project))! : Path.GetFullPath(project);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"No project folder or .csproj at {Path.GetFullPath(project)}.");
        }

        return [.. Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Every known attribute in <paramref name="files"/>.</summary>
    public static List<DeclaredAttribute> Read(IEnumerable<string> files)
    {
        var found = new List<DeclaredAttribute>();
        foreach (var file in files)
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file);
            foreach (var attribute in tree.GetRoot().DescendantNodes().OfType<AttributeSyntax>())
            {
                var name = attribute.Name switch
                {
                    QualifiedNameSyntax q => q.Right.Identifier.Text,
                    AliasQualifiedNameSyntax a => a.Name.Identifier.Text,
                    SimpleNameSyntax s => s.Identifier.Text,
                    _ => attribute.Name.ToString(),
                };
                name = name.EndsWith("Attribute", StringComparison.Ordinal) ? name[..^"Attribute".Length] : name;
                if (!Known.Contains(name))
                {
                    continue;
                }

                var positional = new List<object?>();
                var named = ImmutableDictionary.CreateBuilder<string, object?>(StringComparer.Ordinal);
                foreach (var argument in attribute.ArgumentList?.Arguments ?? [])
                {
                    var value = Value(argument.Expression);
                    if (argument.NameEquals is { } equals)
                    {
                        named[equals.Name.Identifier.Text] = value;
                    }
                    else if (argument.NameColon is { } colon)
                    {
                        named[colon.Name.Identifier.Text] = value;
                    }
                    else
                    {
                        positional.Add(value);
                    }
                }

                var target = attribute.Parent?.Parent switch
                {
                    BaseTypeDeclarationSyntax type => type.Identifier.Text,
                    PropertyDeclarationSyntax property => property.Identifier.Text,
                    ParameterSyntax parameter => parameter.Identifier.Text,
                    MethodDeclarationSyntax method => method.Identifier.Text,
                    _ => "",
                };
                found.Add(new DeclaredAttribute(name, [.. positional], named.ToImmutable(), target, file, tree.GetLineSpan(attribute.Span).StartLinePosition.Line + 1));
            }
        }

        return found;
    }

    /// <summary>Whether <paramref name="path"/> names a built assembly rather than a project.</summary>
    public static bool IsAssembly(string path) => Path.GetExtension(path).ToLowerInvariant() is ".dll" or ".exe";

    /// <summary>A context that reads <paramref name="full"/> as metadata (nothing of it runs): what the assembly
    /// references resolves from its own folder first (its MlAsCode.Abstractions), then the shared frameworks beside the
    /// running one (Microsoft.NETCore.App, Microsoft.AspNetCore.App).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    internal static System.Reflection.MetadataLoadContext OpenMetadata(string full)
    {
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"No assembly at {full}.", full);
        }

        var runtime = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        var shared = Path.GetDirectoryName(Path.GetDirectoryName(runtime.TrimEnd(Path.DirectorySeparatorChar)))!;
        var frameworks = Directory.Exists(Path.Combine(shared, "Microsoft.AspNetCore.App"))
            ? Directory.GetDirectories(Path.Combine(shared, "Microsoft.AspNetCore.App"))
                .OrderBy(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0)).TakeLast(1)
            : [];
        var paths = new[] { Path.GetDirectoryName(full)!, runtime }.Concat(frameworks)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.dll"))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Select(g => g.First());
        return new System.Reflection.MetadataLoadContext(new System.Reflection.PathAssemblyResolver(paths));
    }

    /// <summary>The types of the assembly at <paramref name="full"/> (those that load, when some do not).</summary>
    /// <exception cref="InvalidDataException">It is not a .NET assembly.</exception>
    internal static Type[] TypesOf(System.Reflection.MetadataLoadContext context, string full)
    {
        try
        {
            return context.LoadFromAssemblyPath(full).GetTypes();
        }
        catch (BadImageFormatException e)
        {
            throw new InvalidDataException($"{full} is not a .NET assembly ({e.Message}).");
        }
        catch (System.Reflection.ReflectionTypeLoadException e)
        {
            return [.. e.Types.OfType<Type>()];
        }
    }

    /// <summary>Every known attribute in a built assembly, read as metadata (MetadataLoadContext: nothing of it runs).
    /// Arguments come out as from syntax: numbers as doubles, an enum member's name, a type's name, lists for arrays.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">It is not a .NET assembly.</exception>
    public static List<DeclaredAttribute> ReadAssembly(string path)
    {
        var full = Path.GetFullPath(path);
        using var context = OpenMetadata(full);
        var types = TypesOf(context, full);

        const System.Reflection.BindingFlags declared = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic
            | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly;
        var found = new List<DeclaredAttribute>();
        foreach (var type in types)
        {
            var members = new List<System.Reflection.MemberInfo> { type };
            try
            {
                members.AddRange(type.GetProperties(declared));
                members.AddRange(type.GetMethods(declared));
            }
            catch (FileNotFoundException)
            {
                // A member whose signature needs an assembly that is not beside this one: its attributes are skipped.
            }

            foreach (var member in members)
            {
                IList<System.Reflection.CustomAttributeData> attributes;
                try
                {
                    attributes = member.GetCustomAttributesData();
                }
                catch (FileNotFoundException)
                {
                    continue;
                }

                foreach (var attribute in attributes)
                {
                    try
                    {
                        var name = attribute.AttributeType.Name;
                        name = name.EndsWith("Attribute", StringComparison.Ordinal) ? name[..^"Attribute".Length] : name;
                        if (!Known.Contains(name) || attribute.AttributeType.Namespace?.StartsWith("MlAsCode", StringComparison.Ordinal) != true)
                        {
                            continue;
                        }

                        found.Add(new DeclaredAttribute(name, [.. attribute.ConstructorArguments.Select(Value)],
                            attribute.NamedArguments.ToImmutableDictionary(a => a.MemberName, a => Value(a.TypedValue), StringComparer.Ordinal),
                            member.Name, full, 0));
                    }
                    catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
                    {
                        // An attribute from an assembly that is not beside this one is not an MlAsCode declaration.
                    }
                }
            }
        }

        return found;
    }

    private static object? Value(System.Reflection.CustomAttributeTypedArgument argument) => argument.Value switch
    {
        null => null,
        IReadOnlyCollection<System.Reflection.CustomAttributeTypedArgument> items => items.Select(Value).ToList(),
        Type type => type.Name,
        var value when argument.ArgumentType.IsEnum => argument.ArgumentType.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .FirstOrDefault(f => Convert.ToInt64(f.GetRawConstantValue(), CultureInfo.InvariantCulture) == Convert.ToInt64(value, CultureInfo.InvariantCulture))?.Name
            ?? Convert.ToString(value, CultureInfo.InvariantCulture),
        int or long or short or byte or float or double or decimal or uint or ulong or ushort or sbyte => Convert.ToDouble(argument.Value, CultureInfo.InvariantCulture),
        var value => value,
    };

    private static object? Value(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal => literal.Token.Value is int or long or float or double or decimal
            ? Convert.ToDouble(literal.Token.Value, CultureInfo.InvariantCulture)
            : literal.Token.Value,
        PrefixUnaryExpressionSyntax { OperatorToken.Text: "-" } negative when Value(negative.Operand) is double d => -d,
        MemberAccessExpressionSyntax member => member.Name.Identifier.Text,
        TypeOfExpressionSyntax type => type.Type is QualifiedNameSyntax q ? q.Right.Identifier.Text : type.Type.ToString(),
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "nameof" } } nameOf => nameOf.ArgumentList.Arguments[0].Expression.ToString().Split('.')[^1],
        ArrayCreationExpressionSyntax array => array.Initializer?.Expressions.Select(Value).ToList() ?? [],
        ImplicitArrayCreationExpressionSyntax array => array.Initializer.Expressions.Select(Value).ToList(),
        CollectionExpressionSyntax collection => collection.Elements.OfType<ExpressionElementSyntax>().Select(e => Value(e.Expression)).ToList(),
        InterpolatedStringExpressionSyntax interpolated => interpolated.ToString(),
        IdentifierNameSyntax identifier => identifier.Identifier.Text,
        _ => expression.ToString(),
    };
}
