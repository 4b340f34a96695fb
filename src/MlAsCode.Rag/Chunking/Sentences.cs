using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace MlAsCode.Rag.Chunking;

/// <summary>
/// Splits prose into sentences: after <c>.</c>, <c>!</c> or <c>?</c> (closing quotes and brackets included) followed
/// by white space and an upper-case letter, a digit, a quote or a bracket — but not after common abbreviations
/// (e.g., i.e., etc., Mr.), single initials or a number's decimal point.
/// </summary>
public static partial class Sentences
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g.", "i.e.", "etc.", "vs.", "cf.", "mr.", "mrs.", "ms.", "dr.", "prof.", "no.", "fig.", "approx.", "et al.", "al.", "st.", "jr.", "sr.",
    };

    /// <summary>The sentences of <paramref name="text"/>, trimmed, none empty.</summary>
    public static List<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string>();
        var start = 0;
        foreach (Match boundary in Boundary().Matches(text))
        {
            var end = boundary.Index;
            var candidate = text[start..end].Trim();
            var lastWord = candidate.LastIndexOf(' ') is var space and >= 0 ? candidate[(space + 1)..] : candidate;
            if (Abbreviations.Contains(lastWord.TrimStart('(')) || Initial().IsMatch(lastWord))
            {
                continue;
            }

            if (candidate.Length > 0)
            {
                sentences.Add(candidate);
            }

            start = boundary.Index + boundary.Length;
        }

        var rest = text[start..].Trim();
        if (rest.Length > 0)
        {
            sentences.Add(rest);
        }

        return sentences;
    }

    // The space after a sentence end, when the next sentence starts like one.
    [GeneratedRegex(@"(?<=[.!?][""')\]]*)\s+(?=[A-Z0-9""'(\[`])")]
    private static partial Regex Boundary();

    [GeneratedRegex(@"^[A-Z]\.$")]
    private static partial Regex Initial();
}
