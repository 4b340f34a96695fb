using System.IO;
using MlAsCode.Cli;

namespace MlAsCode.Cli.Tests;

/// <summary>Runs one mlac command line in process, capturing its exit code, standard output and standard error.</summary>
internal static class Mlac
{
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = MlacApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
