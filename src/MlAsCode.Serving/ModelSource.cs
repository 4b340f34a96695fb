using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MlAsCode.Serving;

/// <summary>The files a service loads: its model, its fitted pipeline, the version they are, and the private folder a
/// registry export was written to (deleted once they are loaded).</summary>
internal sealed record ModelFiles(string ModelPath, string PipelinePath, string Version, string? ExportFolder);

/// <summary>
/// Where a served model comes from: the configured files (<c>ModelPath</c>, <c>PipelinePath</c>), or a version of a model
/// registry (<c>Registry:Model</c>: production unless <c>Registry:Version</c> names one; SQLite by <c>Path</c>,
/// PostgreSQL by <c>ConnectionString</c> and <c>ArtifactRoot</c>) whose files are verified against their SHA-256 and
/// exported to a private folder.
/// </summary>
internal static class ModelSource
{
    public static async Task<ModelFiles> ResolveAsync(string service, ServingOptions options, string version, CancellationToken cancellationToken)
    {
        if (options.Registry is not { Model.Length: > 0 } source)
        {
            return new ModelFiles(options.ModelPath, options.PipelinePath, version, null);
        }

        Registry.ModelRegistry registry = source.ConnectionString.Length > 0
            ? new Registry.PostgresModelRegistry(source.ConnectionString,
                source.ArtifactRoot.Length > 0 ? source.ArtifactRoot : throw new InvalidOperationException($"MlAsCode:Serving:{service}:Registry:ArtifactRoot is required with a PostgreSQL registry."))
            : new Registry.SqliteModelRegistry(source.Path.Length == 0
                    ? throw new InvalidOperationException($"MlAsCode:Serving:{service}:Registry needs Path (SQLite) or ConnectionString (PostgreSQL).")
                    : File.Exists(source.Path) ? source.Path : throw new InvalidOperationException($"No model registry at {Path.GetFullPath(source.Path)} (MlAsCode:Serving:{service}:Registry:Path)."),
                source.ArtifactRoot.Length > 0 ? source.ArtifactRoot : null);
        try
        {
            var registered = source.Version.Length > 0
                ? await registry.GetAsync(source.Model, source.Version, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"{source.Model} {source.Version} is not registered in {registry.Location}.")
                : await registry.GetProductionAsync(source.Model, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"{source.Model} has no version in production in {registry.Location}.");
            if (registered.PipelineSha256 is null)
            {
                throw new InvalidOperationException($"{registered} was registered without a feature pipeline; serving needs one.");
            }

            var folder = Path.Combine(Path.GetTempPath(), "mlascode-serving", $"{service}-{registered.Version}-{Guid.NewGuid():N}");
            var (onnx, pipeline) = await registry.ExportAsync(source.Model, registered.Version, folder, cancellationToken).ConfigureAwait(false);
            return new ModelFiles(onnx, pipeline!, registered.Version, folder);
        }
        finally
        {
            (registry as IDisposable)?.Dispose();
        }
    }
}
