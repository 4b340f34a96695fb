using System.Threading.Tasks;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MlAsCode.Analyzers.Tests;

/// <summary>Offline test setup: .NET 10 reference assemblies from a package, plus the MlAsCode attributes.</summary>
internal static class TestReferences
{
    // No reference package: the testing library would otherwise try to download one at test time.
    public static readonly ReferenceAssemblies None = new("net10.0");

    public static void Apply(SolutionState state)
    {
        state.AdditionalReferences.AddRange(Net100.References.All);
        state.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(MlProblemAttribute).Assembly.Location));
    }
}

internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(source, [], expected);

    /// <summary>With the assemblies of <paramref name="packages"/> referenced too (a project on those MlAsCode packages).</summary>
    public static Task VerifyWithPackagesAsync(string source, System.Type[] packages, params DiagnosticResult[] expected) =>
        VerifyAsync(source, [], expected, packages);

    public static Task VerifyAsync(string source, (string Path, string Text)[] additionalFiles, params DiagnosticResult[] expected) =>
        VerifyAsync(source, additionalFiles, expected, []);

    private static Task VerifyAsync(string source, (string Path, string Text)[] additionalFiles, DiagnosticResult[] expected, System.Type[] packages)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.None,
        };
        TestReferences.Apply(test.TestState);
        foreach (var package in packages)
        {
            test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(package.Assembly.Location));
        }

        foreach (var file in additionalFiles)
        {
            test.TestState.AdditionalFiles.Add((file.Path, file.Text));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyAsync(string source, string fixedSource, DiagnosticResult[] expected, DiagnosticResult[]? remainingAfterFix = null)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = TestReferences.None,
        };
        TestReferences.Apply(test.TestState);
        TestReferences.Apply(test.FixedState);
        test.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.ExpectedDiagnostics.AddRange(remainingAfterFix ?? []);
        return test.RunAsync();
    }
}

/// <summary>The verifier for the leakage analyzer: ML.NET and the MlAsCode runtime are referenced too.</summary>
internal static class LeakageVerifier
{
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<global::MlAsCode.Analyzers.Leakage.LeakageAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.None,
        };
        TestReferences.Apply(test.TestState);
        foreach (var file in System.IO.Directory.GetFiles(System.AppContext.BaseDirectory, "Microsoft.ML*.dll"))
        {
            test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(file));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
