using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MlAsCode.Tracking;

/// <summary>
/// The experiment tracking store in an SQLite file (by default <c>.mlac/tracking.db</c> under the current directory,
/// created on first use): experiments, runs, parameters, metrics with intervals, artifacts and lineage. Every call
/// opens its own connection and writes in one transaction; the database runs in WAL mode with a busy timeout, so
/// concurrent runs (threads or processes) writing to one store lose nothing.
/// </summary>
public sealed class SqliteTrackingStore
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS experiments (
            id TEXT PRIMARY KEY, hypothesis TEXT NOT NULL, problem TEXT NOT NULL, feature_set TEXT NOT NULL, model_family TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS runs (
            run_id TEXT PRIMARY KEY, experiment_id TEXT NOT NULL REFERENCES experiments(id), started_utc TEXT NOT NULL,
            finished_utc TEXT, status TEXT NOT NULL, verdict TEXT, wall_time_ms INTEGER, dataset_sha256 TEXT,
            feature_pipeline_sha256 TEXT, holdout_fingerprint TEXT, notes TEXT);
        CREATE TABLE IF NOT EXISTS params (
            run_id TEXT NOT NULL REFERENCES runs(run_id), name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, name));
        CREATE TABLE IF NOT EXISTS metrics (
            run_id TEXT NOT NULL REFERENCES runs(run_id), name TEXT NOT NULL, split TEXT NOT NULL, value DOUBLE PRECISION NOT NULL,
            lower DOUBLE PRECISION, upper DOUBLE PRECISION, PRIMARY KEY (run_id, name, split));
        CREATE TABLE IF NOT EXISTS artifacts (
            run_id TEXT NOT NULL REFERENCES runs(run_id), name TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (run_id, name));
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _clock;

    /// <summary>Opens (and creates when missing) the store at <paramref name="path"/>.</summary>
    public SqliteTrackingStore(string path, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, DefaultTimeout = 30, Pooling = false }.ToString();
        _clock = clock ?? TimeProvider.System;
        using var connection = Open();
        Execute(connection, null, Schema);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The default store: <c>.mlac/tracking.db</c> under the current directory.</summary>
    public static SqliteTrackingStore OpenDefault() => new(System.IO.Path.Combine(".mlac", "tracking.db"));

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
                Execute(connection, transaction, "INSERT INTO experiments VALUES (@id, @h, @p, @f, @m)",
                    ("@id", experiment.Id), ("@h", experiment.Hypothesis), ("@p", experiment.Problem), ("@f", experiment.FeatureSet), ("@m", experiment.ModelFamily));
            }
            else if (existing != experiment)
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
                throw new InvalidOperationException($"No experiment {experimentId} in {Path}; save it before starting a run.");
            }

            Execute(connection, transaction, "INSERT INTO runs (run_id, experiment_id, started_utc, status) VALUES (@r, @e, @s, 'running')",
                ("@r", runId), ("@e", experimentId), ("@s", Time(_clock.GetUtcNow())));
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
                Execute(connection, transaction, "INSERT INTO params VALUES (@r, @n, @v) ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value",
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
                Execute(connection, transaction,
                    "INSERT INTO metrics VALUES (@r, @n, @s, @v, @l, @u) ON CONFLICT (run_id, name, split) DO UPDATE SET value = excluded.value, lower = excluded.lower, upper = excluded.upper",
                    ("@r", runId), ("@n", m.Name), ("@s", m.Split), ("@v", m.Value), ("@l", m.Lower), ("@u", m.Upper));
            }
        });
    }

    /// <summary>Records an artifact.</summary>
    public Task LogArtifactAsync(string runId, ArtifactRecord artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return Write(cancellationToken, (connection, transaction) => Execute(connection, transaction,
            "INSERT INTO artifacts VALUES (@r, @n, @p, @h) ON CONFLICT (run_id, name) DO UPDATE SET path = excluded.path, sha256 = excluded.sha256",
            ("@r", runId), ("@n", artifact.Name), ("@p", artifact.Path), ("@h", artifact.Sha256)));
    }

    /// <summary>Ends a run with its verdict and lineage.</summary>
    public Task FinishRunAsync(string runId, RunOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Write(cancellationToken, (connection, transaction) =>
        {
            var changed = Execute(connection, transaction,
                "UPDATE runs SET finished_utc = @f, status = 'finished', verdict = @v, wall_time_ms = @w, dataset_sha256 = @d, feature_pipeline_sha256 = @p, holdout_fingerprint = @h, notes = @n WHERE run_id = @r AND status = 'running'",
                ("@f", Time(_clock.GetUtcNow())), ("@v", outcome.Verdict), ("@w", (long)outcome.WallTime.TotalMilliseconds), ("@d", outcome.DatasetSha256),
                ("@p", outcome.FeaturePipelineSha256), ("@h", outcome.HoldoutFingerprint), ("@n", outcome.Notes), ("@r", runId));
            if (changed != 1)
            {
                throw new InvalidOperationException($"Run {runId} is not a running run in {Path}.");
            }
        });
    }

    /// <summary>One run with everything recorded for it, or <c>null</c>.</summary>
    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT experiment_id, started_utc, finished_utc, status, verdict, wall_time_ms, dataset_sha256, feature_pipeline_sha256, holdout_fingerprint, notes FROM runs WHERE run_id = @r";
        command.Parameters.AddWithValue("@r", runId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return Task.FromResult<RunRecord?>(null);
        }

        var experiment = ReadExperiment(connection, null, reader.GetString(0))!;
        var outcome = reader.IsDBNull(4) ? null : new RunOutcome(reader.GetString(4), TimeSpan.FromMilliseconds(reader.GetInt64(5)),
            reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9));
        var run = new RunRecord(runId, experiment, Parse(reader.GetString(1)), reader.IsDBNull(2) ? null : Parse(reader.GetString(2)), reader.GetString(3), outcome,
            Query(connection, "SELECT name, value FROM params WHERE run_id = @r", runId, r => (r.GetString(0), r.GetString(1))).ToImmutableSortedDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal),
            [.. Query(connection, "SELECT name, value, lower, upper, split FROM metrics WHERE run_id = @r ORDER BY split, name", runId,
                r => new MetricRecord(r.GetString(0), r.GetDouble(1), r.IsDBNull(2) ? null : r.GetDouble(2), r.IsDBNull(3) ? null : r.GetDouble(3), r.GetString(4)))],
            [.. Query(connection, "SELECT name, path, sha256 FROM artifacts WHERE run_id = @r ORDER BY name", runId, r => new ArtifactRecord(r.GetString(0), r.GetString(1), r.GetString(2)))]);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<RunRecord?>(run);
    }

    /// <summary>The ids of an experiment's runs, oldest first.</summary>
    public Task<ImmutableArray<string>> ListRunsAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<ImmutableArray<string>>([.. Query(connection, "SELECT run_id FROM runs WHERE experiment_id = @r ORDER BY started_utc, rowid", experimentId, r => r.GetString(0))]);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private Task Write(CancellationToken cancellationToken, Action<SqliteConnection, SqliteTransaction> write)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        // BEGIN IMMEDIATE takes the write lock up front, so concurrent writers wait (busy timeout) instead of failing.
        using var transaction = connection.BeginTransaction(deferred: false);
        write(connection, transaction);
        transaction.Commit();
        return Task.CompletedTask;
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }

    private static ExperimentRecord? ReadExperiment(SqliteConnection connection, SqliteTransaction? transaction, string id)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id, hypothesis, problem, feature_set, model_family FROM experiments WHERE id = @id";
        command.Parameters.AddWithValue("@id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new ExperimentRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)) : null;
    }

    private static List<T> Query<T>(SqliteConnection connection, string sql, string runId, Func<SqliteDataReader, T> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@r", runId);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
