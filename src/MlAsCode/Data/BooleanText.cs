using System;

namespace MlAsCode.Data;

/// <summary>The one reading of a boolean written as text, shared by the CSV and Parquet loaders and every command that
/// compares files (<c>mlac drift</c>), so a column written <c>yes</c>/<c>no</c> in a CSV and <c>true</c>/<c>false</c>
/// in a request log is the same column.</summary>
public static class BooleanText
{
    /// <summary>What is accepted, for messages.</summary>
    public const string Accepted = "true/false, 1/0 or yes/no";

    /// <summary>Reads <c>true</c>/<c>false</c>, <c>1</c>/<c>0</c> or <c>yes</c>/<c>no</c> (any case, surrounding
    /// white space ignored).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out bool value)
    {
        text = text.Trim();
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text is "1" || text.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }

        value = false;
        return text.Equals("false", StringComparison.OrdinalIgnoreCase) || text is "0" || text.Equals("no", StringComparison.OrdinalIgnoreCase);
    }
}
