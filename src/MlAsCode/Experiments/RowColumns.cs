using System;
using System.Globalization;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;

namespace MlAsCode.Experiments;

/// <summary>
/// Reads a row property as text by name (the property's name, or its snake_case column name: <c>SeniorCitizen</c> or
/// <c>senior_citizen</c>), for the evaluation's slices: protected attributes, segment columns and the worst
/// predictions' feature values. Compiled once per property.
/// </summary>
internal static class RowColumns<TRow>
{
    private static readonly PropertyInfo[] Properties = typeof(TRow).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray();

    /// <summary>The reader of <paramref name="name"/>, or <c>null</c> when the row has no such property.</summary>
    public static Func<TRow, string>? Reader(string name)
    {
        var property = Properties.FirstOrDefault(p => p.Name == name)
            ?? Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? Properties.FirstOrDefault(p => Common.SnakeCase.From(p.Name) == Common.SnakeCase.From(name));
        if (property is null)
        {
            return null;
        }

        var row = Expression.Parameter(typeof(TRow), "row");
        var value = Expression.Lambda<Func<TRow, object?>>(Expression.Convert(Expression.Property(row, property), typeof(object)), row).Compile();
        return r => Text(value(r));
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
