using Microsoft.CodeAnalysis;
using MlAsCode.Common;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlAsCode.Generators.Common;

namespace MlAsCode.Generators.Features;

/// <summary>
/// For every <c>[FeatureSet]</c> partial type, adds a typed CSV loader (<c>ReadCsv</c>, <c>ParseCsv</c>) and the
/// feature pipeline definition (<c>Features</c>). Needs the MlAsCode.Runtime assembly; without it nothing is emitted.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class FeatureSetGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var sets = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeNames.FeatureSet,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax or StructDeclarationSyntax,
                static (ctx, ct) => FeatureSetParser.Parse(ctx, ct))
            .Where(static model => model is not null)
            .WithTrackingName(TrackingNames.FeatureSets);

        var runtimeAvailable = context.CompilationProvider
            .Select(static (compilation, _) => (
                Runtime: compilation.GetTypeByMetadataName(KnownNames.FeatureSetDefinition) is not null,
                Parquet: compilation.GetTypeByMetadataName(KnownNames.ParquetLoader) is not null))
            .WithTrackingName(TrackingNames.FeatureRuntimeAvailable);

        context.RegisterSourceOutput(sets.Combine(runtimeAvailable).WithTrackingName(TrackingNames.FeatureSetsWithRuntime), static (spc, pair) =>
        {
            var (model, runtime) = pair;
            if (model is null || !runtime.Runtime)
            {
                return;
            }

            spc.AddSource(model.Type.HintName + ".FeatureSet.g.cs", FeatureSetEmitter.Emit(model, runtime.Parquet));
        });
    }
}
