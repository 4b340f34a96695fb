using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using MlAsCode.Cli.Commands;

namespace MlAsCode.Cli;

/// <summary>
/// The <c>mlac</c> command line. Exit codes: 0 success, 1 findings (e.g. data below the quality gate), 2 usage or
/// input error (unknown option, missing file, bad column), always with a message on standard error.
/// </summary>
public static class MlacApp
{
    /// <summary>Exit code for success.</summary>
    public const int Ok = 0;

    /// <summary>Exit code when the command ran and found problems.</summary>
    public const int Findings = 1;

    /// <summary>Exit code for a usage or input error.</summary>
    public const int UsageError = 2;

    /// <summary>Runs one command line, writing results to <paramref name="output"/> and errors to <paramref name="error"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, TextReader.Null);

    /// <summary>Runs one command line; <paramref name="input"/> answers the questions of <c>mlac frame --interactive</c>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, TextReader input)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = new RootCommand("mlac: production ML discipline from the command line (MlAsCode).")
        {
            FrameCommand.Create(output, error, input),
            AssessDataCommand.Create(output, error),
            SelectModelCommand.Create(output, error),
            EvaluateCommand.Create(output, error),
            DriftCommand.Create(output, error),
            AbTestCommand.Create(output, error),
            CostCommand.Create(output, error),
            ModelCardCommand.Create(output, error),
            RegistryCommand.Create(output, error),
            RagCommand.Create(output, error),
            ScoreCommand.Create(output, error),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                error.WriteLine($"mlac: {problem.Message}");
            }

            error.WriteLine("Run 'mlac --help' or 'mlac COMMAND --help' for usage.");
            return UsageError;
        }

        if (parsed.CommandResult.Command == root && !args.Any(a => a is "-h" or "--help" or "-?" or "--version"))
        {
            error.WriteLine("mlac: name a command. Commands: " + string.Join(", ", root.Subcommands.Select(c => c.Name)) + ".");
            error.WriteLine("Run 'mlac --help' for usage.");
            return UsageError;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
