using CommandCenter.Data;
using CommandCenter.Features.Admin.Reference;
using CommandCenter.Features.Reference;
using CommandCenter.Security;
using CommandCenter.Testing;
using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommandCenter.Tests.Features.Admin;

/// <summary>A migrated <see cref="TestDatabase"/> with the reference-admin services over it, deleted on dispose.</summary>
internal sealed class AdminTestDatabase : IDisposable
{
    private readonly TestDatabase _db = TestDatabase.CreateMigrated();

    public AdminTestDatabase()
    {
        Catalog = new ReferenceCatalog(Connections);
        var settings = Microsoft.Extensions.Options.Options.Create(new SecurityOptions());
        Changes = new SecurityChangeFeed(Connections,
            new CredentialCheckCache(new MemoryCache(new MemoryCacheOptions()), settings, NullLogger<CredentialCheckCache>.Instance),
            Catalog, TimeProvider.System, settings, NullLogger<SecurityChangeFeed>.Instance);
        Queries = new ReferenceAdminQueries(Connections);
        Commands = new ReferenceAdminCommands(Connections, Changes, Audit, NullLogger<ReferenceAdminCommands>.Instance);
    }

    public DatabaseOptions Options => _db.Options;
    public DbConnectionFactory Connections => _db.Connections;
    public ReferenceCatalog Catalog { get; }

    /// <summary>The node's change feed, through which an edit reloads <see cref="Catalog"/>.</summary>
    public SecurityChangeFeed Changes { get; }
    public ReferenceAdminQueries Queries { get; }
    public RecordingAuditSink Audit { get; } = new();
    public ReferenceAdminCommands Commands { get; }

    public Task<long> CountAsync(string table) => Task.FromResult(_db.Count(table));

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await Connections.OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    /// <summary>A minimal case pointing at the given reference rows, to make them "in use".</summary>
    public async Task InsertCaseAsync(long categoryId, long regionId, long streetId, long? roadId = null, long? departmentId = null)
    {
        await using var connection = await Connections.OpenAsync();
        TestCity.WriteCases(connection, [new StoredCase(Guid.NewGuid().ToString("N")[..16], "supervisor", categoryId, regionId, streetId, DateTime.UtcNow)
        {
            RoadId = roadId, DepartmentId = departmentId, Description = "test",
        }]);
    }

    public void Dispose() => _db.Dispose();
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
