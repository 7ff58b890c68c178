using CommandCenter.Data;
using CommandCenter.Features.Admin.Reference;
using CommandCenter.Features.Reference;
using CommandCenter.Security;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommandCenter.Tests.Features.Admin;

/// <summary>A migrated SQLite file in the temp folder for the reference-admin tests, deleted on dispose.</summary>
internal sealed class AdminTestDatabase : IDisposable
{
    public AdminTestDatabase()
    {
        DapperSetup.Configure();
        FilePath = Path.Combine(Path.GetTempPath(), $"cc-admin-ref-{Guid.NewGuid():N}.db");
        Options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={FilePath}" };
        new DatabaseMigrator(Options, NullLogger<DatabaseMigrator>.Instance).Migrate();
        Connections = new DbConnectionFactory(Options);
        Catalog = new ReferenceCatalog(Connections);
        var settings = Microsoft.Extensions.Options.Options.Create(new SecurityOptions());
        Changes = new SecurityChangeFeed(Connections,
            new CredentialCheckCache(new MemoryCache(new MemoryCacheOptions()), settings, NullLogger<CredentialCheckCache>.Instance),
            Catalog, TimeProvider.System, settings, NullLogger<SecurityChangeFeed>.Instance);
        Queries = new ReferenceAdminQueries(Connections);
        Commands = new ReferenceAdminCommands(Connections, Changes, Audit, NullLogger<ReferenceAdminCommands>.Instance);
    }

    public string FilePath { get; }
    public DatabaseOptions Options { get; }
    public DbConnectionFactory Connections { get; }
    public ReferenceCatalog Catalog { get; }

    /// <summary>The node's change feed, through which an edit reloads <see cref="Catalog"/>.</summary>
    public SecurityChangeFeed Changes { get; }
    public ReferenceAdminQueries Queries { get; }
    public RecordingAuditSink Audit { get; } = new();
    public ReferenceAdminCommands Commands { get; }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = await Connections.OpenAsync();
        // Test-only: the table name comes from the test's own literal.
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await Connections.OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    /// <summary>A minimal case pointing at the given reference rows, to make them "in use".</summary>
    public Task InsertCaseAsync(long categoryId, long regionId, long streetId, long? roadId = null, long? departmentId = null) =>
        ExecuteAsync("""
            INSERT INTO cases (case_no, source, category_id, region_id, street_id, road_id, department_id, description, status, reported_at, last_step_at)
            VALUES (@CaseNo, 'supervisor', @CategoryId, @RegionId, @StreetId, @RoadId, @DepartmentId, 'test', 'reported', @At, @At)
            """,
            new { CaseNo = Guid.NewGuid().ToString("N")[..16], CategoryId = categoryId, RegionId = regionId, StreetId = streetId, RoadId = roadId,
                  DepartmentId = departmentId, At = DateTime.UtcNow });

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { FilePath, FilePath + "-wal", FilePath + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }
}

internal sealed class RecordingAuditSink : IReferenceAuditSink
{
    public List<(string Action, string Target, string Detail)> Records { get; } = [];

    public Task RecordAsync(string action, string target, string detail, CancellationToken ct)
    {
        lock (Records) Records.Add((action, target, detail));
        return Task.CompletedTask;
    }
}
