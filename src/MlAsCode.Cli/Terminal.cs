using System;
using System.IO;
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

    /// <summary>A Spectre console writing to <paramref name="output"/>.</summary>
    public static IAnsiConsole Rich(TextWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(output),
        Ansi = ForceInteractive ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = ForceInteractive ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        Interactive = InteractionSupport.Yes,
    });
}
