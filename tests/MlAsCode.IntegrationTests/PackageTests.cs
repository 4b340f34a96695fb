using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;

namespace MlAsCode.IntegrationTests;

/// <summary>The packages, not project references, are what users get: build real projects against them.</summary>
public class PackageTests
{
    // Line 8, column 22 is the class name: that is where ML0001 must point.
    private const string BriefWithoutKillCriteria = """
        using MlAsCode;

        namespace Consumer;

        [MlProblem("churn", BusinessObjective = "Cut churn", SuccessMetric = "Reduce churn 15%",
            Task = MlTask.BinaryClassification, PredictionTarget = "Cancels within 30 days")]
        [Baseline(BaselineKind.MajorityClass)]
        public partial class Churn;
        """;

    private const string ExpectedWarning = "Problem.cs(8,22): warning ML0001: Problem brief 'Churn' declares no kill criteria";

    /// <summary>CS8032: an analyzer or generator could not be loaded; AD0001: one threw. Either would hide diagnostics.</summary>
    private static void AssertCompilerLoadedEveryExtension(string output)
    {
        Assert.DoesNotContain("CS8032", output);
        Assert.DoesNotContain("CS8784", output);
        Assert.DoesNotContain("AD0001", output);
    }

    private static string Reference(string id) => $"""    <PackageReference Include="{id}" Version="{Repository.Version}" />""";

    [Fact]
    public void The_MlAsCode_package_holds_the_attributes_and_the_compiler_extensions()
    {
        using var package = ZipFile.OpenRead(Path.Combine(Repository.PackageFolder, $"MlAsCode.{Repository.Version}.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();

        Assert.Contains("lib/netstandard2.0/MlAsCode.Abstractions.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/MlAsCode.Generators.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/MlAsCode.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/MlAsCode.Analyzers.CodeFixes.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/") && e.Contains("Generators"));
        Assert.Contains("README.md", entries);
    }

    // The getting-started guide tells users to reference Training and Serving: every library the build makes is packed.
    [Theory]
    [InlineData("MlAsCode")]
    [InlineData("MlAsCode.Runtime")]
    [InlineData("MlAsCode.Operations")]
    [InlineData("MlAsCode.Parquet")]
    [InlineData("MlAsCode.Training")]
    [InlineData("MlAsCode.Training.Torch")]
    [InlineData("MlAsCode.Serving")]
    [InlineData("MlAsCode.Rag")]
    [InlineData("MlAsCode.Rag.Serving")]
    public void The_build_packs_every_library(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(Repository.PackageFolder, $"{id}.{Repository.Version}.nupkg"));
        var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", System.StringComparison.Ordinal));
        using var reader = new StreamReader(nuspec.Open());
        Assert.Contains($"<id>{id}</id>", reader.ReadToEnd(), System.StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Dependencies(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(Repository.PackageFolder, $"{id}.{Repository.Version}.nupkg"));
        using var reader = new StreamReader(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", System.StringComparison.Ordinal)).Open());
        return System.Xml.Linq.XDocument.Parse(reader.ReadToEnd()).Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string?)e.Attribute("include"), System.StringComparer.Ordinal);
    }

    private static bool Heavy(string id) => id.Contains("Sqlite", System.StringComparison.OrdinalIgnoreCase) || id.Contains("Npgsql", System.StringComparison.Ordinal)
        || id.Contains("Parquet", System.StringComparison.Ordinal) || id.Contains("YamlDotNet", System.StringComparison.Ordinal);

    // The runtime core is what generated code and trainers call: no database, Parquet or YAML library comes with it.
    // Those come with MlAsCode.Operations (stores, registry, cards) and MlAsCode.Parquet, each on top of the core.
    [Fact]
    public void The_runtime_package_depends_on_no_database_parquet_or_yaml_library()
    {
        var runtime = Dependencies("MlAsCode.Runtime");
        Assert.Contains("MlAsCode", runtime.Keys);
        Assert.Contains("MathNet.Numerics", runtime.Keys);
        Assert.DoesNotContain(runtime.Keys, Heavy);
        Assert.DoesNotContain(runtime.Keys, id => id.StartsWith("MlAsCode.", System.StringComparison.Ordinal));

        var operations = Dependencies("MlAsCode.Operations");
        Assert.Contains("MlAsCode.Runtime", operations.Keys);
        Assert.Contains("Microsoft.Data.Sqlite", operations.Keys);
        Assert.Contains("Npgsql", operations.Keys);
        Assert.Contains("YamlDotNet", operations.Keys);
        Assert.Contains("Parquet.Net", Dependencies("MlAsCode.Parquet").Keys);
    }

    // MlAsCode.Rag uses nothing of the runtime: a RAG application does not pull SQLite, PostgreSQL, Parquet or YAML, and
    // still gets the generators (the MlAsCode package, all its assets).
    [Fact]
    public void The_rag_package_depends_on_the_attributes_not_on_the_runtime()
    {
        var dependencies = Dependencies("MlAsCode.Rag");
        Assert.DoesNotContain("MlAsCode.Runtime", dependencies.Keys);
        Assert.Equal("All", dependencies["MlAsCode"]);
        Assert.DoesNotContain(dependencies.Keys, Heavy);
    }

    // `dotnet pack` of the whole solution (what a release does) packs every library and the tool without an error
    // (it failed with NU5026 and NU5104 before).
    [Fact]
    public async Task Packing_the_solution_writes_every_package()
    {
        var output = Directory.CreateTempSubdirectory("mlascode-pack-").FullName;
        try
        {
            var result = await DotNetCli.RunAsync(Repository.Root, Repository.GlobalPackagesFolder, "pack", "MlAsCode.sln", "-c", "Release", "--no-build", "-o", output);
            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Equal(
                ["MlAsCode", "MlAsCode.Cli", "MlAsCode.Operations", "MlAsCode.Parquet", "MlAsCode.Rag", "MlAsCode.Rag.Serving", "MlAsCode.Runtime", "MlAsCode.Serving", "MlAsCode.Training", "MlAsCode.Training.Torch"],
                Directory.GetFiles(output, "*.nupkg").Select(f => Path.GetFileName(f)[..^$".{Repository.Version}.nupkg".Length]).Order(System.StringComparer.Ordinal).ToArray());
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task A_project_on_the_packages_gets_the_warning_on_the_class_name_and_the_generated_brief()
    {
        using var project = new ThrowawayProject(Reference("MlAsCode.Runtime"), new Dictionary<string, string>
        {
            ["Problem.cs"] = BriefWithoutKillCriteria,
            ["Program.cs"] = """
                var rubric = Consumer.Churn.Rubric[MlAsCode.Rubric.RubricDimension.ProblemFraming];
                Console.WriteLine($"{Consumer.Churn.Brief.Name}|{Consumer.Churn.Brief.Baseline!.Kind}|{rubric.Points}");
                """,
        });

        var build = await project.DotNetAsync("build", "-c", "Release", "--disable-build-servers");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains(ExpectedWarning, build.Output);
        AssertCompilerLoadedEveryExtension(build.Output);

        var run = await project.DotNetAsync("run", "--no-build", "-c", "Release");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal("churn|MajorityClass|3", run.Output.Trim());

        var strict = await project.DotNetAsync("build", "-c", "Release", "--no-incremental", "--disable-build-servers", "-p:TreatWarningsAsErrors=true");
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("Problem.cs(8,22): error ML0001", strict.Output);
    }

    [Fact]
    public async Task The_attributes_package_alone_brings_the_analyzers_and_compiles_without_the_runtime()
    {
        using var project = new ThrowawayProject(Reference("MlAsCode"), new Dictionary<string, string>
        {
            ["Problem.cs"] = BriefWithoutKillCriteria,
            ["Program.cs"] = """Console.WriteLine(typeof(Consumer.Churn).Name);""",
        });

        var build = await project.DotNetAsync("build", "-c", "Release", "--disable-build-servers");

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains(ExpectedWarning, build.Output);
        AssertCompilerLoadedEveryExtension(build.Output);
        Assert.False(File.Exists(Path.Combine(project.Directory, "bin", "Release", "net10.0", "MlAsCode.dll")));
    }
}
