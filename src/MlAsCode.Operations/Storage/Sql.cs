using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;

namespace MlAsCode.Storage;

/// <summary>
/// The few ADO.NET calls the SQL stores (tracking, registry) make, written once: parameterised commands over any
/// <see cref="DbConnection"/>, so the same statements run on SQLite and PostgreSQL. Times are stored as ISO-8601 UTC
/// text ("O"), which both databases order correctly as strings.
/// </summary>
internal static class Sql
{
    /// <summary>Runs a statement and returns the rows it changed.</summary>
    public static int Execute(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs a query and reads every row.</summary>
    public static List<T> Query<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>A nullable text column, empty when null.</summary>
    public static string Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? "" : reader.GetString(column);

    /// <summary>A time as stored.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A stored time.</summary>
    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
