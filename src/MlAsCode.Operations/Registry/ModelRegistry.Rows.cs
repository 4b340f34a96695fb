using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlAsCode.Storage;
using Semver;

namespace MlAsCode.Registry;

// Reading and writing the registry's rows (versions, checks, the history) inside a transaction.
public abstract partial class ModelRegistry
{
    private void SetStage(DbConnection connection, DbTransaction transaction, ModelVersion version, ModelStage to, string action, string actor, string reason)
    {
        Sql.Execute(connection, transaction, "UPDATE model_versions SET stage = @s WHERE model = @m AND version = @v",
            ("@s", Name(to)), ("@m", version.Model), ("@v", version.Version));
        AddEvent(connection, transaction, version.Model, version.Version, action, version.Stage, to, actor, reason);
    }

    private void AddEvent(DbConnection connection, DbTransaction transaction, string model, string version, string action, ModelStage? from, ModelStage? to, string actor, string reason) =>
        Sql.Execute(connection, transaction,
            "INSERT INTO registry_events (occurred_utc, model, version, action, from_stage, to_stage, actor, reason) VALUES (@at, @m, @v, @a, @f, @t, @by, @r)",
            ("@at", Sql.Time(Now)), ("@m", model), ("@v", version), ("@a", action), ("@f", from is { } f ? Name(f) : null),
            ("@t", to is { } t ? Name(t) : null), ("@by", actor), ("@r", reason ?? ""));

    private void LockModel(DbConnection connection, DbTransaction transaction, string model)
    {
        Sql.Execute(connection, transaction, "INSERT INTO registry_models (name) VALUES (@m) ON CONFLICT (name) DO NOTHING", ("@m", model));
        Sql.Query(connection, transaction, LockModelSql, r => r.GetString(0), ("@m", model));
    }

    private ModelVersion Require(DbConnection connection, DbTransaction transaction, string model, string version) =>
        ReadVersion(connection, transaction, model, version)
        ?? throw new InvalidOperationException($"{model} {version} is not registered in {Location}.");

    private static ModelVersion? Production(DbConnection connection, DbTransaction? transaction, string model) =>
        Sql.Query(connection, transaction, "SELECT version FROM model_versions WHERE model = @m AND stage = 'production'", r => r.GetString(0), ("@m", model)) is [var v]
            ? ReadVersion(connection, transaction, model, v)
            : null;

    private static ModelVersion? ReadVersion(DbConnection connection, DbTransaction? transaction, string model, string version)
    {
        var rows = Sql.Query(connection, transaction, $"SELECT {VersionColumns} FROM model_versions WHERE model = @m AND version = @v",
            r => (Stage: Stage(r.GetString(2)), Onnx: r.GetString(3), Bytes: r.GetInt64(4), Pipeline: r.IsDBNull(5) ? null : r.GetString(5),
                Lineage: new ModelLineage(r.GetString(6), r.GetString(7), r.GetString(8), r.GetString(9)), At: Sql.ParseTime(r.GetString(10)), By: r.GetString(11)),
            ("@m", model), ("@v", version));
        if (rows.Count == 0)
        {
            return null;
        }

        var metrics = Sql.Query(connection, transaction, "SELECT name, value, higher_is_better, is_primary FROM model_version_metrics WHERE model = @m AND version = @v ORDER BY name",
            r => (Metric: new ModelMetric(r.GetString(0), r.GetDouble(1), Convert.ToInt64(r.GetValue(2)) != 0), Primary: Convert.ToInt64(r.GetValue(3)) != 0),
            ("@m", model), ("@v", version));
        var row = rows[0];
        return new ModelVersion(model, version, row.Stage, row.Onnx, row.Bytes, row.Pipeline, row.Lineage, metrics.First(m => m.Primary).Metric,
            [.. metrics.Where(m => !m.Primary).Select(m => m.Metric)], row.At, row.By);
    }

    private static List<ModelCheck> Checks(DbConnection connection, DbTransaction? transaction, string model, string version) =>
        Sql.Query(connection, transaction, "SELECT kind, passed, detail, recorded_by, recorded_utc FROM model_checks WHERE model = @m AND version = @v ORDER BY id",
            r => new ModelCheck(r.GetString(0), Convert.ToInt64(r.GetValue(1)) != 0, r.GetString(2), r.GetString(3), Sql.ParseTime(r.GetString(4))),
            ("@m", model), ("@v", version));

    private static List<RegistryEvent> Events(DbConnection connection, string model, DbTransaction? transaction = null) =>
        Sql.Query(connection, transaction, "SELECT seq, occurred_utc, version, action, from_stage, to_stage, actor, reason FROM registry_events WHERE model = @m ORDER BY seq",
            r => new RegistryEvent(r.GetInt64(0), Sql.ParseTime(r.GetString(1)), model, r.GetString(2), r.GetString(3),
                r.IsDBNull(4) ? null : Stage(r.GetString(4)), r.IsDBNull(5) ? null : Stage(r.GetString(5)), r.GetString(6), r.GetString(7)),
            ("@m", model));

    private static string Name(ModelStage stage) => stage.ToString().ToLowerInvariant();

    private static ModelStage Stage(string text) => Enum.Parse<ModelStage>(text, ignoreCase: true);

    /// <summary>Parses MAJOR.MINOR.PATCH (with an optional pre-release), refusing anything else with a clear message.</summary>
    public static SemVersion ParseVersion(string text) =>
        SemVersion.TryParse(text, SemVersionStyles.Strict, out var version)
            ? version
            : throw new ArgumentException($"'{text}' is not a semantic version: write MAJOR.MINOR.PATCH, e.g. 1.4.0.");

    private Task<T> Read<T>(CancellationToken cancellationToken, Func<DbConnection, T> read)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        return Task.FromResult(read(connection));
    }

    private Task<T> Write<T>(CancellationToken cancellationToken, Func<DbConnection, DbTransaction, T> write)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var transaction = Begin(connection);
        t_transactionTime = _clock.GetUtcNow();
        try
        {
            var result = write(connection, transaction);
            transaction.Commit();
            return Task.FromResult(result);
        }
        finally
        {
            t_transactionTime = null;
        }
    }
}
