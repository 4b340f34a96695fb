using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Data.Common;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MlAsCode.Storage;
using Semver;

namespace MlAsCode.Registry;

/// <summary>
/// The model registry: versions with a stage (development → staging → production → archived), a semantic version,
/// content-addressed ONNX files verified on every load, lineage, the methodology's promotion criteria, one-call rollback and an
/// append-only history that answers "which version served production at time T". The same tables in SQLite
/// (<see cref="SqliteModelRegistry"/>, the default) and PostgreSQL (<see cref="PostgresModelRegistry"/>).
/// </summary>
/// <remarks>
/// Every change runs in one transaction that first locks the model (SQLite: the database write lock; PostgreSQL: the
/// model's row, <c>FOR UPDATE</c>), re-reads the state and only then decides, so concurrent promotions are serialised
/// and each is judged against the production version the one before it left. A unique index on
/// <c>(model) WHERE stage = 'production'</c> makes two production versions impossible even for a writer that bypasses
/// this class, and a process killed mid-promotion leaves nothing behind: the transaction never commits.
/// </remarks>
public abstract partial class ModelRegistry
{
    /// <summary>The tables, in SQL both databases accept; <c>{identity}</c> is the database's auto-increment key.</summary>
    protected const string Schema = """
        CREATE TABLE IF NOT EXISTS registry_models (name TEXT PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS model_versions (
            model TEXT NOT NULL REFERENCES registry_models(name), version TEXT NOT NULL, stage TEXT NOT NULL,
            onnx_sha256 TEXT NOT NULL, onnx_bytes BIGINT NOT NULL, pipeline_sha256 TEXT,
            run_id TEXT NOT NULL, dataset_sha256 TEXT NOT NULL, feature_pipeline_sha256 TEXT NOT NULL, code_version TEXT NOT NULL,
            registered_utc TEXT NOT NULL, registered_by TEXT NOT NULL, PRIMARY KEY (model, version));
        CREATE UNIQUE INDEX IF NOT EXISTS one_production_version ON model_versions (model) WHERE stage = 'production';
        CREATE TABLE IF NOT EXISTS model_version_metrics (
            model TEXT NOT NULL, version TEXT NOT NULL, name TEXT NOT NULL, value DOUBLE PRECISION NOT NULL,
            higher_is_better INTEGER NOT NULL, is_primary INTEGER NOT NULL, PRIMARY KEY (model, version, name));
        CREATE TABLE IF NOT EXISTS model_checks (
            id {identity}, model TEXT NOT NULL, version TEXT NOT NULL, kind TEXT NOT NULL, passed INTEGER NOT NULL,
            detail TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_utc TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS registry_events (
            seq {identity}, occurred_utc TEXT NOT NULL, model TEXT NOT NULL, version TEXT NOT NULL, action TEXT NOT NULL,
            from_stage TEXT, to_stage TEXT, actor TEXT NOT NULL, reason TEXT NOT NULL);
        """;

    private const string VersionColumns =
        "model, version, stage, onnx_sha256, onnx_bytes, pipeline_sha256, run_id, dataset_sha256, feature_pipeline_sha256, code_version, registered_utc, registered_by";

    private readonly TimeProvider _clock;

    // The time of the transaction in progress on this thread: every event and check of one change carries the same
    // time, so "which version served at T" never falls between an archive and the promotion that replaced it.
    [ThreadStatic]
    private static DateTimeOffset? t_transactionTime;

    private DateTimeOffset Now => t_transactionTime ?? _clock.GetUtcNow();

    /// <summary>Creates the registry.</summary>
    protected ModelRegistry(ArtifactStore artifacts, PromotionPolicy? policy, TimeProvider? clock)
    {
        Artifacts = artifacts ?? throw new ArgumentNullException(nameof(artifacts));
        Policy = policy ?? PromotionPolicy.Default;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Where the registry is, for messages.</summary>
    public abstract string Location { get; }

    /// <summary>Where the model files are.</summary>
    public ArtifactStore Artifacts { get; }

    /// <summary>What promotion to production requires.</summary>
    public PromotionPolicy Policy { get; }

    /// <summary>Opens a connection.</summary>
    protected abstract DbConnection Open();

    /// <summary>Begins the transaction a change runs in.</summary>
    protected virtual DbTransaction Begin(DbConnection connection) => connection.BeginTransaction();

    /// <summary>The query that locks a model's row for the rest of the transaction (<c>@m</c> is the model).</summary>
    protected virtual string LockModelSql => "SELECT name FROM registry_models WHERE name = @m";

    /// <summary>Called between the statements of a promotion, inside its transaction (<c>previous_archived</c>: the old
    /// production version is archived and the new one not yet promoted). Crash tests override it to stop there.</summary>
    protected virtual void OnPromotionStep(string step)
    {
    }

    /// <summary>Creates the tables when missing.</summary>
    /// <param name="identity">The auto-increment key column type.</param>
    /// <param name="preamble">SQL run first, outside a transaction (SQLite: the journal mode).</param>
    /// <param name="inTransactionFirst">SQL run first in the creating transaction (PostgreSQL: an advisory lock).</param>
    /// <param name="appendOnly">SQL that makes <c>registry_events</c> refuse updates and deletes.</param>
    protected void CreateTables(string identity, string? preamble, string? inTransactionFirst, string appendOnly)
    {
        using var connection = Open();
        if (TablesExist(connection))
        {
            // Opening an existing registry takes no lock: it must not wait behind a promotion in flight.
            return;
        }

        if (preamble is not null)
        {
            Sql.Execute(connection, null, preamble);
        }

        using var transaction = connection.BeginTransaction();
        if (inTransactionFirst is not null)
        {
            Sql.Execute(connection, transaction, inTransactionFirst);
        }

        Sql.Execute(connection, transaction, Schema.Replace("{identity}", identity, StringComparison.Ordinal));
        Sql.Execute(connection, transaction, appendOnly);
        transaction.Commit();
    }

    // The tables and the history's triggers are created in one transaction, so the last table implies the rest.
    private static bool TablesExist(DbConnection connection)
    {
        try
        {
            Sql.Execute(connection, null, "SELECT COUNT(*) FROM registry_events WHERE 1 = 0");
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <summary>Stores the files and registers a new version in development.</summary>
    /// <exception cref="ArgumentException">The version is not MAJOR.MINOR.PATCH, or a metric name is empty.</exception>
    /// <exception cref="InvalidOperationException">The version is already registered.</exception>
    public Task<ModelVersion> RegisterAsync(ModelRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentException.ThrowIfNullOrWhiteSpace(registration.Model);
        var requested = registration.Version is null ? null : ParseVersion(registration.Version);
        var (onnxSha, onnxBytes) = Artifacts.Put(registration.OnnxPath);
        var pipelineSha = registration.PipelinePath is null ? null : Artifacts.Put(registration.PipelinePath).Sha256;
        return Write(cancellationToken, (connection, transaction) =>
        {
            var model = registration.Model;
            LockModel(connection, transaction, model);
            var existing = Sql.Query(connection, transaction, "SELECT version FROM model_versions WHERE model = @m", r => ParseVersion(r.GetString(0)), ("@m", model));
            var version = requested ?? (existing.Count == 0
                ? new SemVersion(1, 0, 0)
                : existing.Max(SemVersion.PrecedenceComparer)!.WithMinor(existing.Max(SemVersion.PrecedenceComparer)!.Minor + 1).WithPatch(0).WithoutPrereleaseOrMetadata());
            if (existing.Any(v => v.PrecedenceEquals(version)))
            {
                throw new InvalidOperationException($"{model} {version} is already registered in {Location}; register the new model under another version.");
            }

            var now = Sql.Time(Now);
            var lineage = registration.Lineage;
            Sql.Execute(connection, transaction, $"INSERT INTO model_versions ({VersionColumns}) VALUES (@m, @v, 'development', @o, @ob, @p, @run, @data, @fp, @code, @at, @by)",
                ("@m", model), ("@v", version.ToString()), ("@o", onnxSha), ("@ob", onnxBytes), ("@p", pipelineSha), ("@run", lineage.ExperimentRunId),
                ("@data", lineage.DatasetSha256), ("@fp", lineage.FeaturePipelineSha256), ("@code", lineage.CodeVersion), ("@at", now), ("@by", registration.RegisteredBy));
            foreach (var (metric, primary) in registration.Guardrails.Select(g => (g, false)).Prepend((registration.PrimaryMetric, true)))
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(metric.Name);
                Sql.Execute(connection, transaction, "INSERT INTO model_version_metrics VALUES (@m, @v, @n, @x, @h, @p)",
                    ("@m", model), ("@v", version.ToString()), ("@n", metric.Name), ("@x", metric.Value), ("@h", metric.HigherIsBetter ? 1 : 0), ("@p", primary ? 1 : 0));
            }

            AddEvent(connection, transaction, model, version.ToString(), "registered", null, ModelStage.Development, registration.RegisteredBy,
                $"from run {lineage.ExperimentRunId}: {registration.PrimaryMetric.Name} {registration.PrimaryMetric.Value:0.####}");
            foreach (var (kind, passed, detail) in registration.Checks)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(kind);
                Sql.Execute(connection, transaction, "INSERT INTO model_checks (model, version, kind, passed, detail, recorded_by, recorded_utc) VALUES (@m, @v, @k, @p, @d, @by, @at)",
                    ("@m", model), ("@v", version.ToString()), ("@k", kind), ("@p", passed ? 1 : 0), ("@d", detail ?? ""), ("@by", registration.RegisteredBy), ("@at", now));
                AddEvent(connection, transaction, model, version.ToString(), "check", null, null, registration.RegisteredBy, $"{kind} {(passed ? "passed" : "failed")}: {detail}");
            }

            return ReadVersion(connection, transaction, model, version.ToString())!;
        });
    }

    /// <summary>A version, or null.</summary>
    public Task<ModelVersion?> GetAsync(string model, string version, CancellationToken cancellationToken = default) =>
        Read(cancellationToken, connection => ReadVersion(connection, null, model, version));

    /// <summary>Every version of a model, oldest first.</summary>
    public Task<ImmutableArray<ModelVersion>> ListAsync(string model, CancellationToken cancellationToken = default) =>
        Read(cancellationToken, connection => Sql.Query(connection, null, "SELECT version FROM model_versions WHERE model = @m", r => r.GetString(0), ("@m", model))
            .OrderBy(ParseVersion, SemVersion.PrecedenceComparer)
            .Select(v => ReadVersion(connection, null, model, v)!)
            .ToImmutableArray());

    /// <summary>The version in production now, or null.</summary>
    public Task<ModelVersion?> GetProductionAsync(string model, CancellationToken cancellationToken = default) =>
        Read(cancellationToken, connection => Production(connection, null, model));

    /// <summary>The version that served production at <paramref name="time"/> (null when none did), from the history.</summary>
    public Task<ModelVersion?> GetProductionAtAsync(string model, DateTimeOffset time, CancellationToken cancellationToken = default) =>
        Read(cancellationToken, connection =>
        {
            // The last production change at or before T decides: a promotion names the version, a demotion with no
            // replacement in the same transaction (ordered after it by sequence) means none.
            var last = Events(connection, model)
                .Where(e => e.OccurredUtc <= time && (e.ToStage == ModelStage.Production || e.FromStage == ModelStage.Production))
                .LastOrDefault();
            return last is { ToStage: ModelStage.Production } ? ReadVersion(connection, null, model, last.Version) : null;
        });

    /// <summary>The model's history, oldest first.</summary>
    public Task<ImmutableArray<RegistryEvent>> HistoryAsync(string model, CancellationToken cancellationToken = default) =>
        Read(cancellationToken, connection => Events(connection, model).ToImmutableArray());

    /// <summary>The checks recorded for a version, oldest first.</summary>
    public Task<ImmutableArray<ModelCheck>> ChecksAsync(string model, string version, CancellationToken cancellationToken = default) =>
        Read(cancellationToken, connection => Checks(connection, null, model, version).ToImmutableArray());

    /// <summary>Records a check (load test, integration test, or one of the team's own) against a version.</summary>
    public Task RecordCheckAsync(string model, string version, string kind, bool passed, string detail, string recordedBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordedBy);
        return Write(cancellationToken, (connection, transaction) =>
        {
            LockModel(connection, transaction, model);
            Require(connection, transaction, model, version);
            Sql.Execute(connection, transaction, "INSERT INTO model_checks (model, version, kind, passed, detail, recorded_by, recorded_utc) VALUES (@m, @v, @k, @p, @d, @by, @at)",
                ("@m", model), ("@v", version), ("@k", kind), ("@p", passed ? 1 : 0), ("@d", detail ?? ""), ("@by", recordedBy), ("@at", Sql.Time(Now)));
            AddEvent(connection, transaction, model, version, "check", null, null, recordedBy, $"{kind} {(passed ? "passed" : "failed")}: {detail}");
            return 0;
        });
    }

    /// <summary>Records a human approval for production: who, and why (when is the registry's clock).</summary>
    public Task ApproveAsync(string model, string version, string approver, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return RecordCheckAsync(model, version, ModelChecks.Approval, true, reason, approver, cancellationToken);
    }

    /// <summary>Records a step of a pipeline (retraining, canary) in the model's history without changing a stage.</summary>
    public Task LogAsync(string model, string version, string action, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        return Write(cancellationToken, (connection, transaction) =>
        {
            LockModel(connection, transaction, model);
            AddEvent(connection, transaction, model, version, action, null, null, actor, reason);
            return 0;
        });
    }

    /// <summary>Development → staging, only when the version beats the current production version on the primary
    /// offline metric (any version may go first when nothing is in production).</summary>
    /// <exception cref="PromotionRefusedException">It is not in development, or does not beat production; the refusal
    /// is recorded in the history too.</exception>
    public Task<ModelVersion> PromoteToStagingAsync(string model, string version, string actor, string reason, CancellationToken cancellationToken = default) =>
        Change(model, version, actor, cancellationToken, (connection, transaction, candidate) =>
        {
            if (candidate.Stage != ModelStage.Development)
            {
                return ($"{candidate} is not in development; only a development version can be promoted to staging.", "stage");
            }

            if ((Blocked(connection, transaction, candidate) ?? BeatsProduction(connection, transaction, candidate)) is { } refusal)
            {
                return refusal;
            }

            SetStage(connection, transaction, candidate, ModelStage.Staging, "promoted", actor, reason);
            return null;
        });

    /// <summary>Staging → production, only after the policy's checks passed (by default a load test, an integration
    /// test and a human approval); the version production had is archived in the same transaction.</summary>
    /// <exception cref="PromotionRefusedException">It is not in staging, a check is missing or failed, or it no longer
    /// beats production; the refusal is recorded in the history too.</exception>
    public Task<ModelVersion> PromoteToProductionAsync(string model, string version, string actor, string reason, CancellationToken cancellationToken = default) =>
        Change(model, version, actor, cancellationToken, (connection, transaction, candidate) =>
        {
            if (candidate.Stage != ModelStage.Staging)
            {
                return ($"{candidate} is not in staging; a version reaches production from staging, after its checks.", "stage");
            }

            var production = Production(connection, transaction, model);
            var checks = Checks(connection, transaction, model, version);
            foreach (var kind in RequiredChecks(candidate, production))
            {
                var latest = checks.LastOrDefault(c => c.Kind == kind);
                if (latest is null)
                {
                    return ($"{candidate} has no {kind} recorded; production needs {string.Join(", ", RequiredChecks(candidate, production))}.", "missing_check:" + kind);
                }

                if (!latest.Passed)
                {
                    return ($"{candidate}'s latest {kind} failed ({latest.Detail}, recorded by {latest.RecordedBy} at {latest.RecordedUtc:u}).", "failed_check:" + kind);
                }
            }

            // Production may have changed since the candidate was staged: it must still beat what serves now.
            if ((Blocked(connection, transaction, candidate) ?? BeatsProduction(connection, transaction, candidate)) is { } refusal)
            {
                return refusal;
            }

            if (production is not null)
            {
                SetStage(connection, transaction, production, ModelStage.Archived, "archived", actor, $"replaced in production by {version}");
                OnPromotionStep("previous_archived");
            }

            SetStage(connection, transaction, candidate, ModelStage.Production, "promoted", actor, reason);
            return null;
        });

    /// <summary>Sends a version to the archive (a dropped candidate, or production taken out of service).</summary>
    public Task<ModelVersion> ArchiveAsync(string model, string version, string actor, string reason, CancellationToken cancellationToken = default) =>
        Change(model, version, actor, cancellationToken, (connection, transaction, candidate) =>
        {
            if (candidate.Stage == ModelStage.Archived)
            {
                return ($"{candidate} is already archived.", "stage");
            }

            SetStage(connection, transaction, candidate, ModelStage.Archived, "archived", actor, reason);
            return null;
        });

    /// <summary>Puts the version that served production before the current one back into production, in one
    /// transaction; the current one is archived. Versions that were themselves rolled back are never restored.
    /// Returns the version now in production.</summary>
    /// <exception cref="PromotionRefusedException">Nothing is in production, or nothing served before it.</exception>
    public async Task<ModelVersion> RollbackAsync(string model, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        string? refusal = null;
        var result = await Write(cancellationToken, (connection, transaction) =>
        {
            LockModel(connection, transaction, model);
            var current = Production(connection, transaction, model);
            var previous = current is null ? null : PreviousProduction(connection, transaction, current);
            if (current is null || previous is null)
            {
                refusal = current is null
                    ? $"{model} has no version in production to roll back."
                    : $"{current} has no earlier production version to roll back to (versions that were rolled back are skipped).";
                AddEvent(connection, transaction, model, current?.Version ?? "", "rollback_refused", null, null, actor, refusal);
                return null;
            }

            SetStage(connection, transaction, current, ModelStage.Archived, "rolled_back", actor, reason);
            SetStage(connection, transaction, previous, ModelStage.Production, "promoted", actor, $"rollback from {current.Version}: {reason}");
            return ReadVersion(connection, transaction, model, previous.Version);
        }).ConfigureAwait(false);
        return result ?? throw new PromotionRefusedException(refusal!, "nothing_to_roll_back");
    }

    /// <summary>Reads a version's files, verifying each against the SHA-256 recorded at registration.</summary>
    /// <exception cref="ModelIntegrityException">A file is missing or was changed after registration.</exception>
    public async Task<VerifiedModel> LoadAsync(string model, string version, CancellationToken cancellationToken = default)
    {
        var record = await GetAsync(model, version, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{model} {version} is not registered in {Location}.");
        return new VerifiedModel(record, Artifacts.Read(record.OnnxSha256, $"the ONNX model of {model} {version}"),
            record.PipelineSha256 is { } pipeline ? Artifacts.Read(pipeline, $"the feature pipeline of {model} {version}") : null);
    }

    /// <summary>Writes a version's verified files to <paramref name="directory"/> as <c>model.onnx</c> and
    /// <c>feature_pipeline.json</c> (what serving loads) and returns their paths.</summary>
    public async Task<(string OnnxPath, string? PipelinePath)> ExportAsync(string model, string version, string directory, CancellationToken cancellationToken = default)
    {
        var loaded = await LoadAsync(model, version, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(directory);
        var onnx = Path.Combine(directory, "model.onnx");
        await File.WriteAllBytesAsync(onnx, loaded.Onnx, cancellationToken).ConfigureAwait(false);
        string? pipeline = null;
        if (loaded.Pipeline is { } bytes)
        {
            pipeline = Path.Combine(directory, "feature_pipeline.json");
            await File.WriteAllBytesAsync(pipeline, bytes, cancellationToken).ConfigureAwait(false);
        }

        return (onnx, pipeline);
    }

    // Locks the model, checks the version, and applies a decision; a refusal is recorded and then thrown.
    private async Task<ModelVersion> Change(string model, string version, string actor, CancellationToken cancellationToken,
        Func<DbConnection, DbTransaction, ModelVersion, (string Message, string Rule)?> decide)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        (string Message, string Rule)? refusal = null;
        var result = await Write(cancellationToken, (connection, transaction) =>
        {
            LockModel(connection, transaction, model);
            var candidate = Require(connection, transaction, model, version);
            refusal = decide(connection, transaction, candidate);
            if (refusal is { } r)
            {
                AddEvent(connection, transaction, model, version, "promotion_refused", null, null, actor, r.Message);
                return null;
            }

            return ReadVersion(connection, transaction, model, version);
        }).ConfigureAwait(false);
        return result ?? throw new PromotionRefusedException(refusal!.Value.Message, refusal.Value.Rule);
    }
}

/// <summary>A version's files, read and verified against their registered SHA-256.</summary>
/// <param name="Version">The version.</param>
/// <param name="Onnx">The ONNX model's bytes.</param>
/// <param name="Pipeline">The fitted feature pipeline's bytes, when one was registered.</param>
public sealed record VerifiedModel(ModelVersion Version, byte[] Onnx, byte[]? Pipeline);
