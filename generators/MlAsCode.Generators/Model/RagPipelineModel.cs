using MlAsCode.Generators.Common;

namespace MlAsCode.Generators.Model;

/// <summary>A <c>[RagPipeline]</c> declaration (with its <c>[Serve]</c>, when present), as names and C# expressions.</summary>
/// <param name="Type">The declaring type.</param>
/// <param name="Name">The pipeline's name.</param>
/// <param name="MethodSuffix">What follows <c>Add</c>/<c>Map</c>: the class name.</param>
/// <param name="StorePath">The store folder used when configuration does not name one.</param>
/// <param name="Options">Assignments for <c>RagPipelineOptions</c> (<c>Name = expression</c>).</param>
/// <param name="Route">The <c>[Serve]</c> route prefix, or null when the pipeline is not served.</param>
/// <param name="CanExtend">Whether the class is static and top-level, so extension methods can be added to it.</param>
internal sealed record RagPipelineModel(
    TypeDeclarationModel Type,
    string Name,
    string MethodSuffix,
    string StorePath,
    EquatableArray<string> Options,
    string? Route,
    bool CanExtend);
