using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlAsCode.Common;
using MlAsCode.Generators.Common;

namespace MlAsCode.Generators.Serving;

/// <summary>
/// For every <c>[Serve]</c> partial class, adds <c>Add{Name}</c> (on <c>IServiceCollection</c> and
/// <c>WebApplicationBuilder</c>) and <c>Map{Name}</c> (extension methods when the class is static and top-level).
/// Needs MlAsCode.Serving; nothing is emitted until the problem has a brief and a feature set is found.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ServeGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var services = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeNames.Serve,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => ServeParser.Parse(ctx, ct))
            .Where(static model => model is not null)
            .WithTrackingName(TrackingNames.Services);

        var runtime = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName(KnownNames.ServingExtensions) is not null)
            .WithTrackingName(TrackingNames.ServingRuntime);

        context.RegisterSourceOutput(services.Combine(runtime).WithTrackingName(TrackingNames.ServicesWithRuntime), static (spc, pair) =>
        {
            var (model, available) = pair;
            if (model is null || !available || model.Problem is null || model.Row is null)
            {
                return;
            }

            spc.AddSource(model.Type.HintName + ".Serve.g.cs", ServeEmitter.Emit(model));
        });
    }
}
