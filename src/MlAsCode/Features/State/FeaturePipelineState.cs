using System;
using System.Collections.Immutable;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MlAsCode.Data;

namespace MlAsCode.Features.State;

/// <summary>
/// Everything a fitted feature pipeline learned, as immutable, serializable data. <see cref="ContentHash"/> is the
/// SHA-256 of the canonical JSON without <see cref="FittedAt"/>, so refitting on the same rows gives the same hash.
/// </summary>
/// <param name="Entity">The feature set's entity.</param>
/// <param name="Seed">The seed used for target-encoding folds.</param>
/// <param name="TrainingRows">How many rows the pipeline was fitted on.</param>
/// <param name="Columns">One state per feature, in declaration order.</param>
/// <param name="FittedAt">When it was fitted (manifest "created" date); not part of the hash.</param>
public sealed record FeaturePipelineState(
    string Entity, int Seed, int TrainingRows, ImmutableArray<ColumnState> Columns, DateTimeOffset? FittedAt)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>SHA-256 (lower-case hex) of the canonical JSON without <see cref="FittedAt"/>.</summary>
    /// <remarks>Computed on each call rather than cached: a cached value would be copied by <c>with</c> expressions.</remarks>
    [JsonIgnore]
    public string ContentHash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this with { FittedAt = null }, Json))));

    /// <summary>All output column names, in output order.</summary>
    [JsonIgnore]
    public ImmutableArray<string> Names => [.. Columns.SelectMany(c => c.Names)];

    /// <summary>The state as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a state written by <see cref="ToJson"/>.</summary>
    /// <exception cref="DataFormatException">The text is not a pipeline state.</exception>
    public static FeaturePipelineState FromJson(string json, string source = "feature pipeline state")
    {
        try
        {
            return JsonSerializer.Deserialize<FeaturePipelineState>(json, Json)
                ?? throw new DataFormatException(source, 0, 0, null, "a feature pipeline state object", "null");
        }
        catch (JsonException error)
        {
            throw new DataFormatException(source, (error.LineNumber ?? -1) + 1, 0, null, $"a feature pipeline state ({error.Message})", null);
        }
    }
}
