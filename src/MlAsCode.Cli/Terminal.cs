using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Spectre.Console;

namespace MlAsCode.Cli;

/// <summary>
/// Rich output (Spectre.Console tables and progress bars) when mlac writes to an interactive terminal; plain text, which
/// scripts and pipes can parse, when its output is redirected or captured.
/// </summary>
internal static class Terminal
{
    private static readonly System.Threading.AsyncLocal<bool> Forced = new();

    /// <summary>Tests set this (for their own flow only) to render as a terminal would.</summary>
    internal static bool ForceInteractive
    {
        get => Forced.Value;
        set => Forced.Value = value;
    }

    /// <summary>Whether <paramref name="output"/> is the console of a person at a terminal.</summary>
    public static bool IsInteractive(TextWriter output) =>
        ForceInteractive || (ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected);

    /// <summary>A Spectre console writing to <paramref name="output"/> (as wide as the terminal; 160 columns when
    /// forced, so tests see every table unwrapped).</summary>
    public static IAnsiConsole Rich(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = ForceInteractive ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = ForceInteractive ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        if (ForceInteractive)
        {
            console.Profile.Width = 160;
        }

        return console;
    }

    /// <summary>Writes a table of already formatted cells (escaped here). <paramref name="colour"/> may name a colour
    /// for a cell's text (e.g. <c>red</c> for <c>critical</c>); columns after the first are right-aligned when
    /// <paramref name="numeric"/> says so.</summary>
    public static void Table(TextWriter output, string? title, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows,
        Func<string, string?>? colour = null, Func<int, bool>? numeric = null)
    {
        var table = new Table();
        if (title is not null)
        {
            table.Title(Markup.Escape(title));
        }

        for (var i = 0; i < headers.Count; i++)
        {
            var column = new TableColumn(Markup.Escape(headers[i]));
            table.AddColumn(numeric?.Invoke(i) == true ? column.RightAligned() : column);
        }

        foreach (var row in rows)
        {
            table.AddRow([.. row.Select(cell => colour?.Invoke(cell) is { } c ? $"[{c}]{Markup.Escape(cell)}[/]" : Markup.Escape(cell))]);
        }

        Rich(output).Write(table);
    }

    /// <summary>The colour of a severity or decision word: red for critical, failures and kills, yellow for warnings
    /// and iterate, green for ok and ship; none for anything else.</summary>
    public static string? Severity(string cell) => cell switch
    {
        "critical" or "breached" or "kill" or "failed" or "refused" => "red",
        "warning" or "iterate" => "yellow",
        "none" or "ok" or "ship" or "passed" => "green",
        _ => null,
    };
}
