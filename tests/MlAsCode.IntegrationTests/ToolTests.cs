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

        // Every command's and subcommand's help has an example; the examples are run below, in this order, as a user
        // would after the churn sample's main command: from a folder holding the repository's samples/ and docs/.
        var examples = new System.Collections.Generic.List<string[]>();
        foreach (var command in Commands)
        {
            var commandHelp = await Run(mlac, work, command, "--help");
            Assert.True(commandHelp.ExitCode == 0, commandHelp.Output);
            if (Subcommands(command) is { Length: > 0 } subcommands)
            {
                foreach (var subcommand in subcommands)
                {
                    Assert.Contains(subcommand, commandHelp.Output, StringComparison.Ordinal);
                    examples.Add(Example((await Run(mlac, work, command, subcommand, "--help")).Output, $"{command} {subcommand}"));
                }
            }
            else
            {
                examples.Add(Example(commandHelp.Output, command));
            }
        }

        var user = Directory.CreateDirectory(Path.Combine(work, "user")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(user, "samples"), Path.Combine(Repository.Root, "samples"));
        Directory.CreateSymbolicLink(Path.Combine(user, "docs"), Path.Combine(Repository.Root, "docs"));
        try
        {
            await RunEveryExample(mlac, work, user, examples);
        }
        finally
        {
            // The links first, so deleting the folder never reaches into the repository.
            Directory.Delete(Path.Combine(user, "samples"));
            Directory.Delete(Path.Combine(user, "docs"));
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task RunEveryExample(string mlac, string work, string user, System.Collections.Generic.List<string[]> examples)
    {
        var sample = Path.Combine(Repository.Root, "samples", "Churn", "bin", "Release", "net10.0", "Churn.dll");
        Assert.True(File.Exists(sample), $"{sample} is not built: build the solution in Release first");
        var churn = await DotNetCli.RunAsync(user, Repository.GlobalPackagesFolder, sample);
        Assert.True(churn.ExitCode == 0, churn.Output);
        foreach (var output in new[] { "experiments/lightgbm/evaluation_report.html", "experiments/lightgbm/predictions.csv", "predictions.jsonl", "ab_outcomes.csv", ".mlac/registry.db" })
        {
            Assert.True(File.Exists(Path.Combine(user, "out", "churn", output)), $"{output} missing after the churn sample:\n{churn.Output}");
        }

        Assert.Contains("churn 1.0.0 (production)", churn.Output, StringComparison.Ordinal);
        await OpensInChromium(Path.Combine(user, "out", "churn", "experiments", "lightgbm", "evaluation_report.html"), Directory.CreateDirectory(Path.Combine(work, "chromium")).FullName);

        // Exit 1 means findings (drift, a refused promotion, nothing to roll back, an undecided A/B test), not failure.
        var outputs = new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var example in examples)
        {
            var directory = example[0] == "frame" ? Directory.CreateDirectory(Path.Combine(work, "frame")).FullName : user;
            var ran = await Run(mlac, directory, example);
            Assert.True(ran.ExitCode is 0 or 1, $"mlac {string.Join(' ', example)}\n{ran.Output}");
            outputs[example[0] + (example.Length > 1 && !example[1].StartsWith('-') && Subcommands(example[0]).Contains(example[1]) ? " " + example[1] : "")] = ran.Output;
        }

        // What the examples found in the churn sample's outputs.
        Assert.Equal("1.1.0", Regex(outputs["registry register"], @"registered churn (\S+) "));
        Assert.Contains("does not beat production", outputs["registry promote"], StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(user, "out", "churn", "holdout_report.html")));
        Assert.Equal("none", JsonDocument.Parse(outputs["drift"]).RootElement.GetProperty("columns").GetProperty("contract").GetProperty("severity").GetString());
        Assert.Contains("correct", outputs["abtest analyze"], StringComparison.Ordinal);
        Assert.Contains("\"source\": \"monitoring.md\"", outputs["rag search"], StringComparison.Ordinal);
        Assert.Contains("[Source: ", outputs["rag ask"], StringComparison.Ordinal);
        Assert.Contains("recall@5", outputs["rag eval"], StringComparison.OrdinalIgnoreCase);

        var guide = await Run(mlac, work, "select-model", "--task", "binary-classification", "--rows", "250000", "--json");
        Assert.True(guide.ExitCode == 0, guide.Output);
        Assert.Equal("Tabular classification", JsonDocument.Parse(guide.Output).RootElement.GetProperty("row").GetString());
    }

    private static string[] Subcommands(string command) => command switch
    {
        "abtest" => ["plan", "analyze"],
        "registry" => ["list", "history", "at", "register", "promote", "check", "approve", "rollback", "verify"],
        "rag" => ["ingest", "search", "ask", "eval"],
        _ => [],
    };

    private static string Regex(string text, string pattern)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, pattern);
        Assert.True(match.Success, text);
        return match.Groups[1].Value;
    }

    // The report as a browser loads it: Debian's Chromium, headless, prints the DOM after the page loaded.
    private static async Task OpensInChromium(string report, string profile)
    {
        var chromium = Environment.GetEnvironmentVariable("MLASCODE_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"Chromium not found at {chromium}: install Debian's chromium package (.ci/run does) or set MLASCODE_CHROMIUM.");
        var dom = await Run(chromium, profile, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--dump-dom", new Uri(report).AbsoluteUri);
        Assert.True(dom.ExitCode == 0, dom.Output);
        Assert.Contains("EXP-2026-11-26-001", dom.Output, StringComparison.Ordinal);
        Assert.True(System.Text.RegularExpressions.Regex.Count(dom.Output, "<svg[^>]*class=\"plot\"") >= 4, dom.Output[..Math.Min(2000, dom.Output.Length)]);
    }

    // "Example: mlac frame churn --objective \"Cut monthly churn\" ..." → the arguments after "mlac", quotes honoured.
    private static string[] Example(string help, string command)
    {
        var start = help.IndexOf("Example: mlac " + command, StringComparison.Ordinal);
        Assert.True(start >= 0, help);
        var text = help[(start + "Example: mlac ".Length)..];
        text = text[..text.IndexOf('\n', StringComparison.Ordinal)].Trim();

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
