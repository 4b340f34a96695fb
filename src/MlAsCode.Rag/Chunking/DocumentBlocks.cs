using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace MlAsCode.Rag.Chunking;

/// <summary>What a block of a document is.</summary>
public enum BlockKind
{
    /// <summary>A section heading (its level in <see cref="Block.Level"/>).</summary>
    Heading,

    /// <summary>Prose: split into sentences, never inside one.</summary>
    Paragraph,

    /// <summary>Code, a doctest or a table: kept whole.</summary>
    Code,
}

/// <summary>One block of a document, with the line it starts on (1-based).</summary>
public sealed record Block(BlockKind Kind, string Text, int Line, int Level = 0);

/// <summary>
/// Splits reStructuredText and Markdown into headings, paragraphs and code blocks. reStructuredText: titles with an
/// underline (and optional overline) whose levels follow the order the styles first appear; literal blocks after a
/// paragraph ending in <c>::</c>; <c>code-block</c>/<c>code</c>/<c>sourcecode</c> directives; doctests (<c>&gt;&gt;&gt;</c>);
/// grid tables; other directives keep their argument (e.g. a method signature) and content as prose, without their
/// options; labels, comments, <c>index</c> and <c>toctree</c> are dropped. Markdown: <c>#</c> headings and fenced code.
/// Inline markup is reduced to its text (<c>``x``</c> → <c>x</c>, <c>:keyword:`for`</c> → <c>for</c>).
/// </summary>
public static partial class DocumentBlocks
{
    private const string Adornment = "=-~^\"'`#*+:._<>";

    /// <summary>The blocks of <paramref name="text"/>.</summary>
    public static List<Block> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var blocks = new List<Block>();
        var styles = new List<string>();   // reStructuredText heading styles in order of first use
        var paragraph = new List<string>();
        var paragraphLine = 0;
        var paragraphIndent = 0;
        var literalNext = false;

        void EndParagraph()
        {
            if (paragraph.Count == 0)
            {
                return;
            }

            var joined = string.Join(" ", paragraph.Select(l => l.Trim()));
            if (joined.EndsWith("::", StringComparison.Ordinal))
            {
                // "like::" reads "like:" and announces a literal block; a lone "::" only announces it.
                literalNext = true;
                joined = joined.Length > 2 && joined[^3] != ' ' ? joined[..^1] : joined[..^2].TrimEnd();
            }

            joined = Inline(joined);
            if (joined.Length > 0)
            {
                blocks.Add(new Block(BlockKind.Paragraph, joined, paragraphLine));
            }

            paragraph.Clear();
        }

        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            var indent = line.Length - line.TrimStart().Length;
            if (trimmed.Length == 0)
            {
                EndParagraph();
                i++;
                continue;
            }

            // A literal block announced by "::": every following line indented deeper than the paragraph.
            if (literalNext && paragraph.Count == 0)
            {
                literalNext = false;
                if (indent > paragraphIndent)
                {
                    i = Indented(lines, i, paragraphIndent, out var code, out var start);
                    blocks.Add(new Block(BlockKind.Code, code, start + 1));
                    continue;
                }
            }

            // Markdown.
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                EndParagraph();
                var fence = trimmed[..3];
                var start = i;
                var body = new List<string>();
                i++;
                while (i < lines.Length && !lines[i].Trim().StartsWith(fence, StringComparison.Ordinal))
                {
                    body.Add(lines[i]);
                    i++;
                }

                blocks.Add(new Block(BlockKind.Code, Dedent(body), start + 1));
                i++;
                continue;
            }

            if (MarkdownHeading().Match(line) is { Success: true } md)
            {
                EndParagraph();
                blocks.Add(new Block(BlockKind.Heading, Inline(md.Groups[2].Value.Trim()), i + 1, md.Groups[1].Length));
                i++;
                continue;
            }

            // reStructuredText titles: overline + title + underline, or title + underline.
            if (paragraph.Count == 0 && IsAdornment(trimmed) && i + 2 < lines.Length && lines[i + 1].Trim().Length > 0
                && IsAdornment(lines[i + 2].Trim()) && lines[i + 2].Trim()[0] == trimmed[0])
            {
                blocks.Add(new Block(BlockKind.Heading, Inline(lines[i + 1].Trim()), i + 2, Level(styles, "over" + trimmed[0])));
                i += 3;
                continue;
            }

            if (paragraph.Count == 0 && indent == 0 && i + 1 < lines.Length && IsAdornment(lines[i + 1].Trim())
                && lines[i + 1].Trim().Length >= trimmed.Length && !IsAdornment(trimmed))
            {
                blocks.Add(new Block(BlockKind.Heading, Inline(trimmed), i + 1, Level(styles, "under" + lines[i + 1].Trim()[0])));
                i += 2;
                continue;
            }

            // Directives, comments and labels.
            if (trimmed.StartsWith(".. ", StringComparison.Ordinal) || trimmed == "..")
            {
                EndParagraph();
                var directive = Directive().Match(trimmed);
                var name = directive.Success ? directive.Groups[1].Value : "";
                var argument = directive.Success ? directive.Groups[2].Value.Trim() : "";
                i++;
                if (name is "code-block" or "code" or "sourcecode" or "doctest" or "testcode")
                {
                    i = SkipOptions(lines, i, indent);
                    i = Indented(lines, i, indent, out var code, out var start);
                    if (code.Length > 0)
                    {
                        blocks.Add(new Block(BlockKind.Code, code, start + 1));
                    }
                }
                else if (!directive.Success || name is "index" or "toctree" or "highlight" or "only" or "include" or "image" or "figure" or "sectionauthor" or "moduleauthor" or "testsetup" or "testcleanup")
                {
                    // A comment, a label (".. _x:") or markup with nothing to retrieve: skipped with its indented body.
                    i = Indented(lines, i, indent, out _, out _);
                }
                else
                {
                    // Admonitions and API entries: the argument (a signature, a title) and the body are prose.
                    if (argument.Length > 0)
                    {
                        blocks.Add(new Block(BlockKind.Paragraph, Inline(argument), i));
                    }

                    i = SkipOptions(lines, i, indent);
                }

                continue;
            }

            // Doctests and grid tables run to the next blank line.
            if (paragraph.Count == 0 && (trimmed.StartsWith(">>>", StringComparison.Ordinal) || trimmed.StartsWith("+-", StringComparison.Ordinal) || trimmed.StartsWith("+=", StringComparison.Ordinal)))
            {
                var start = i;
                var body = new List<string>();
                while (i < lines.Length && lines[i].Trim().Length > 0)
                {
                    body.Add(lines[i]);
                    i++;
                }

                blocks.Add(new Block(BlockKind.Code, Dedent(body), start + 1));
                continue;
            }

            if (paragraph.Count == 0)
            {
                paragraphLine = i + 1;
                paragraphIndent = indent;
            }

            paragraph.Add(line);
            i++;
        }

        EndParagraph();
        return blocks;
    }

    // Collects the block indented deeper than `baseIndent` from `i` (blank lines inside it kept); returns the next line.
    private static int Indented(string[] lines, int i, int baseIndent, out string text, out int start)
    {
        while (i < lines.Length && lines[i].Trim().Length == 0)
        {
            i++;
        }

        start = i;
        var body = new List<string>();
        while (i < lines.Length && (lines[i].Trim().Length == 0 || lines[i].Length - lines[i].TrimStart().Length > baseIndent))
        {
            body.Add(lines[i]);
            i++;
        }

        text = Dedent(body);
        return i;
    }

    private static int SkipOptions(string[] lines, int i, int baseIndent)
    {
        while (i < lines.Length && lines[i].Trim().StartsWith(':') && lines[i].Length - lines[i].TrimStart().Length > baseIndent)
        {
            i++;
        }

        return i;
    }

    private static string Dedent(List<string> body)
    {
        while (body.Count > 0 && body[^1].Trim().Length == 0)
        {
            body.RemoveAt(body.Count - 1);
        }

        var indent = body.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", body.Select(l => l.Length >= indent ? l[indent..].TrimEnd() : l.Trim()));
    }

    private static bool IsAdornment(string line) => line.Length >= 3 && Adornment.Contains(line[0], StringComparison.Ordinal) && line.All(c => c == line[0]);

    private static int Level(List<string> styles, string style)
    {
        if (!styles.Contains(style))
        {
            styles.Add(style);
        }

        return styles.IndexOf(style) + 1;
    }

    /// <summary>Inline markup reduced to its text.</summary>
    public static string Inline(string text)
    {
        text = Role().Replace(text, m => m.Groups[1].Value.TrimStart('!', '~'));
        text = Link().Replace(text, "$1");
        text = text.Replace("``", "", StringComparison.Ordinal).Replace("**", "", StringComparison.Ordinal);
        return Spaces().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.+?)\s*#*\s*$")]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"^\.\.\s+([A-Za-z][\w:-]*)::\s*(.*)$")]
    private static partial Regex Directive();

    [GeneratedRegex(@":[\w:.-]+:`([^`]+?)(?:\s*<[^>]+>)?`")]
    private static partial Regex Role();

    [GeneratedRegex(@"`([^`<]+?)\s*<[^>]+>`_{1,2}")]
    private static partial Regex Link();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
