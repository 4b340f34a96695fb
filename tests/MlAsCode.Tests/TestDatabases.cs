using System;
using System.Collections.Generic;
using System.IO;

namespace MlAsCode.Tests;

/// <summary>
/// Scratch databases for the SQL store tests: an SQLite folder and, on the PostgreSQL server in
/// <c>MLASCODE_POSTGRES</c> (<c>.ci/run</c> starts one on loopback and sets it), one schema per store, dropped on
/// dispose.
/// </summary>
internal sealed class TestDatabases : IDisposable
{
    private readonly List<string> _schemas = [];

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "mlac-db-" + Guid.NewGuid().ToString("N"));

    /// <summary>A connection string to a new, empty schema.</summary>
    public string NewPostgresSchema()
    {
        var server = Environment.GetEnvironmentVariable("MLASCODE_POSTGRES");
        Assert.False(string.IsNullOrWhiteSpace(server),
            "MLASCODE_POSTGRES is not set: run the tests through .ci/run, which starts PostgreSQL on loopback, or point it at a server you may create schemas on.");
        var schema = "t_" + Guid.NewGuid().ToString("N");
        Run(server!, $"CREATE SCHEMA {schema}");
        _schemas.Add(schema);
        return new Npgsql.NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ToString();
    }

    public void Dispose()
    {
        foreach (var schema in _schemas)
        {
            Run(Environment.GetEnvironmentVariable("MLASCODE_POSTGRES")!, $"DROP SCHEMA {schema} CASCADE");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static void Run(string server, string sql)
    {
        using var connection = new Npgsql.NpgsqlConnection(server);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
