using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Data;

/// <summary>Opens connections for the configured engine. SQLite connections get a busy timeout and foreign keys on.</summary>
public sealed class DbConnectionFactory(DatabaseOptions options)
{
    public DatabaseProvider Provider => options.Provider;

    /// <summary>Opens a connection to the primary database.</summary>
    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(options.ConnectionString, cancellationToken);

    /// <summary>Opens a connection for dashboard reads: the read replica when one is configured.</summary>
    public Task<DbConnection> OpenReadAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(string.IsNullOrWhiteSpace(options.ReadConnectionString) ? options.ConnectionString : options.ReadConnectionString,
            cancellationToken);

    private async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        DbConnection connection = options.Provider switch
        {
            DatabaseProvider.SqlServer => new SqlConnection(connectionString),
            _ => new SqliteConnection(connectionString),
        };
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection is SqliteConnection sqlite)
            {
                await using var pragma = sqlite.CreateCommand();
                pragma.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
