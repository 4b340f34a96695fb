using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace MlAsCode.IntegrationTests;

/// <summary>mlac as a user gets it: the packed dotnet tool, installed from a local feed, run by its command name.</summary>
public class ToolTests
{
    private static readonly string[] Commands =
        ["frame", "assess-data", "select-model", "evaluate", "drift", "abtest", "cost", "model-card", "registry", "rag", "score"];

    [Fact]
    public async Task The_packed_tool_installs_from_a_local_feed_and_every_command_has_help_with_an_example()
    {
        var work = Directory.CreateTempSubdirectory("mlac-tool-").FullName;
        var feed = Path.Combine(work, "feed");
        var tools = Path.Combine(work, "tools");
        var packed = await DotNetCli.RunAsync(Repository.Root, Repository.GlobalPackagesFolder,
            "pack", Path.Combine("src", "MlAsCode.Cli", "MlAsCode.Cli.csproj"), "-c", "Release", "--no-build", "-o", feed);
        Assert.True(packed.ExitCode == 0, packed.Output);

        // Only the local feed: the install never reaches the network.
        var config = Path.Combine(work, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>
            """);
        var installed = await DotNetCli.RunAsync(work, Path.Combine(work, "nuget-packages"),
            "tool", "install", "MlAsCode.Cli", "--tool-path", tools, "--configfile", config, "--version", Repository.Version);
        Assert.True(installed.ExitCode == 0, installed.Output);
        var mlac = Path.Combine(tools, OperatingSystem.IsWindows() ? "mlac.exe" : "mlac");
        Assert.True(File.Exists(mlac), installed.Output);

        var help = await Run(mlac, work, "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.All(Commands, c => Assert.Contains(c, help.Output, StringComparison.Ordinal));
        foreach (var command in Commands.Where(c => c is not ("abtest" or "registry" or "rag")))
        {
            var commandHelp = await Run(mlac, work, command, "--help");
            Assert.True(commandHelp.ExitCode == 0, commandHelp.Output);
            Assert.Contains("Example: mlac " + command, commandHelp.Output, StringComparison.Ordinal);
        }

        // The help examples that need no earlier run's outputs, run by the installed tool from the repository root as
        // the README's commands are (the others read a churn sample run's out/ folder). Exit 1 means findings, not failure.
        foreach (var command in new[] { "select-model", "assess-data", "score", "frame" })
        {
            var commandHelp = await Run(mlac, work, command, "--help");
            var example = Example(commandHelp.Output, command);
            var directory = command == "frame" ? Directory.CreateTempSubdirectory("mlac-frame-").FullName : Repository.Root;
            var ran = await Run(mlac, directory, [.. example]);
            Assert.True(ran.ExitCode is 0 or 1, $"mlac {string.Join(' ', example)}\n{ran.Output}");
        }

        var guide = await Run(mlac, work, "select-model", "--task", "binary-classification", "--rows", "250000", "--json");
        Assert.True(guide.ExitCode == 0, guide.Output);
        Assert.Equal("Tabular classification", JsonDocument.Parse(guide.Output).RootElement.GetProperty("row").GetString());
    }

    // "Example: mlac frame churn --objective \"Cut monthly churn\" ..." → the arguments after "mlac", quotes honoured;
    // a parenthesised remark at the end is not part of the command.
    private static string[] Example(string help, string command)
    {
        var start = help.IndexOf("Example: mlac " + command, StringComparison.Ordinal);
        Assert.True(start >= 0, help);
        var text = help[(start + "Example: mlac ".Length)..];
        text = text[..text.IndexOf('\n', StringComparison.Ordinal)].Trim();
        if (text.IndexOf(" (", StringComparison.Ordinal) is var remark and > 0)
        {
            text = text[..remark];
        }

        return [.. System.Text.RegularExpressions.Regex.Matches(text, "\"([^\"]*)\"|(\\S+)").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)];
    }

    private static async Task<DotNetCli.Result> Run(string tool, string directory, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(tool) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new DotNetCli.Result(process.ExitCode, await output + await error);
    }
}
