namespace CommandCenter.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Settings under <c>Database</c> plus the connection strings <c>CommandCenter</c> and <c>CommandCenterRead</c>.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The primary connection string: every write and every read that must see it.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Optional read replica for dashboard reads (SQL Server: <c>ApplicationIntent=ReadOnly</c>).</summary>
    public string? ReadConnectionString { get; set; }

    /// <summary>The default when no connection string is configured: an SQLite file under App_Data.</summary>
    public static string DefaultSqliteConnectionString(string contentRoot) =>
        $"Data Source={Path.Combine(contentRoot, "App_Data", "commandcenter.db")}";
}
