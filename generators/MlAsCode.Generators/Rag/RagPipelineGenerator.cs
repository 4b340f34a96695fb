using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlAsCode.Common;
using MlAsCode.Generators.Common;

namespace MlAsCode.Generators.Rag;

/// <summary>
/// For every <c>[RagPipeline]</c> partial class, adds its <c>Options</c> and <c>Open</c>; with <c>[Serve]</c> and the
/// MlAsCode.Rag.Serving package, also <c>Add{Name}</c> and <c>Map{Name}</c>, which call that package for
/// <c>POST {Route}/ask</c>. Needs MlAsCode.Rag; nothing is emitted without it.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RagPipelineGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var pipelines = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeNames.RagPipeline,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => RagPipelineParser.Parse(ctx, ct))
            .Where(static model => model is not null)
            .WithTrackingName(TrackingNames.RagPipelines);

        // (the RAG runtime is referenced, the RAG serving package is referenced)
        var runtime = context.CompilationProvider
            .Select(static (compilation, _) => (
                Rag: compilation.GetTypeByMetadataName(KnownNames.RagEngine) is not null,
                Web: compilation.GetTypeByMetadataName(KnownNames.RagServiceExtensions) is not null))
            .WithTrackingName(TrackingNames.RagRuntime);

        context.RegisterSourceOutput(pipelines.Combine(runtime).WithTrackingName(TrackingNames.RagPipelinesWithRuntime), static (spc, pair) =>
        {
            var (model, available) = pair;
            if (model is null || !available.Rag)
            {
                return;
            }

            spc.AddSource(model.Type.HintName + ".RagPipeline.g.cs", RagPipelineEmitter.Emit(model, available.Web));
        });
    }
}
