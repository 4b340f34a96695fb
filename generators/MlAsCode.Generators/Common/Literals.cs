using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace MlAsCode.Generators.Common;

/// <summary>C# literals for values copied from attributes into generated code.</summary>
internal static class Literals
{
    public static string String(string? value) => value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

    public static string Double(double? value) => value switch
    {
        null => "null",
        double d when double.IsNaN(d) => "double.NaN",
        double d when double.IsPositiveInfinity(d) => "double.PositiveInfinity",
        double d when double.IsNegativeInfinity(d) => "double.NegativeInfinity",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
    };

    public static string Bool(bool value) => value ? "true" : "false";

    public static string ImmutableStrings(IEnumerable<string> values) =>
        "global::System.Collections.Immutable.ImmutableArray.Create<string>(" + string.Join(", ", values.Select(String)) + ")";
}
