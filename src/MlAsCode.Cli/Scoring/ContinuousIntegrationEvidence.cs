using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MlAsCode.Cli.Scoring;

/// <summary>
/// Finds the CI file that builds a scored project. A pipeline counts only when it belongs to the project: it lives in
/// the project's folder, or in its repository (up to the folder holding <c>.git</c>) and names the project — its
/// folder, its <c>.csproj</c>, or a solution that includes the project. A workflow in some unrelated folder above is
/// no evidence about this project.
/// </summary>
internal static class ContinuousIntegrationEvidence
{
    /// <summary>"FILE builds …" naming the evidence, or null.</summary>
    public static string? Find(string folder, string project)
    {
        folder = Path.GetFullPath(folder);
        var projects = Directory.EnumerateFiles(folder, "*.csproj", SearchOption.TopDirectoryOnly).Select(Path.GetFileName).OfType<string>().ToList();
        if (project.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            projects = [Path.GetFileName(project)];
        }

        foreach (var root in Roots(folder))
        {
            foreach (var file in Files(root))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (root == folder)
                {
                    return $"{relative} in the project folder";
                }

                var text = File.ReadAllText(file).Replace('\\', '/');
                var projectFolder = Path.GetRelativePath(root, folder).Replace('\\', '/');
                // The folder as a whole path word: "samples/Churn" or "samples/Churn/…", not "samples/ChurnOld".
                if (System.Text.RegularExpressions.Regex.IsMatch(text, $@"(^|[\s""'=./]){System.Text.RegularExpressions.Regex.Escape(projectFolder)}(/|[\s""']|$)", System.Text.RegularExpressions.RegexOptions.Multiline))
                {
                    return $"{Path.Combine(root, relative)} names {projectFolder}";
                }

                if (projects.FirstOrDefault(p => text.Contains(p, StringComparison.Ordinal)) is { } named)
                {
                    return $"{Path.Combine(root, relative)} builds {named}";
                }

                foreach (var solution in Directory.EnumerateFiles(root, "*.sln", SearchOption.TopDirectoryOnly).Concat(Directory.EnumerateFiles(root, "*.slnx", SearchOption.TopDirectoryOnly)))
                {
                    var name = Path.GetFileName(solution);
                    var includes = File.ReadAllText(solution).Replace('\\', '/');
                    if (text.Contains(name, StringComparison.Ordinal) && projects.FirstOrDefault(p => includes.Contains($"{projectFolder}/{p}", StringComparison.Ordinal)) is { } member)
                    {
                        return $"{Path.Combine(root, relative)} builds {name}, which includes {projectFolder}/{member}";
                    }
                }
            }
        }

        return null;
    }

    // The project folder, then each folder above it up to the repository root (the folder holding .git); only the
    // project folder itself when it is not in a repository.
    private static IEnumerable<string> Roots(string folder)
    {
        var chain = new List<string>();
        for (var d = new DirectoryInfo(folder); d is not null; d = d.Parent)
        {
            chain.Add(d.FullName);
            if (Directory.Exists(Path.Combine(d.FullName, ".git")) || File.Exists(Path.Combine(d.FullName, ".git")))
            {
                return chain;
            }
        }

        return [folder];
    }

    private static IEnumerable<string> Files(string root)
    {
        foreach (var workflows in new[] { Path.Combine(root, ".github", "workflows"), Path.Combine(root, ".ci") })
        {
            if (Directory.Exists(workflows))
            {
                foreach (var file in Directory.EnumerateFiles(workflows).Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
        }

        foreach (var name in new[] { ".gitlab-ci.yml", "azure-pipelines.yml" })
        {
            if (File.Exists(Path.Combine(root, name)))
            {
                yield return Path.Combine(root, name);
            }
        }
    }
}
