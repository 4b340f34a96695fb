using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace MlAsCode.IntegrationTests;

/// <summary>Runs the dotnet CLI on a throwaway project, isolated from this repository's build settings.</summary>
internal static class DotNetCli
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(string workingDirectory, string nugetPackages, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs inside an MSBuild-started process; its MSBuild variables must not leak into the child.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["NUGET_PACKAGES"] = nugetPackages;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMinutes(5))) != exited)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in 5 minutes");
        }

        return new Result(process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>A folder outside the repository holding a user project that restores only from the packed packages.</summary>
internal sealed class ThrowawayProject : IDisposable
{
    public ThrowawayProject(string packageReferences, IReadOnlyDictionary<string, string> files)
    {
        Root = System.IO.Directory.CreateTempSubdirectory("mlascode-consumer-").FullName;
        Directory = Path.Combine(Root, "App");
        NuGetPackages = Path.Combine(Root, "nuget-packages");
        System.IO.Directory.CreateDirectory(Directory);

        // Sources: the packages just built, and this machine's NuGet cache (a folder feed) for their dependencies,
        // which the repository's own restore has already put there: the test never reaches the network.
        // Empty imports stop MSBuild from walking up into whatever folder the temp directory sits in.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Repository.PackageFolder}" />
                <add key="machine-cache" value="{Repository.GlobalPackagesFolder}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local">
                  <package pattern="MlAsCode" />
                  <package pattern="MlAsCode.*" />
                </packageSource>
                <packageSource key="machine-cache">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(Directory, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
            {packageReferences}
              </ItemGroup>
            </Project>
            """);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(Directory, name), text);
        }
    }

    public string Root { get; }

    public string Directory { get; }

    public string NuGetPackages { get; }

    public Task<DotNetCli.Result> DotNetAsync(params string[] arguments) => DotNetCli.RunAsync(Directory, NuGetPackages, arguments);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the OS cleans the temp folder later.
        }
    }
}

internal static class Repository
{
    /// <summary>Where the build wrote the packages (the repository's PackageOutputPath).</summary>
    public static string PackageFolder { get; } = Path.GetFullPath(Metadata("PackageFolder"));

    /// <summary>The machine's NuGet global packages folder, where the repository's restore put every dependency.</summary>
    public static string GlobalPackagesFolder { get; } =
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The version the build gave the packages.</summary>
    public static string Version { get; } = Metadata("PackageVersion");

    /// <summary>The repository's root (the folder with MlAsCode.sln), found above the test's output folder.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "MlAsCode.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("MlAsCode.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value!;
}
