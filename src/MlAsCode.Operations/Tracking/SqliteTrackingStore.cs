using System;
using System.Data.Common;
using System.IO;
using Microsoft.Data.Sqlite;

namespace MlAsCode.Tracking;

/// <summary>
/// The tracking store in an SQLite file (by default <c>.mlac/tracking.db</c> under the current directory, created on
/// first use). WAL mode with a busy timeout, and each write takes the write lock up front (BEGIN IMMEDIATE), so
/// concurrent writers wait instead of failing.
/// </summary>
public sealed class SqliteTrackingStore : TrackingStore
{
    private readonly string _connectionString;

    /// <summary>Opens (and creates when missing) the store at <paramref name="path"/>.</summary>
    public SqliteTrackingStore(string path, TimeProvider? clock = null)
        : base(clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, DefaultTimeout = 30, Pooling = false }.ToString();
        CreateTables("PRAGMA journal_mode = WAL;\n");
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override string Location => Path;

    /// <summary>The default store: <c>.mlac/tracking.db</c> under the current directory.</summary>
    public static SqliteTrackingStore OpenDefault() => new(System.IO.Path.Combine(".mlac", "tracking.db"));

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
