using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Data;

/// <summary>
/// Opens connections for the configured engine. SQLite connections get a busy timeout and foreign keys on, and
/// <c>synchronous = NORMAL</c> only when <see cref="DatabaseOptions.SqliteSynchronous"/> says so (FULL, SQLite's default in
/// WAL mode, otherwise). A database that cannot be opened is a <see cref="DatabaseUnavailableException"/>. An SQLite file is
/// opened read-write but never created (the migrations create it): a file gone missing is an outage, not a new empty
/// database; and every connection to it, and every commit on it, is checked to be on the file the app opened
/// (<see cref="SqliteFileGuard"/>).
/// </summary>
public sealed class DbConnectionFactory(DatabaseOptions options) : IDisposable
{
    private readonly string _connectionString = SqliteFile(options) ?? options.ConnectionString;
    private readonly SqliteFileGuard? _fileGuard = SqliteFile(options) is { } file ? new SqliteFileGuard(file) : null;

    public DatabaseProvider Provider => options.Provider;

    private SqliteWriteGate? _writeGate;

    /// <summary>Where every write transaction on this database begins: one queue of this process's writers (<see cref="SqliteWriteGate"/>).</summary>
    public SqliteWriteGate WriteGate => LazyInitializer.EnsureInitialized(ref _writeGate, () => new SqliteWriteGate(this));

    /// <summary>The text of <paramref name="sql"/> for the configured engine.</summary>
    public string Sql(DialectSql sql) => sql.For(options.Provider);

    /// <summary>The connection string the app's connections use (SQLite: the configured one, opening without creating).</summary>
    public string ConnectionString => _connectionString;

    /// <summary>The configured SQLite file opened read-write without creating it; null for SQL Server and in-memory databases.</summary>
    private static string? SqliteFile(DatabaseOptions options)
    {
        if (options.Provider != DatabaseProvider.Sqlite) return null;
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        if (builder.DataSource is not { Length: > 0 } source || source == ":memory:" || builder.Mode == SqliteOpenMode.Memory) return null;
        if (builder.Mode == SqliteOpenMode.ReadWriteCreate) builder.Mode = SqliteOpenMode.ReadWrite;
        return builder.ToString();
    }

    /// <summary>
    /// When set, counts every SQL statement SQLite starts on connections opened from now on (benchmarks measure the
    /// database load of the live pipeline with it). Null, the default, costs nothing.
    /// </summary>
    public StatementCounter? Statements { get; set; }

    /// <summary>Opens a connection to the primary database.</summary>
    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(_connectionString, _fileGuard, cancellationToken);

    /// <summary>Opens a connection for dashboard reads: the read replica when one is configured.</summary>
    public Task<DbConnection> OpenReadAsync(CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(options.ReadConnectionString)
            ? OpenAsync(cancellationToken)
            : OpenAsync(options.ReadConnectionString, null, cancellationToken);

    /// <summary>
    /// Opens a connection for the live change feed (the tailer's polls and its rebuild). On SQLite the dashboard reads
    /// connection (<see cref="OpenReadAsync"/>); on SQL Server the primary, always: the feed's bound,
    /// <c>MIN_ACTIVE_ROWVERSION()</c>, describes the transactions in flight of the database it is read on, and a readable
    /// secondary's is not established to describe the primary's (docs/live-pipeline.md).
    /// </summary>
    public Task<DbConnection> OpenFeedAsync(CancellationToken cancellationToken = default) =>
        options.Provider == DatabaseProvider.SqlServer ? OpenAsync(cancellationToken) : OpenReadAsync(cancellationToken);

    /// <summary>
    /// Call after a commit, before acknowledging the write: throws <see cref="DatabaseUnavailableException"/> when the commit
    /// went to an SQLite file that is no longer the database at its path (moved in the moment between SQLite's commit hook and
    /// the end of the commit). Nothing to check on SQL Server.
    /// </summary>
    public void EnsureCommitted(DbConnection connection)
    {
        if (_fileGuard is not null && connection is SqliteConnection sqlite) _fileGuard.EnsureSameFile(sqlite);
    }

    public void Dispose() => _fileGuard?.Dispose();

    private const string OpenPragmas = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;";
    private const string OpenPragmasNormalSync = OpenPragmas + " PRAGMA synchronous = NORMAL;";

    private async Task<DbConnection> OpenAsync(string connectionString, SqliteFileGuard? fileGuard, CancellationToken cancellationToken)
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
                if (fileGuard is not null)
                {
                    fileGuard.EnsureSameFile(sqlite);
                    fileGuard.GuardCommits(sqlite);
                }
            }
            return connection;
        }
        catch (DbException ex) when (ex is not DatabaseUnavailableException)
        {
            await connection.DisposeAsync();
            throw new DatabaseUnavailableException("The database cannot be opened.", ex);
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
