using System;
using System.Collections.Generic;

namespace MlAsCode.Features.Fitting;

/// <summary>
/// Terms as scikit-learn's default TF-IDF tokenizer finds them (<c>\b\w\w+\b</c>, lowercased): runs of letters,
/// digits and underscores of length two or more.
/// </summary>
internal static class TextTerms
{
    public const int MaxStackTerm = 256;

    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>Lowercased terms of a text (fitting only: it allocates).</summary>
    public static IEnumerable<string> Tokenize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var word = i < text.Length && IsWordChar(text[i]);
            if (word && start < 0)
            {
                start = i;
            }
            else if (!word && start >= 0)
            {
                if (i - start >= 2)
                {
                    yield return text[start..i].ToLowerInvariant();
                }

                start = -1;
            }
        }
    }
}
