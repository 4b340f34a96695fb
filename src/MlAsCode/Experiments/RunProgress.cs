using System;
using System.IO;

namespace MlAsCode.Experiments;

/// <summary>The stage of an experiment run a progress report is about.</summary>
public enum RunStage
{
    /// <summary>The data quality gate.</summary>
    Quality,

    /// <summary>Deduplication and the holdout split.</summary>
    Split,

    /// <summary>One tuning trial (cross-validated).</summary>
    Tuning,

    /// <summary>The final fit.</summary>
    Training,

    /// <summary>The one evaluation on the holdout.</summary>
    Evaluation,
}

/// <summary>One progress report: the stage, how far it is (<see cref="Done"/> of <see cref="Total"/>) and a line of text.</summary>
public sealed record RunProgress(RunStage Stage, int Done, int Total, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}

/// <summary>
/// Shows a run's progress on a console: in an interactive terminal, one line per stage with a progress bar that
/// fills during tuning; when the output is redirected (CI, logs), plain lines, one per report.
/// </summary>
public sealed class ConsoleRunProgress : IProgress<RunProgress>
{
    private const int BarWidth = 24;
    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly string _prefix;
    private bool _open;

    /// <summary>Creates the reporter.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="interactive">Draw progress bars (a terminal) or write plain lines (redirected output).</param>
    /// <param name="prefix">Put before every line (e.g. the experiment id).</param>
    public ConsoleRunProgress(TextWriter writer, bool interactive, string prefix = "")
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _interactive = interactive;
        _prefix = prefix;
    }

    /// <summary>A reporter on standard output that draws bars only when the output is a terminal.</summary>
    public static ConsoleRunProgress ForConsole(string prefix = "") => new(Console.Out, !Console.IsOutputRedirected, prefix);

    /// <inheritdoc />
    public void Report(RunProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!_interactive)
        {
            _writer.WriteLine(_prefix + value.Message);
            return;
        }

        if (value.Stage == RunStage.Tuning && value.Total > 0)
        {
            var filled = (int)Math.Round((double)BarWidth * value.Done / value.Total);
            _writer.Write($"\r{_prefix}tuning [{new string('#', filled)}{new string('-', BarWidth - filled)}] {value.Done}/{value.Total}");
            _open = value.Done < value.Total;
            if (!_open)
            {
                _writer.WriteLine();
            }

            return;
        }

        if (_open)
        {
            _writer.WriteLine();
            _open = false;
        }

        _writer.WriteLine(_prefix + value.Message);
    }
}
