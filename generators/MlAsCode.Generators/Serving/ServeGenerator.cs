using System.Linq;
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

        // The feature sets linked to a problem, for services that name only the problem: one cached provider over
        // [FeatureSet], never a scan of the compilation.
        var featureSets = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeNames.FeatureSet,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, ct) => ProblemFeatureSet.Parse(ctx, ct))
            .Where(static set => set is not null)
            .Collect()
            .Select(static (sets, _) => sets.Select(s => s!).OrderBy(s => s.Row, System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.ProblemFeatureSets);

        context.RegisterSourceOutput(services.Combine(featureSets).Combine(runtime).WithTrackingName(TrackingNames.ServicesWithRuntime), static (spc, pair) =>
        {
            var ((model, sets), available) = pair;
            if (model is null || !available || model.Problem is null)
            {
                return;
            }

            var row = model.ExplicitRow ? model.Row : sets.FirstOrDefault(s => s.Problem == model.Problem)?.Row;
            if (row is null)
            {
                return;
            }

            var fallback = model.Fallback is not null && model.FallbackRows.Contains(row) ? model.Fallback : null;
            spc.AddSource(model.Type.HintName + ".Serve.g.cs", ServeEmitter.Emit(model with { Row = row, Fallback = fallback }));
        });
    }
}
