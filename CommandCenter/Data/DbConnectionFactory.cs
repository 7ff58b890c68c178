using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Data;

/// <summary>
/// Opens connections for the configured engine. SQLite connections get a busy timeout and foreign keys on, and
/// <c>synchronous = NORMAL</c> only when <see cref="DatabaseOptions.SqliteSynchronous"/> says so (FULL, SQLite's default in
/// WAL mode, otherwise).
/// </summary>
public sealed class DbConnectionFactory(DatabaseOptions options)
{
    public DatabaseProvider Provider => options.Provider;

    /// <summary>
    /// When set, counts every SQL statement SQLite starts on connections opened from now on (benchmarks measure the
    /// database load of the live pipeline with it). Null, the default, costs nothing.
    /// </summary>
    public StatementCounter? Statements { get; set; }

    /// <summary>Opens a connection to the primary database.</summary>
    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(options.ConnectionString, cancellationToken);

    /// <summary>Opens a connection for dashboard reads: the read replica when one is configured.</summary>
    public Task<DbConnection> OpenReadAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(string.IsNullOrWhiteSpace(options.ReadConnectionString) ? options.ConnectionString : options.ReadConnectionString,
            cancellationToken);

    private const string OpenPragmas = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;";
    private const string OpenPragmasNormalSync = OpenPragmas + " PRAGMA synchronous = NORMAL;";

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
                if (Statements is { } counter)
                    SQLitePCL.raw.sqlite3_trace(sqlite.Handle, (SQLitePCL.strdelegate_trace)((_, _) => counter.Increment()), null);
                await using var pragma = sqlite.CreateCommand();
                pragma.CommandText = options.SqliteSynchronous == SqliteSynchronous.Normal ? OpenPragmasNormalSync : OpenPragmas;
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

/// <summary>A thread-safe count of SQL statements (see <see cref="DbConnectionFactory.Statements"/>).</summary>
public sealed class StatementCounter
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}
