using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Testing;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommandCenter.Tests;

/// <summary>
/// A throw-away SQLite file for one test: unique per instance, migrated on request, deleted (with its WAL files) on dispose.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private static readonly string Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "commandcenter-tests");

    private TestDatabase(string path)
    {
        Path = path;
        Options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={path}" };
        Connections = new DbConnectionFactory(Options);
    }

    public string Path { get; }
    public DatabaseOptions Options { get; }
    public DbConnectionFactory Connections { get; }

    /// <summary>A new, empty database file (not created until first opened).</summary>
    public static TestDatabase CreateEmpty()
    {
        DapperSetup.Configure();
        Directory.CreateDirectory(Folder);
        return new TestDatabase(System.IO.Path.Combine(Folder, $"{Guid.NewGuid():N}.db"));
    }

    /// <summary>A new database with the schema applied.</summary>
    public static TestDatabase CreateMigrated()
    {
        var db = CreateEmpty();
        db.Migrate();
        return db;
    }

    /// <summary>A migrated database holding <see cref="Ref"/>'s tiny reference set.</summary>
    public static TestDatabase CreateWithReference()
    {
        var db = CreateMigrated();
        db.InsertReference();
        return db;
    }

    public void Migrate() => new DatabaseMigrator(Options, NullLogger<DatabaseMigrator>.Instance).Migrate();

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(Options.ConnectionString);
        connection.Open();
        return connection;
    }

    public long Count(string table, string where = "1 = 1", object? parameters = null)
    {
        using var connection = Open();
        return connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table} WHERE {where}", parameters);
    }

    /// <summary>Every index of cases and case_events as "name: definition" ("auto" for the ones SQLite makes for UNIQUE), by name.</summary>
    public List<string> CaseIndexes()
    {
        using var connection = Open();
        return connection.Query<string>("""
            SELECT name || ': ' || COALESCE(sql, 'auto') FROM sqlite_master
            WHERE type = 'index' AND tbl_name IN ('cases', 'case_events') ORDER BY name
            """).ToList();
    }

    /// <summary>One district → street → community → grid, one department, one category (48 h / urgent 4 h), one road.</summary>
    public static TestCity ReferenceCity() => new TestCity()
        .District("D01", "济阳区", Ref.District)
        .Street("S01", "济阳街道", "D01", Ref.Street)
        .Community("C01", "汇鑫社区", "S01", Ref.Community)
        .Grid("G01", "汇鑫一网格", "C01", Ref.Grid)
        .Department("municipal", "市政", Ref.Department)
        .Category("manhole", "井盖", CategoryKind.Component, Ref.TimeLimitHours, Ref.UrgentTimeLimitHours, "municipal", Ref.Category)
        .Road("R01", "纬二路", "S01", Ref.Road);

    /// <summary>Writes <see cref="ReferenceCity"/>.</summary>
    public void InsertReference() => Insert(ReferenceCity());

    /// <summary>Writes a test city's rows into this database.</summary>
    public void Insert(TestCity city)
    {
        using var connection = Open();
        city.Write(connection);
    }

    public void Dispose()
    {
        // Only this file's pool: other tests run in parallel with their own files.
        SqliteConnection.ClearPool(new SqliteConnection(Options.ConnectionString));
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A handle still closing; the temp folder is cleaned by the OS.
            }
        }
    }

    /// <summary>The ids of the reference rows <see cref="ReferenceCity"/> holds.</summary>
    public static class Ref
    {
        public const long District = 1;
        public const long Street = 2;
        public const long Community = 3;
        public const long Grid = 4;
        public const long Department = 1;
        public const long Category = 1;
        public const long Road = 1;
        public const double TimeLimitHours = 48;
        public const double UrgentTimeLimitHours = 4;
    }
}
