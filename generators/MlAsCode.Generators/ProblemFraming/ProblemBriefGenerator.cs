using Microsoft.CodeAnalysis;
using MlAsCode.Common;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlAsCode.Generators.Common;

namespace MlAsCode.Generators.ProblemFraming;

/// <summary>
/// For every <c>[MlProblem]</c> partial class, adds <c>Brief</c> (a typed, immutable problem brief) and
/// <c>Rubric</c> (its quality score). Needs the MlAsCode.Runtime assembly; without it nothing is emitted, so a
/// project with only the attributes still compiles and still gets the analyzers.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ProblemBriefGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var briefs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeNames.MlProblem,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (ctx, ct) => ProblemBriefParser.Parse(ctx, ct))
            .Where(static model => model is not null)
            .WithTrackingName(TrackingNames.ProblemBriefs);

        var runtimeAvailable = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName(KnownNames.ProblemBrief) is not null)
            .WithTrackingName(TrackingNames.RuntimeAvailable);

        var withRuntime = briefs.Combine(runtimeAvailable).WithTrackingName(TrackingNames.ProblemBriefsWithRuntime);

        context.RegisterSourceOutput(withRuntime, static (spc, pair) =>
        {
            var (model, runtime) = pair;
            if (model is null || !runtime)
            {
                return;
            }

            spc.AddSource(model.Type.HintName + ".MlProblem.g.cs", ProblemBriefEmitter.Emit(model));
        });
    }
}
