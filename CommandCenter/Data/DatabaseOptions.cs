namespace CommandCenter.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>SQLite's <c>PRAGMA synchronous</c> for the app's connections (<c>Database:SqliteSynchronous</c>).</summary>
public enum SqliteSynchronous
{
    /// <summary>The default: every commit is synced to disk before it is acknowledged; nothing acknowledged is lost on a power cut.</summary>
    Full,
    /// <summary>
    /// WAL mode syncs only at checkpoints: the database cannot corrupt, but a power cut (not a crash of the app) may lose the
    /// last commits — requests already answered 201. Faster ingest; an operator's decision, never the default.
    /// </summary>
    Normal,
}

/// <summary>Settings under <c>Database</c> plus the connection strings <c>CommandCenter</c> and <c>CommandCenterRead</c>.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The primary connection string: every write and every read that must see it.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Optional read replica for dashboard reads (SQL Server: <c>ApplicationIntent=ReadOnly</c>).</summary>
    public string? ReadConnectionString { get; set; }

    /// <summary><c>Database:SqliteSynchronous</c>: Full (default) or Normal; see <see cref="Data.SqliteSynchronous"/>. SQLite only.</summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>The default when no connection string is configured: an SQLite file under App_Data.</summary>
    public static string DefaultSqliteConnectionString(string contentRoot) =>
        $"Data Source={Path.Combine(contentRoot, "App_Data", "commandcenter.db")}";
}
