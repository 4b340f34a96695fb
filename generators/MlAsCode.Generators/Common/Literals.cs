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

    /// <summary>
    /// An <c>ImmutableArray&lt;string&gt;</c> wrapping a fresh array. A single-overload call binds much faster than
    /// <c>ImmutableArray.Create</c> or a collection expression (span overloads make the compiler synthesize inline
    /// arrays), which the compilation benchmark showed with many briefs.
    /// </summary>
    public static string Strings(IReadOnlyCollection<string> values) => values.Count == 0
        ? "global::System.Collections.Immutable.ImmutableArray<string>.Empty"
        : "global::System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(new string[] { " + string.Join(", ", values.Select(String)) + " })";
}
