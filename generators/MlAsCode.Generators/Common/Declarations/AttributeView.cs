using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MlAsCode.Declarations;

/// <summary>
/// One attribute as written, whoever read it: the analyzers from Roslyn's <c>AttributeData</c>, the runtime and
/// <c>mlac</c> from reflection's <c>CustomAttributeData</c> (a loaded type or a built assembly), <c>mlac score</c> from
/// syntax. Values are what the attribute's arguments hold: strings, numbers, booleans, an enum as its underlying
/// number (or, from syntax, its member name), an array as a list of values. Declaration records
/// (<see cref="ProblemDeclaration"/>) are read from views, so every reader turns the same arguments into the same
/// typed declaration.
/// </summary>
internal sealed class AttributeView
{
    private readonly IReadOnlyList<object?> _arguments;
    private readonly IReadOnlyDictionary<string, object?> _named;

    public AttributeView(IReadOnlyList<object?> arguments, IReadOnlyDictionary<string, object?> named)
    {
        _arguments = arguments;
        _named = named;
    }

    /// <summary>The constructor arguments, in order.</summary>
    public IReadOnlyList<object?> Arguments => _arguments;

    /// <summary>Whether <paramref name="name"/> was written as a named argument.</summary>
    public bool Has(string name) => _named.ContainsKey(name);

    public object? Named(string name) => _named.TryGetValue(name, out var value) ? value : null;

    public string? String(string name) => Named(name) as string;

    public double? Double(string name) => Number(Named(name));

    public bool Bool(string name) => Named(name) is true;

    /// <summary>The named enum argument, or <paramref name="fallback"/> when it was not written or is not a member.</summary>
    public TEnum Enum<TEnum>(string name, TEnum fallback = default)
        where TEnum : struct => EnumValue(Named(name), fallback);

    /// <summary>The named string-array argument (empty when not written); null and blank entries are kept out.</summary>
    public IReadOnlyList<string> Strings(string name) =>
        Named(name) is IEnumerable<object?> values ? values.OfType<string>().Where(s => s.Trim().Length > 0).ToArray() : [];

    public static double? Number(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        _ => null,
    };

    /// <summary>An enum value from its number or (syntax) its member name; <paramref name="fallback"/> otherwise.</summary>
    public static TEnum EnumValue<TEnum>(object? value, TEnum fallback = default)
        where TEnum : struct
    {
        switch (value)
        {
            case TEnum typed:
                return typed;
            case int or long or short or byte:
                var number = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                var member = (TEnum)System.Enum.ToObject(typeof(TEnum), number);
                return System.Enum.IsDefined(typeof(TEnum), member) ? member : fallback;
            case string text:
                var last = text.Substring(text.LastIndexOf('.') + 1);
                return System.Enum.TryParse<TEnum>(last, ignoreCase: false, out var parsed) && System.Enum.IsDefined(typeof(TEnum), parsed) ? parsed : fallback;
            default:
                return fallback;
        }
    }
}
