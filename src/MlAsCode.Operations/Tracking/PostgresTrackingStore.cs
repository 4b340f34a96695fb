using System;
using System.Data.Common;
using Npgsql;

namespace MlAsCode.Tracking;

/// <summary>
/// The tracking store in PostgreSQL, for teams that share one: the same tables as the SQLite store, created when
/// missing. Give a connection string (<c>Host=…;Database=…;Username=…;Password=…</c>; <c>Search Path=…</c> selects a
/// schema).
/// </summary>
public sealed class PostgresTrackingStore : TrackingStore, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Connects and creates the tables when they are missing.</summary>
    /// <exception cref="ArgumentException">The connection string cannot be parsed.</exception>
    /// <exception cref="NpgsqlException">The server cannot be reached; the message names host and port.</exception>
    public PostgresTrackingStore(string connectionString, TimeProvider? clock = null)
        : base(clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Location = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
        // One creator at a time per database: CREATE TABLE IF NOT EXISTS can otherwise collide on the catalog.
        CreateTables(inTransactionFirst: "SELECT pg_advisory_xact_lock(7140001)");
    }

    /// <inheritdoc />
    public override string Location { get; }

    /// <inheritdoc />
    protected override DbConnection Open() => _dataSource.OpenConnection();

    /// <summary>Closes the store's connection pool.</summary>
    public void Dispose() => _dataSource.Dispose();
}
