using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Demo;
using CommandCenter.Features.Reference;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

/// <summary>
/// A fresh, migrated SQLite file in the temp folder with the services the write path needs, deleted (with its WAL files)
/// on dispose. The seed, import and road-responsibility benchmarks start from it.
/// </summary>
internal sealed class DemoDatabase : IDisposable
{
    private DemoDatabase(string file)
    {
        File = file;
        var options = new DatabaseOptions { ConnectionString = $"Data Source={file}" };
        new DatabaseMigrator(options, NullLogger<DatabaseMigrator>.Instance).Migrate();
        Connections = new DbConnectionFactory(options);
        Reference = new ReferenceCatalog(Connections);
        Cases = new CaseService(Connections, Reference, TimeProvider.System, Calendar);
        Seeder = new DemoCitySeeder(Connections, Reference, new BulkImport(Connections, Reference, TimeProvider.System, Calendar), Calendar, Options.Create(new DemoOptions()), NullLogger<DemoCitySeeder>.Instance);
    }

    public string File { get; }
    public BusinessCalendar Calendar { get; } = BusinessCalendar.For("Asia/Shanghai");
    public DbConnectionFactory Connections { get; }
    public ReferenceCatalog Reference { get; }
    public CaseService Cases { get; }
    public DemoCitySeeder Seeder { get; }

    public static DemoDatabase Create(string prefix = "cc-bench")
    {
        DapperSetup.Configure();
        return new DemoDatabase(Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}.db"));
    }

    /// <summary>The rows of cases and of case_events in a SQLite file.</summary>
    /// <summary>The newest change-feed row of a SQLite file (0 when empty), read-only.</summary>
    public static long MaxEventId(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM case_events";
        return (long)command.ExecuteScalar()!;
    }

    public static (long Cases, long Events) Counts(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM case_events)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { File, File + "-wal", File + "-shm" }) System.IO.File.Delete(f);
    }
}
