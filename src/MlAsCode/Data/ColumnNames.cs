using System;
using System.Collections.Generic;
using System.Linq;

namespace MlAsCode.Data;

/// <summary>
/// The one naming contract from a CSV file to a request, a prediction log and a reference profile: every column of a
/// feature set has one <em>field name</em> — its <c>[Column("…")]</c> name when declared, otherwise the snake_case of
/// the property (<c>LivingArea</c> → <c>living_area</c>). Served requests, the prediction log and the reference profile
/// use the field name; the CSV loader also accepts the property name and its snake_case. Readers that compare a CSV
/// with a log or a profile (<c>mlac drift</c>, <c>mlac evaluate</c>) map every header through here, so
/// <c>LivingArea</c> in a training file and <c>living_area</c> in the log are one column.
/// </summary>
public sealed class ColumnNames
{
    private readonly Dictionary<string, string> _fields;

    /// <summary>Builds the contract from (property, declared column or null) pairs.</summary>
    /// <exception cref="ArgumentException">Two properties claim one name.</exception>
    public ColumnNames(IEnumerable<(string Property, string? Column)> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        _fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (property, column) in properties)
        {
            var field = FieldName(property, column);
            foreach (var alias in new[] { property, Common.SnakeCase.From(property), field }.Distinct(StringComparer.Ordinal))
            {
                if (_fields.TryGetValue(alias, out var other) && other != field)
                {
                    throw new ArgumentException($"'{alias}' names both {other} and {field}; give one of them a distinct [Column] name.", nameof(properties));
                }

                _fields[alias] = field;
            }
        }
    }

    /// <summary>The field name of a property: its declared column, or its snake_case.</summary>
    public static string FieldName(string property, string? column) =>
        string.IsNullOrWhiteSpace(column) ? Common.SnakeCase.From(property) : column;

    /// <summary>The field names, one per property.</summary>
    public IReadOnlyCollection<string> Fields => _fields.Values.Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The field name a header, property or field name stands for; the name itself when it is not declared.</summary>
    public string Map(string name) => _fields.TryGetValue(name, out var field) ? field : name;
}
