using Dapper;
using DbUp;
using DbUp.Builder;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Data;

/// <summary>
/// Brings the schema up to date on start with DbUp: the scripts under Data/Migrations/{Sqlite|SqlServer}, embedded in the
/// assembly, each run once and journalled in DbUp's <c>SchemaVersions</c> table. SQLite files are switched to WAL, and indexes
/// an interrupted import left set aside (<see cref="DeferredIndexes"/>) are built again. On SQL Server the whole migration
/// runs under an application lock (<c>sp_getapplock</c>), snapshot isolation is allowed and checked.
/// </summary>
public sealed class DatabaseMigrator(DatabaseOptions options, ILogger<DatabaseMigrator> logger)
{
    /// <summary>The longest a node waits for another node's migration before it gives up starting.</summary>
    public static readonly TimeSpan MigrationLockTimeout = TimeSpan.FromMinutes(15);

    public void Migrate()
    {
        if (options.Provider == DatabaseProvider.SqlServer)
        {
            MigrateSqlServer();
            return;
        }
        RefuseNewerSqliteDatabase();
        PrepareSqliteFile(options.ConnectionString);
        Upgrade(DeployChanges.To.SqliteDatabase(options.ConnectionString), "Sqlite");
        using var connections = new DbConnectionFactory(options);
        DeferredIndexes.RestoreAbandoned(connections, logger);
    }

    /// <summary>
    /// SQL Server: under an application lock, so that nodes starting at once migrate one after the other (the others then
    /// find every script journalled); snapshot isolation allowed outside any transaction (ALTER DATABASE cannot run in one,
    /// and DbUp runs each script in one); then the check that it is.
    /// </summary>
    private void MigrateSqlServer()
    {
        var target = new SqlConnectionStringBuilder(options.ConnectionString);
        // The lock lives in master, so that it also covers creating the database.
        var master = new SqlConnectionStringBuilder(options.ConnectionString) { InitialCatalog = "master" };
        using var lockConnection = new SqlConnection(master.ConnectionString);
        lockConnection.Open();
        var resource = MigrationLockResource(target.InitialCatalog);
        var granted = lockConnection.ExecuteScalar<int>(GetMigrationLockSql,
            new { Resource = resource, TimeoutMs = (int)MigrationLockTimeout.TotalMilliseconds }, commandTimeout: 0);
        if (granted < 0)
            throw new InvalidOperationException(
                $"Another node held the migration lock ({resource}) for {MigrationLockTimeout.TotalMinutes} minutes (sp_getapplock answered {granted}).");
        try
        {
            EnsureDatabase.For.SqlDatabase(options.ConnectionString);
            using (var connection = new SqlConnection(options.ConnectionString))
            {
                connection.Open();
                RefuseNewerDatabase(connection, target.InitialCatalog);
                try
                {
                    connection.Execute(AllowSnapshotIsolationSql, commandTimeout: 0);
                }
                catch (SqlException ex)
                {
                    // Without ALTER permission on the database: an administrator allows it once (the check below says how).
                    logger.LogWarning(ex, "Could not allow snapshot isolation on {Database}", target.InitialCatalog);
                }
            }
            Upgrade(DeployChanges.To.SqlDatabase(options.ConnectionString), "SqlServer");
            using (var connection = new SqlConnection(options.ConnectionString))
            {
                var state = connection.ExecuteScalar<int>(SnapshotIsolationStateSql);
                if (SnapshotIsolationProblem(target.InitialCatalog, state) is { } problem) throw new InvalidOperationException(problem);
            }
        }
        finally
        {
            lockConnection.Execute(ReleaseMigrationLockSql, new { Resource = resource });
        }
    }

    /// <summary>
    /// SQLite: an existing file is checked before anything is written to it (not even the switch to WAL); a missing file is
    /// new and has nothing to check.
    /// </summary>
    private void RefuseNewerSqliteDatabase()
    {
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        if (builder.DataSource is not { Length: > 0 } file || file == ":memory:" || builder.Mode == SqliteOpenMode.Memory || !File.Exists(file)) return;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(options.ConnectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        RefuseNewerDatabase(connection, file);
    }

    /// <summary>
    /// Upgrades: a database that a newer version of the app migrated (its journal lists a script this version does not
    /// have) is refused before anything is written to it: this version's code would misread or damage a schema it does not
    /// know, and there is no way down.
    /// </summary>
    private void RefuseNewerDatabase(System.Data.IDbConnection connection, string database)
    {
        if (connection.ExecuteScalar<int>(JournalExists.For(options.Provider)) == 0) return;
        var unknown = UnknownScripts(connection.Query<string>(JournalScriptsSql), options.Provider);
        if (unknown.Count > 0) throw new InvalidOperationException(NewerDatabaseMessage(database, unknown));
    }

    /// <summary>The journalled scripts this version of the app does not have.</summary>
    public static IReadOnlyList<string> UnknownScripts(IEnumerable<string> journalled, DatabaseProvider provider)
    {
        var known = Scripts(provider).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        return journalled.Where(name => !known.Contains(name)).ToList();
    }

    public static string NewerDatabaseMessage(string database, IReadOnlyList<string> unknown) =>
        $"The database {database} was migrated by a newer version of CommandCenter: it has {unknown.Count} migration(s) this " +
        $"version does not know ({string.Join(", ", unknown.Select(ShortScriptName))}). Nothing was written to it. Run the " +
        "version that migrated it, or restore the backup taken before the upgrade (docs/deploy.md, \"Upgrades\").";

    /// <summary><c>0011_working_time.sql</c> rather than the full resource name.</summary>
    private static string ShortScriptName(string name)
    {
        var folder = name.IndexOf(".Migrations.", StringComparison.Ordinal);
        if (folder < 0) return name;
        var rest = name[(folder + ".Migrations.".Length)..];
        return rest[(rest.IndexOf('.') + 1)..];
    }

    /// <summary>Whether DbUp's journal table exists (1) or not (0): a new database has none yet.</summary>
    private static readonly DialectSql JournalExists = new(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'SchemaVersions';",
        "SELECT COUNT(*) FROM sys.tables WHERE name = 'SchemaVersions' AND schema_id = SCHEMA_ID('dbo');");

    internal const string JournalScriptsSql = "SELECT ScriptName FROM SchemaVersions ORDER BY ScriptName;";

    private void Upgrade(UpgradeEngineBuilder builder, string folder)
    {
        var result = builder
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.Contains($".Data.Migrations.{folder}."))
            .WithTransactionPerScript()
            .LogTo(logger)
            .Build()
            .PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Database migration failed in {result.ErrorScript?.Name}: {result.Error.Message}", result.Error);
    }

    /// <summary>The application lock's name: one per database, so that databases on one server do not wait for each other.</summary>
    public static string MigrationLockResource(string database) => $"CommandCenter.Migrations:{database}";

    /// <summary>
    /// Null when <c>sys.databases.snapshot_isolation_state</c> is 1 (ON); otherwise why the app does not start and what an
    /// administrator runs. The live dashboard's rebuild reads one committed state in a SNAPSHOT transaction.
    /// </summary>
    public static string? SnapshotIsolationProblem(string database, int snapshotIsolationState) => snapshotIsolationState == 1
        ? null
        : $"The SQL Server database '{database}' does not allow snapshot isolation (snapshot_isolation_state {snapshotIsolationState}), " +
          "which the live dashboard's rebuild needs to read one consistent state. The app tried to allow it and could not " +
          $"(it needs ALTER permission on the database). An administrator runs once: ALTER DATABASE [{database.Replace("]", "]]")}] " +
          "SET ALLOW_SNAPSHOT_ISOLATION ON;";

    // SQL Server only (the migrator's own statements, outside DbUp's scripts).
    internal const string GetMigrationLockSql = """
        DECLARE @result INT;
        EXEC @result = sp_getapplock @Resource = @Resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = @TimeoutMs;
        SELECT @result;
        """;

    internal const string ReleaseMigrationLockSql = "EXEC sp_releaseapplock @Resource = @Resource, @LockOwner = 'Session';";

    internal const string AllowSnapshotIsolationSql = "ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON;";

    internal const string SnapshotIsolationStateSql = "SELECT snapshot_isolation_state FROM sys.databases WHERE database_id = DB_ID();";

    /// <summary>The embedded migration scripts of one engine, in the order they run.</summary>
    public static IReadOnlyList<(string Name, string Sql)> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        var folder = provider == DatabaseProvider.SqlServer ? "SqlServer" : "Sqlite";
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains($".Data.Migrations.{folder}.") && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (n, reader.ReadToEnd());
            })
            .ToList();
    }

    private static void PrepareSqliteFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (directory is not null) Directory.CreateDirectory(directory);
        }
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // WAL lets the wall's readers run while the simulator and the API write.
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
    }
}
