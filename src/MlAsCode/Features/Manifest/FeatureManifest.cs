using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlAsCode.Features.Definition;
using MlAsCode.Features.State;

namespace MlAsCode.Features.Manifest;

/// <summary>One feature in the registry manifest (the methodology's feature store registry).</summary>
/// <param name="Name">The feature's name (its single output column, or the stem of its columns).</param>
/// <param name="Property">The property it is read from.</param>
/// <param name="Transform">The transform.</param>
/// <param name="DataType">The property's C# type.</param>
/// <param name="SourceTable">The table (file) it comes from.</param>
/// <param name="SourceColumn">The column it comes from.</param>
/// <param name="Description">What it means.</param>
/// <param name="Owner">Who owns it.</param>
/// <param name="KnownIssues">Known data problems.</param>
/// <param name="Created">When the pipeline that computes it was fitted; <c>null</c> before fitting.</param>
/// <param name="Columns">Its output columns; empty before fitting.</param>
public sealed record FeatureManifestEntry(
    string Name, string Property, Transform Transform, string DataType, string SourceTable, string SourceColumn,
    string? Description, string? Owner, string? KnownIssues, DateOnly? Created, ImmutableArray<string> Columns);

/// <summary>The registry manifest of a feature set: every feature with its metadata.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="SourceTable">The source table.</param>
/// <param name="ContentHash">The fitted state's hash; <c>null</c> before fitting.</param>
/// <param name="Features">The features, in declaration order.</param>
public sealed record FeatureManifest(string Entity, string SourceTable, string? ContentHash, ImmutableArray<FeatureManifestEntry> Features)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The manifest as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Writes the JSON to a file, creating its folder.</summary>
    public void WriteTo(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, ToJson());
    }

    internal static FeatureManifest Create<TRow>(FeatureSetDefinition<TRow> definition, FeaturePipelineState? state)
    {
        var created = state?.FittedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : (DateOnly?)null;
        var entries = definition.Features.Select((feature, i) =>
        {
            var columns = state?.Columns[i].Names ?? [];
            var name = feature.Options.Name ?? (columns.Length == 1 ? columns[0] : FeatureNaming.Compose(definition.Entity, feature.Property));
            return new FeatureManifestEntry(
                name, feature.Property, feature.Transform, feature.DataType, definition.SourceTable, feature.SourceColumn,
                feature.Options.Description, feature.Options.Owner, feature.Options.KnownIssues, created, columns);
        });
        return new FeatureManifest(definition.Entity, definition.SourceTable, state?.ContentHash, [.. entries]);
    }
}
