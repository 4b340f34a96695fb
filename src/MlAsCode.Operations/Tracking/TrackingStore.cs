using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Data.Common;
using MlAsCode.Experiments;
using MlAsCode.Storage;

namespace MlAsCode.Tracking;

/// <summary>
/// The experiment tracking store over SQL: experiments, runs, parameters, metrics with intervals, artifacts and
/// lineage, the same tables in SQLite (<see cref="SqliteTrackingStore"/>, the default) and PostgreSQL
/// (<see cref="PostgresTrackingStore"/>). Every call opens its own connection and writes in one transaction, so
/// concurrent runs (threads or processes) writing to one store lose nothing.
/// </summary>
public abstract class TrackingStore : Experiments.IRunRecorder
{
    /// <summary>The tables, in SQL both databases accept.</summary>
    protected const string Schema = """
        CREATE TABLE IF NOT EXISTS experiments (
            id TEXT PRIMARY KEY, hypothesis TEXT NOT NULL, problem TEXT NOT NULL, feature_set TEXT NOT NULL, model_family TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS runs (
            run_id TEXT PRIMARY KEY, experiment_id TEXT NOT NULL REFERENCES experiments(id), started_utc TEXT NOT NULL,
            finished_utc TEXT, status TEXT NOT NULL, verdict TEXT, wall_time_ms BIGINT, dataset_sha256 TEXT,
            feature_pipeline_sha256 TEXT, holdout_fingerprint TEXT, notes TEXT);
        CREATE TABLE IF NOT EXISTS params (
            run_id TEXT NOT NULL REFERENCES runs(run_id), name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, name));
        CREATE TABLE IF NOT EXISTS metrics (
            run_id TEXT NOT NULL REFERENCES runs(run_id), name TEXT NOT NULL, split TEXT NOT NULL, value DOUBLE PRECISION NOT NULL,
            lower DOUBLE PRECISION, upper DOUBLE PRECISION, PRIMARY KEY (run_id, name, split));
        CREATE TABLE IF NOT EXISTS artifacts (
            run_id TEXT NOT NULL REFERENCES runs(run_id), name TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (run_id, name));
        """;

    private readonly TimeProvider _clock;

    /// <summary>Creates the store.</summary>
    protected TrackingStore(TimeProvider? clock) => _clock = clock ?? TimeProvider.System;

    /// <summary>Where the store is, for messages (a file path or a server and database).</summary>
    public abstract string Location { get; }

    /// <summary>Opens a connection.</summary>
    protected abstract DbConnection Open();

    /// <summary>Begins the transaction one write runs in.</summary>
    protected virtual DbTransaction Begin(DbConnection connection) => connection.BeginTransaction();

    /// <summary>Creates the tables when they are missing.</summary>
    /// <param name="preamble">SQL run first, on the same connection (SQLite: the journal mode).</param>
    /// <param name="inTransactionFirst">SQL run first inside the transaction the tables are created in (PostgreSQL:
    /// an advisory lock, so stores opened at the same moment do not race to create the same tables).</param>
    protected void CreateTables(string? preamble = null, string? inTransactionFirst = null)
    {
        using var connection = Open();
        if (preamble is not null)
        {
            Sql.Execute(connection, null, preamble);
        }

        using var transaction = inTransactionFirst is null ? null : connection.BeginTransaction();
        if (inTransactionFirst is not null)
        {
            Sql.Execute(connection, transaction, inTransactionFirst);
        }

        Sql.Execute(connection, transaction, Schema);
        transaction?.Commit();
    }

    /// <summary>Records an experiment (idempotent; a different declaration under the same id is refused).</summary>
    /// <exception cref="InvalidOperationException">The id is already recorded with other fields.</exception>
    public Task SaveExperimentAsync(ExperimentRecord experiment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        return Write(cancellationToken, (connection, transaction) =>
        {
            var existing = ReadExperiment(connection, transaction, experiment.Id);
            if (existing is null)
            {
                // Another writer may insert the same id at the same moment: then the row it wrote is compared below.
                Sql.Execute(connection, transaction, "INSERT INTO experiments VALUES (@id, @h, @p, @f, @m) ON CONFLICT (id) DO NOTHING",
                    ("@id", experiment.Id), ("@h", experiment.Hypothesis), ("@p", experiment.Problem), ("@f", experiment.FeatureSet), ("@m", experiment.ModelFamily));
                existing = ReadExperiment(connection, transaction, experiment.Id);
            }

            if (existing != experiment)
            {
                throw new InvalidOperationException(
                    $"Experiment {experiment.Id} is already recorded with other fields ({existing}); give a changed experiment a new id.");
            }
        });
    }

    /// <summary>Starts a run of a recorded experiment and returns its id.</summary>
    public async Task<string> StartRunAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        var runId = Guid.NewGuid().ToString("N");
        await Write(cancellationToken, (connection, transaction) =>
        {
            if (ReadExperiment(connection, transaction, experimentId) is null)
            {
                throw new InvalidOperationException($"No experiment {experimentId} in {Location}; save it before starting a run.");
            }

            Sql.Execute(connection, transaction, "INSERT INTO runs (run_id, experiment_id, started_utc, status) VALUES (@r, @e, @s, 'running')",
                ("@r", runId), ("@e", experimentId), ("@s", Sql.Time(_clock.GetUtcNow())));
        }).ConfigureAwait(false);
        return runId;
    }

    /// <summary>Records hyperparameters (every one, defaults included).</summary>
    public Task LogParametersAsync(string runId, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Write(cancellationToken, (connection, transaction) =>
        {
            foreach (var (name, value) in parameters)
            {
                Sql.Execute(connection, transaction, "INSERT INTO params VALUES (@r, @n, @v) ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value",
                    ("@r", runId), ("@n", name), ("@v", value));
            }
        });
    }

    /// <summary>Records metrics.</summary>
    public Task LogMetricsAsync(string runId, IEnumerable<MetricRecord> metrics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return Write(cancellationToken, (connection, transaction) =>
        {
            foreach (var m in metrics)
            {
                Sql.Execute(connection, transaction,
                    "INSERT INTO metrics VALUES (@r, @n, @s, @v, @l, @u) ON CONFLICT (run_id, name, split) DO UPDATE SET value = excluded.value, lower = excluded.lower, upper = excluded.upper",
                    ("@r", runId), ("@n", m.Name), ("@s", m.Split), ("@v", m.Value), ("@l", m.Lower), ("@u", m.Upper));
            }
        });
    }

    /// <summary>Records an artifact.</summary>
    public Task LogArtifactAsync(string runId, ArtifactRecord artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return Write(cancellationToken, (connection, transaction) => Sql.Execute(connection, transaction,
            "INSERT INTO artifacts VALUES (@r, @n, @p, @h) ON CONFLICT (run_id, name) DO UPDATE SET path = excluded.path, sha256 = excluded.sha256",
            ("@r", runId), ("@n", artifact.Name), ("@p", artifact.Path), ("@h", artifact.Sha256)));
    }

    /// <summary>Ends a running run as failed, with the reason in its notes.</summary>
    public Task FailRunAsync(string runId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return Write(cancellationToken, (connection, transaction) =>
        {
            var changed = Sql.Execute(connection, transaction,
                "UPDATE runs SET finished_utc = @f, status = 'failed', verdict = 'failed', notes = @n WHERE run_id = @r AND status = 'running'",
                ("@f", Sql.Time(_clock.GetUtcNow())), ("@n", reason), ("@r", runId));
            if (changed != 1)
            {
                throw new InvalidOperationException($"Run {runId} is not a running run in {Location}.");
            }
        });
    }

    /// <summary>Ends a run with its verdict and lineage.</summary>
    public Task FinishRunAsync(string runId, RunOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Write(cancellationToken, (connection, transaction) =>
        {
            var changed = Sql.Execute(connection, transaction,
                "UPDATE runs SET finished_utc = @f, status = 'finished', verdict = @v, wall_time_ms = @w, dataset_sha256 = @d, feature_pipeline_sha256 = @p, holdout_fingerprint = @h, notes = @n WHERE run_id = @r AND status = 'running'",
                ("@f", Sql.Time(_clock.GetUtcNow())), ("@v", outcome.Verdict), ("@w", (long)outcome.WallTime.TotalMilliseconds), ("@d", outcome.DatasetSha256),
                ("@p", outcome.FeaturePipelineSha256), ("@h", outcome.HoldoutFingerprint), ("@n", outcome.Notes), ("@r", runId));
            if (changed != 1)
            {
                throw new InvalidOperationException($"Run {runId} is not a running run in {Location}.");
            }
        });
    }

    /// <summary>One run with everything recorded for it, or <c>null</c>.</summary>
    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        // The run row is read whole before the next query: one connection runs one command at a time (PostgreSQL).
        var head = Sql.Query(connection, null,
            "SELECT experiment_id, started_utc, finished_utc, status, verdict, wall_time_ms, dataset_sha256, feature_pipeline_sha256, holdout_fingerprint, notes FROM runs WHERE run_id = @r",
            r => (Experiment: r.GetString(0), Started: r.GetString(1), Finished: r.IsDBNull(2) ? null : r.GetString(2), Status: r.GetString(3),
                // A failed run has a verdict and notes but no lineage: missing fields read as empty.
                Outcome: r.IsDBNull(4) ? null : new RunOutcome(r.GetString(4), TimeSpan.FromMilliseconds(r.IsDBNull(5) ? 0 : r.GetInt64(5)),
                    Sql.Text(r, 6), Sql.Text(r, 7), Sql.Text(r, 8), Sql.Text(r, 9))), ("@r", runId));
        if (head.Count == 0)
        {
            return Task.FromResult<RunRecord?>(null);
        }

        var (experimentId, started, finished, status, outcome) = head[0];
        var experiment = ReadExperiment(connection, null, experimentId)!;
        var run = new RunRecord(runId, experiment, Sql.ParseTime(started), finished is null ? null : Sql.ParseTime(finished), status, outcome,
            Sql.Query(connection, null, "SELECT name, value FROM params WHERE run_id = @r", r => (r.GetString(0), r.GetString(1)), ("@r", runId)).ToImmutableSortedDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal),
            [.. Sql.Query(connection, null, "SELECT name, value, lower, upper, split FROM metrics WHERE run_id = @r ORDER BY split, name",
                r => new MetricRecord(r.GetString(0), r.GetDouble(1), r.IsDBNull(2) ? null : r.GetDouble(2), r.IsDBNull(3) ? null : r.GetDouble(3), r.GetString(4)), ("@r", runId))],
            [.. Sql.Query(connection, null, "SELECT name, path, sha256 FROM artifacts WHERE run_id = @r ORDER BY name", r => new ArtifactRecord(r.GetString(0), r.GetString(1), r.GetString(2)), ("@r", runId))]);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<RunRecord?>(run);
    }

    /// <summary>The ids of an experiment's runs, oldest first.</summary>
    public Task<ImmutableArray<string>> ListRunsAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<ImmutableArray<string>>([.. Sql.Query(connection, null, "SELECT run_id FROM runs WHERE experiment_id = @r ORDER BY started_utc, run_id", r => r.GetString(0), ("@r", experimentId))]);
    }

    /// <summary>How many finished runs, of any experiment, were evaluated on the holdout with this fingerprint.</summary>
    public Task<int> CountHoldoutUsesAsync(string holdoutFingerprint, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Sql.Query(connection, null, "SELECT COUNT(*) FROM runs WHERE holdout_fingerprint = @h AND status = 'finished'",
            r => System.Convert.ToInt32(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), ("@h", holdoutFingerprint)).Single());
    }

    private Task Write(CancellationToken cancellationToken, Action<DbConnection, DbTransaction> write)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var transaction = Begin(connection);
        write(connection, transaction);
        transaction.Commit();
        return Task.CompletedTask;
    }

    private static ExperimentRecord? ReadExperiment(DbConnection connection, DbTransaction? transaction, string id) =>
        Sql.Query(connection, transaction, "SELECT id, hypothesis, problem, feature_set, model_family FROM experiments WHERE id = @id",
            r => new ExperimentRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)), ("@id", id)) is [var e, ..] ? e : null;
}
