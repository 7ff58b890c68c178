using CommandCenter.Data;
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
    public void InsertReference()
    {
        using var connection = Open();
        connection.Execute("""
            INSERT INTO regions (id, code, name, level, parent_id) VALUES
                (@District, 'D01', '济阳区', 'district', NULL),
                (@Street, 'S01', '济阳街道', 'street', @District),
                (@Community, 'C01', '汇鑫社区', 'community', @Street),
                (@Grid, 'G01', '汇鑫一网格', 'grid', @Community);
            INSERT INTO departments (id, code, name) VALUES (@Department, 'municipal', '市政');
            INSERT INTO categories (id, code, name, kind, time_limit_hours, urgent_time_limit_hours, department_id)
                VALUES (@Category, 'manhole', '井盖', 'component', @TimeLimitHours, @UrgentTimeLimitHours, @Department);
            INSERT INTO roads (id, code, name, street_id) VALUES (@Road, 'R01', '纬二路', @Street);
            """,
            new
            {
                Ref.District, Ref.Street, Ref.Community, Ref.Grid, Ref.Department, Ref.Category, Ref.Road,
                Ref.TimeLimitHours, Ref.UrgentTimeLimitHours,
            });
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

    /// <summary>The ids of the reference rows <see cref="InsertReference"/> writes.</summary>
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
