using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.Json;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MlAsCode.Analyzers.ProblemFraming;
using MlAsCode.Cli;
using MlAsCode.Framing;

namespace MlAsCode.Cli.Tests;

public sealed class FrameCommandTests
{
    private static readonly string[] Complete =
    [
        "frame", "churn", "--namespace", "Shop", "--objective", "Cut monthly churn", "--success-metric", "Reduce churn 15% within two quarters",
        "--task", "binary-classification", "--target", "Customer cancels within 30 days", "--consumer", "api", "--latency", "real-time",
        "--metric", "pr-auc", "--baseline", "Month-to-month and tenure < 6 months", "--baseline-value", "0.41",
        "--data-available", "7,043 customers", "--data-gaps", "No usage history", "--ethics", "Offers must not depend on gender",
        "--protected", "female", "--roi", "About $1.1M/year", "--labeled-examples", "7043", "--must-adapt", "true", "--too-complex-for-humans", "true",
    ];

    private static string Temp(string name) => Path.Combine(Path.GetTempPath(), $"mlac-frame-{Guid.NewGuid():N}", name);

    // The scaffold as a user's project compiles it, with the problem-brief analyzer (ML0001-ML0005) running.
    private static ImmutableArray<Diagnostic> Build(string source)
    {
        var compilation = CSharpCompilation.Create("UserProject", [CSharpSyntaxTree.ParseText(source)],
            [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(MlProblemAttribute).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var compileErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(compileErrors.Count == 0, string.Join("\n", compileErrors));
        return compilation.WithAnalyzers([new ProblemBriefAnalyzer()]).GetAnalyzerDiagnosticsAsync().Result;
    }

    [Fact]
    public void A_complete_brief_is_written_as_csharp_that_builds_without_a_framing_diagnostic()
    {
        var file = Temp("ChurnProblem.cs");
        var (code, output, error) = Mlac.Run([.. Complete, "--out", file, "--json"]);
        Assert.True(code == MlacApp.Ok, error + output);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(("ChurnProblem", 0, "ml"), (json.GetProperty("class").GetString(), json.GetProperty("missing").GetArrayLength(),
            json.GetProperty("decision").GetProperty("recommendation").GetString()));

        var source = File.ReadAllText(file);
        Assert.Contains("[MlProblem(\"churn\",", source, StringComparison.Ordinal);
        Assert.Contains("Task = MlTask.BinaryClassification", source, StringComparison.Ordinal);
        Assert.Contains("[Baseline(\"Month-to-month and tenure < 6 months\", Metric = Metric.PrAuc, Value = 0.41)]", source, StringComparison.Ordinal);
        Assert.Equal(3, source.Split('\n').Count(l => l.StartsWith("[KillCriterion(", StringComparison.Ordinal)));   // the methodology's three
        Assert.Contains("//   Training data >1,000 labeled examples? yes (7,043) → ML", source, StringComparison.Ordinal);
        Assert.Empty(Build(source).Where(d => d.Id.StartsWith("ML000", StringComparison.Ordinal)));

        // The file is not overwritten without --force.
        (code, _, error) = Mlac.Run([.. Complete, "--out", file]);
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("--force", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_brief_lists_what_is_missing_and_its_first_build_asks_for_it()
    {
        var file = Temp("FraudProblem.cs");
        var (code, output, _) = Mlac.Run(["frame", "fraud", "--out", file, "--explainable-in-rules", "true", "--must-be-auditable", "true", "--labeled-examples", "300"]);
        Assert.Equal(MlacApp.Findings, code);
        Assert.Contains("ML vs rules: start with rules (2 signals for rules, 0 for ML)", output, StringComparison.Ordinal);
        Assert.Contains("still to decide: business_objective, success_metric, ml_task_type", output, StringComparison.Ordinal);
        var diagnostics = Build(File.ReadAllText(file));
        Assert.Contains(diagnostics, d => d.Id == "ML0002");   // no baseline
        Assert.Contains(diagnostics, d => d.Id == "ML0003");   // empty objective / success metric
    }

    [Fact]
    public void Interactive_answers_fill_what_the_flags_leave_out()
    {
        var file = Temp("ChurnProblem.cs");
        var answers = new StringReader(string.Join("\n",
            "Cut monthly churn", "Reduce churn 15%", "binary-classification", "Cancels within 30 days", "api", "real-time", "pr-auc", "Month-to-month",
            "7,043 customers", "No usage history", "None known", "About $1M/year", "7043", "maybe", "n", "y", "y", "n", ""));
        var output = new StringWriter();
        var error = new StringWriter();
        var code = MlacApp.Run(["frame", "churn", "--out", file, "--interactive"], output, error, answers);
        Assert.True(code == MlacApp.Ok, error.ToString() + output);
        Assert.Contains("answer y or n.", output.ToString(), StringComparison.Ordinal);
        var source = File.ReadAllText(file);
        Assert.Contains("BusinessObjective = \"Cut monthly churn\"", source, StringComparison.Ordinal);
        Assert.Contains("Latency = LatencyClass.RealTime", source, StringComparison.Ordinal);
        Assert.Contains("//   Logic is explainable in <10 rules? no → neither", source, StringComparison.Ordinal);
        Assert.Contains("//   Pattern is too complex for humans? yes → ML", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_values_are_usage_errors_naming_the_option_and_the_choices()
    {
        var (code, _, error) = Mlac.Run(["frame", "churn", "--out", Temp("X.cs"), "--task", "telepathy"]);
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("Unknown --task 'telepathy'; expected one of binary-classification, multiclass-classification, regression", error, StringComparison.Ordinal);
        (code, _, error) = Mlac.Run(["frame", "2fast", "--out", Temp("Y.cs")]);
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("is not a C# class name", error, StringComparison.Ordinal);
        Assert.Equal("\"a \\\"quoted\\\" \\\\ line\\n\"", BriefScaffold.Literal("a \"quoted\" \\ line\n"));
        Assert.Equal("\"a\\u2028b\"", BriefScaffold.Literal("a\u2028b"));   // a line break in C# source
        (code, _, error) = Mlac.Run(["frame", "churn", "--class", "int", "--out", Temp("Z.cs")]);
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("'int' is not a C# class name", error, StringComparison.Ordinal);
    }
}
