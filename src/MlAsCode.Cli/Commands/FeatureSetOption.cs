using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Reflection;
using MlAsCode.Cli.Scoring;
using MlAsCode.Data;

namespace MlAsCode.Cli.Commands;

/// <summary>
/// <c>--features App.dll[:TypeName]</c>: the feature set's naming contract (<see cref="ColumnNames"/>) read from a built
/// assembly as metadata (nothing of it runs), so a command maps a CSV's names (<c>LivingArea</c>, or a
/// <c>[Column("Gr_Liv_Area")]</c> header) to the field names a served model logs.
/// </summary>
internal static class FeatureSetOption
{
    public static Option<string?> Create() => new("--features")
    {
        Description = "A built assembly with the [FeatureSet] (App.dll, or App.dll:TypeName when it has several): CSV headers are mapped to the served field names ([Column] name, else the property's snake_case).",
    };

    /// <summary>The contract of the feature set named by <paramref name="value"/>, or null when none was given.</summary>
    /// <exception cref="ArgumentException">No feature set in the assembly, several without a type name, or an unknown type name.</exception>
    /// <exception cref="FileNotFoundException">No such assembly.</exception>
    /// <exception cref="InvalidDataException">It is not a .NET assembly.</exception>
    public static ColumnNames? Read(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // The type name follows the last ':' unless that ':' belongs to a Windows drive (C:\…).
        var colon = value.LastIndexOf(':');
        var (path, typeName) = colon > 1 ? (value[..colon], value[(colon + 1)..]) : (value, null);
        var full = Path.GetFullPath(path);
        using var context = ProjectDeclarations.OpenMetadata(full);
        var sets = ProjectDeclarations.TypesOf(context, full).Where(t => Attribute(t, "FeatureSetAttribute") is not null).ToList();
        var chosen = typeName is null
            ? sets.Count switch
            {
                1 => sets[0],
                0 => throw new ArgumentException($"{Path.GetFileName(full)} declares no [FeatureSet]."),
                _ => throw new ArgumentException($"{Path.GetFileName(full)} declares {sets.Count} feature sets ({string.Join(", ", sets.Select(s => s.Name))}); name one: --features {path}:{sets[0].Name}."),
            }
            : sets.FirstOrDefault(s => s.Name == typeName || s.FullName == typeName)
                ?? throw new ArgumentException($"{Path.GetFileName(full)} has no feature set {typeName}; it has {string.Join(", ", sets.Select(s => s.Name))}.");

        var properties = new List<(string, string?)>();
        foreach (var property in chosen.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var column = Attribute(property, "ColumnAttribute") is { ConstructorArguments: [{ Value: string name }] } ? name : null;
            properties.Add((property.Name, column));
        }

        return new ColumnNames(properties);
    }

    private static CustomAttributeData? Attribute(MemberInfo member, string name)
    {
        try
        {
            return member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == name && a.AttributeType.Namespace == "MlAsCode");
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
