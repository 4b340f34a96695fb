using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlAsCode.Common;
using MlAsCode.Generators.Common;

namespace MlAsCode.Generators.Experiments;

/// <summary>
/// For every <c>[Experiment]</c> partial class, adds its <c>Settings</c> and <c>RunAsync</c> overloads (with a trainer;
/// with the declared family when its trainer is referenced: ML.NET families from MlAsCode.Training, the MLP from
/// MlAsCode.Training.Torch). Needs the MlAsCode.Runtime assembly.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ExperimentGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var experiments = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeNames.Experiment,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (ctx, ct) => ExperimentParser.Parse(ctx, ct))
            .Where(static model => model is not null)
            .WithTrackingName(TrackingNames.Experiments);

        var runtime = context.CompilationProvider
            .Select(static (compilation, _) => (
                Runner: compilation.GetTypeByMetadataName(KnownNames.ExperimentRunner) is not null,
                MlNet: compilation.GetTypeByMetadataName(KnownNames.MlNetTrainer) is not null,
                Mlp: compilation.GetTypeByMetadataName(KnownNames.MlpTrainer) is not null,
                Documents: compilation.GetTypeByMetadataName(KnownNames.RunDocuments) is not null))
            .WithTrackingName(TrackingNames.ExperimentRuntime);

        context.RegisterSourceOutput(experiments.Combine(runtime).WithTrackingName(TrackingNames.ExperimentsWithRuntime), static (spc, pair) =>
        {
            var (model, available) = pair;
            if (model is null || !available.Runner)
            {
                return;
            }

            spc.AddSource(model.Type.HintName + ".Experiment.g.cs", ExperimentEmitter.Emit(model, available.MlNet, available.Mlp, available.Documents));
        });
    }
}
