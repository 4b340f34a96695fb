using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using MlAsCode.Features;

namespace MlAsCode.Serving;

/// <summary>
/// Reads request rows from JSON against the feature set: one field per input the features read, named as its source
/// column (<c>monthly_charges</c>), typed as its property, within its declared <c>[ValidRange]</c> and
/// <c>[ValidValues]</c>. Every problem is reported by field, never thrown as an exception: unknown fields, missing
/// fields, wrong types, NaN and infinities, numbers out of range or too large for the property, overlong strings.
/// Nullable properties may be missing or null (the pipeline imputes them as declared); a category the training data did
/// not have is accepted unless <c>[ValidValues]</c> lists the allowed ones (one-hot encodes it as no level, target
/// encoding as the training prior).
/// </summary>
public sealed class RowReader<TRow>
{
    /// <summary>Longest text accepted in a string field.</summary>
    public const int MaxStringLength = 1000;

    private readonly ImmutableArray<Field> _fields;
    private readonly Dictionary<string, Field> _byName;
    private readonly FeatureSetDefinition<TRow> _definition;

    private sealed record Field(string Name, PropertyInfo Property, Type Type, bool Nullable, double? Min, double? Max, ImmutableArray<string> Allowed);

    /// <summary>Builds the reader of <paramref name="definition"/>'s inputs.</summary>
    /// <exception cref="InvalidOperationException">A feature reads a property the row type does not have, or has no
    /// parameterless constructor.</exception>
    public RowReader(FeatureSetDefinition<TRow> definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (typeof(TRow).GetConstructor(Type.EmptyTypes) is null)
        {
            throw new InvalidOperationException($"{typeof(TRow).Name} needs a parameterless constructor to be read from requests.");
        }

        var columns = definition.Features.GroupBy(f => f.Property, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().SourceColumn, StringComparer.Ordinal);
        var properties = definition.Features.Select(f => f.Property)
            .Concat(definition.Features.Select(f => f.OtherProperty).Where(p => p is not null).Select(p => p!))
            .Distinct(StringComparer.Ordinal);
        var rules = definition.ValidationRules.ToDictionary(r => r.Column, StringComparer.OrdinalIgnoreCase);
        var fields = new List<Field>();
        foreach (var name in properties)
        {
            var property = typeof(TRow).GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"Feature set {definition.Entity} reads {name}, which {typeof(TRow).Name} does not have.");
            var underlying = System.Nullable.GetUnderlyingType(property.PropertyType);
            var column = columns.TryGetValue(name, out var c) ? c : FeatureNaming.ToSnakeCase(name);
            rules.TryGetValue(column, out var rule);
            var isNullable = underlying is not null
                || (!property.PropertyType.IsValueType && new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable);
            fields.Add(new Field(column, property, underlying ?? property.PropertyType, isNullable, rule?.Min, rule?.Max, rule?.Allowed ?? []));
        }

        _fields = [.. fields];
        _byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        _definition = definition;
    }

    /// <summary>The request fields, in feature order, with their JSON types (for documentation and OpenAPI).</summary>
    public IReadOnlyList<(string Name, string JsonType, bool Nullable, double? Min, double? Max, ImmutableArray<string> Allowed)> Fields =>
        [.. _fields.Select(f => (f.Name, JsonType(f.Type), f.Nullable, f.Min, f.Max, f.Allowed))];

    /// <summary>Each request field's value in <paramref name="rows"/>, keyed by field name: the columns of a reference
    /// profile (<see cref="Monitoring.ReferenceProfile"/>) that monitoring compares served requests with.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<object?>> ValuesOf(IReadOnlyList<TRow> rows) => _definition.InputValues(rows);

    /// <summary>Reads one row; <paramref name="errors"/> gets every problem, keyed <paramref name="prefix"/> + field.</summary>
    public TRow? Read(JsonElement element, IDictionary<string, List<string>> errors, string prefix = "")
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add(errors, prefix.Length == 0 ? "$" : prefix.TrimEnd('.'), $"expected a JSON object with the fields {string.Join(", ", _fields.Select(f => f.Name))}, got {Kind(element)}");
            return default;
        }

        var row = Activator.CreateInstance<TRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var before = errors.Count;
        foreach (var property in element.EnumerateObject())
        {
            if (!_byName.TryGetValue(property.Name, out var field))
            {
                unknown.Add(property.Name);
                continue;
            }

            if (!seen.Add(property.Name))
            {
                Add(errors, prefix + property.Name, "given more than once");
                continue;
            }

            if (Convert(field, property.Value, out var value) is { } problem)
            {
                Add(errors, prefix + property.Name, problem);
                continue;
            }

            field.Property.SetValue(row, value);
        }

        var missing = _fields.Where(f => !seen.Contains(f.Name) && !f.Nullable).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
        {
            // One error for the request's names, the field list said once: what is unknown, what is missing, and the
            // likely renames (same letters, other case or separators: TotRms_AbvGrd for tot_rms_abv_grd).
            var parts = new List<string>();
            if (unknown.Count > 0)
            {
                parts.Add("unknown " + string.Join(", ", unknown.Select(u => missing.FirstOrDefault(m => Letters(m.Name) == Letters(u)) is { } renamed ? $"{u} (did you mean {renamed.Name}?)" : u)));
            }

            if (missing.Count > 0)
            {
                parts.Add("missing " + string.Join(", ", missing.Select(m => $"{m.Name} ({JsonType(m.Type)})")));
            }

            Add(errors, prefix.Length == 0 ? "$" : prefix.TrimEnd('.'), $"{string.Join("; ", parts)}; the fields are {string.Join(", ", _fields.Select(f => f.Name))}");
        }

        return errors.Count == before ? row : default;
    }

    private static string Letters(string name) => new([.. name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    // Why the value does not fit the field, or null with the converted value.
    private static string? Convert(Field field, JsonElement json, out object? value)
    {
        value = null;
        if (json.ValueKind == JsonValueKind.Null)
        {
            return field.Nullable ? null : $"must not be null ({JsonType(field.Type)})";
        }

        var type = field.Type;
        if (type == typeof(string))
        {
            if (json.ValueKind != JsonValueKind.String)
            {
                return $"expected a string, got {Kind(json)}";
            }

            var text = json.GetString()!;
            if (text.Length > MaxStringLength)
            {
                return $"longer than {MaxStringLength} characters";
            }

            if (!field.Allowed.IsDefaultOrEmpty && !field.Allowed.Contains(text, StringComparer.Ordinal))
            {
                return $"'{Shorten(text)}' is not one of {string.Join(", ", field.Allowed)}";
            }

            value = text;
            return null;
        }

        if (type == typeof(bool))
        {
            if (json.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return $"expected true or false, got {Kind(json)}";
            }

            value = json.GetBoolean();
            return null;
        }

        if (type == typeof(float) || type == typeof(double) || type == typeof(int) || type == typeof(long) || type == typeof(decimal))
        {
            // NaN and infinities cannot be JSON numbers; strings such as "NaN" are refused as strings.
            if (json.ValueKind != JsonValueKind.Number || !json.TryGetDouble(out var number) || !double.IsFinite(number))
            {
                return $"expected a finite number, got {Kind(json)}";
            }

            if (field.Min is { } min && number < min || field.Max is { } max && number > max)
            {
                return FormattableString.Invariant($"{number} is outside the declared range [{field.Min}, {field.Max}]");
            }

            if (type == typeof(float))
            {
                if (Math.Abs(number) > float.MaxValue)
                {
                    return "too large for a single-precision number";
                }

                value = (float)number;
            }
            else if (type == typeof(double))
            {
                value = number;
            }
            else if (type == typeof(decimal))
            {
                if (!json.TryGetDecimal(out var d))
                {
                    return "too large for a decimal";
                }

                value = d;
            }
            else if (type == typeof(int))
            {
                if (!json.TryGetInt32(out var i))
                {
                    return "expected a whole number that fits in 32 bits";
                }

                value = i;
            }
            else
            {
                if (!json.TryGetInt64(out var l))
                {
                    return "expected a whole number that fits in 64 bits";
                }

                value = l;
            }

            return null;
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly))
        {
            if (json.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(json.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment))
            {
                return $"expected an ISO 8601 date and time string, got {Kind(json)}";
            }

            value = type == typeof(DateTime) ? moment.UtcDateTime : type == typeof(DateOnly) ? DateOnly.FromDateTime(moment.UtcDateTime) : moment;
            return null;
        }

        return $"{type.Name} properties cannot be read from requests";
    }

    private static void Add(IDictionary<string, List<string>> errors, string key, string message)
    {
        if (!errors.TryGetValue(key, out var list))
        {
            errors[key] = list = [];
        }

        list.Add(message);
    }

    private static string Kind(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Shorten(json.GetString() ?? "")}\"",
        JsonValueKind.Number => $"the number {Shorten(json.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => json.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    internal static string JsonType(Type type) =>
        type == typeof(string) ? "string"
        : type == typeof(bool) ? "boolean"
        : type == typeof(int) || type == typeof(long) ? "integer"
        : type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) ? "string (date-time)"
        : "number";
}
