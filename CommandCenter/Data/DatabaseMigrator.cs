using DbUp;
using DbUp.Builder;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Data;

/// <summary>
/// Brings the schema up to date on start with DbUp: the scripts under Data/Migrations/{Sqlite|SqlServer}, embedded in the
/// assembly, each run once and journalled in DbUp's <c>SchemaVersions</c> table. SQLite files are switched to WAL, and indexes
/// an interrupted import left set aside (<see cref="DeferredIndexes"/>) are built again.
/// </summary>
public sealed class DatabaseMigrator(DatabaseOptions options, ILogger<DatabaseMigrator> logger)
{
    public void Migrate()
    {
        var folder = options.Provider == DatabaseProvider.SqlServer ? "SqlServer" : "Sqlite";
        UpgradeEngineBuilder builder;
        if (options.Provider == DatabaseProvider.SqlServer)
        {
            EnsureDatabase.For.SqlDatabase(options.ConnectionString);
            builder = DeployChanges.To.SqlDatabase(options.ConnectionString);
        }
        else
        {
            PrepareSqliteFile(options.ConnectionString);
            builder = DeployChanges.To.SqliteDatabase(options.ConnectionString);
        }

        var result = builder
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.Contains($".Data.Migrations.{folder}."))
            .WithTransactionPerScript()
            .LogTo(logger)
            .Build()
            .PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Database migration failed in {result.ErrorScript?.Name}: {result.Error.Message}", result.Error);
        if (options.Provider != DatabaseProvider.Sqlite) return;
        using var connections = new DbConnectionFactory(options);
        DeferredIndexes.RestoreAbandoned(connections, logger);
    }

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
