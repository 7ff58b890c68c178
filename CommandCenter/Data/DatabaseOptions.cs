using CommandCenter.Extensions;

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

/// <summary>
/// Settings under <c>Database</c> plus the connection strings <c>CommandCenter</c> and <c>CommandCenterRead</c>, read once
/// when the app is composed (<c>Extensions.AddDatabase</c>) and checked before the migrations run.
/// </summary>
public sealed class DatabaseOptions : ICheckedSettings
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The primary connection string: every write and every read that must see it.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Optional read replica for dashboard reads (SQL Server: <c>ApplicationIntent=ReadOnly</c>).</summary>
    public string? ReadConnectionString { get; set; }

    /// <summary><c>Database:SqliteSynchronous</c>: Full (default) or Normal; see <see cref="Data.SqliteSynchronous"/>. SQLite only.</summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>An unknown provider or synchronous mode, or SQL Server without a connection string, stops the start.</summary>
    public void Check(SettingsCheck check)
    {
        check.Defined(nameof(Provider), Provider);
        check.Defined(nameof(SqliteSynchronous), SqliteSynchronous);
        check.Holds(Provider != DatabaseProvider.SqlServer || ConnectionString is { Length: > 0 },
            "Database:Provider is SqlServer but ConnectionStrings:CommandCenter is not set.");
    }

    /// <summary>The default when no connection string is configured: an SQLite file under App_Data.</summary>
    public static string DefaultSqliteConnectionString(string contentRoot) =>
        $"Data Source={Path.Combine(contentRoot, "App_Data", "commandcenter.db")}";
}
