using System;
using System.Data.Common;
using System.IO;
using Microsoft.Data.Sqlite;

namespace MlAsCode.Registry;

/// <summary>
/// The registry in an SQLite file (by default <c>.mlac/registry.db</c>, model files under <c>.mlac/models</c>). WAL
/// mode; every change takes the write lock up front (BEGIN IMMEDIATE), so concurrent promoters queue rather than race,
/// and triggers make the history refuse updates and deletes.
/// </summary>
public class SqliteModelRegistry : ModelRegistry
{
    private readonly string _connectionString;

    /// <summary>Opens (and creates when missing) the registry at <paramref name="path"/>, storing model files under
    /// <paramref name="artifactRoot"/> (a <c>models</c> folder beside the database by default).</summary>
    public SqliteModelRegistry(string path, string? artifactRoot = null, PromotionPolicy? policy = null, TimeProvider? clock = null)
        : base(new ArtifactStore(artifactRoot ?? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, "models")), policy, clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, DefaultTimeout = 30, Pooling = false }.ToString();
        CreateTables("INTEGER PRIMARY KEY AUTOINCREMENT", "PRAGMA journal_mode = WAL;", null, """
            CREATE TRIGGER IF NOT EXISTS registry_events_no_update BEFORE UPDATE ON registry_events
            BEGIN SELECT RAISE(ABORT, 'registry_events is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS registry_events_no_delete BEFORE DELETE ON registry_events
            BEGIN SELECT RAISE(ABORT, 'registry_events is append-only'); END;
            """);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override string Location => Path;

    /// <summary>The default registry: <c>.mlac/registry.db</c> under the current directory.</summary>
    public static SqliteModelRegistry OpenDefault(PromotionPolicy? policy = null) => new(System.IO.Path.Combine(".mlac", "registry.db"), policy: policy);

    /// <inheritdoc />
    protected override DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <inheritdoc />
    protected override DbTransaction Begin(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);
}
