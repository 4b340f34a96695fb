using System.Text;

namespace MlAsCode.Common;

/// <summary>
/// Lower snake case for identifiers and levels. One source file compiled into the runtime (behind
/// <c>FeatureNaming.ToSnakeCase</c>), the generators and the analyzers, which cannot reference the runtime.
/// </summary>
internal static class SnakeCase
{
    public static string From(string text)
    {
        var result = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c))
            {
                Separate(result);
                continue;
            }

            if (char.IsUpper(c) && i > 0)
            {
                var previous = text[i - 1];
                var nextIsLower = i + 1 < text.Length && char.IsLower(text[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    Separate(result);
                }
            }

            result.Append(char.ToLowerInvariant(c));
        }

        if (result.Length > 0 && result[result.Length - 1] == '_')
        {
            result.Length--;
        }

        return result.Length == 0 ? "blank" : result.ToString();
    }

    private static void Separate(StringBuilder result)
    {
        if (result.Length > 0 && result[result.Length - 1] != '_')
        {
            result.Append('_');
        }
    }
}
