using CommandCenter.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Tests.Data;

public sealed class DeferredIndexesTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _db = TestDatabase.CreateMigrated();

    public void Dispose() => _db.Dispose();

    private List<string> Indexes() => _db.CaseIndexes();

    /// <summary>The secondary indexes of the migrated schema (every index a migration created, none a UNIQUE constraint's).</summary>
    private int SecondaryCount() => Indexes().Count(i => !i.EndsWith(": auto", StringComparison.Ordinal));

    private static Microsoft.Extensions.Logging.ILogger Log => Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    [Fact]
    public void Defer_DropsTheSecondaryIndexesRecordsThemAndKeepsTheUniqueOnes()
    {
        var before = Indexes();
        var secondary = SecondaryCount();
        using var connection = _db.Open();

        var deferred = DeferredIndexes.Defer(connection, _db.Connections.WriteGate, Now);

        Assert.Equal(12, secondary);
        Assert.Equal(secondary, deferred.Count);
        Assert.Contains("ix_cases_street", deferred);
        Assert.Contains("ix_case_events_case", deferred);
        var after = Indexes();
        Assert.All(after, i => Assert.EndsWith(": auto", i));
        Assert.Equal(before.Where(i => i.StartsWith("sqlite_autoindex_", StringComparison.Ordinal)), after);
        Assert.Equal(deferred, DeferredIndexes.Pending(connection));
    }

    [Fact]
    public void Restore_AfterDefer_BuildsTheSameIndexesAndClearsTheRecord()
    {
        var before = Indexes();
        var secondary = SecondaryCount();
        using var connection = _db.Open();
        DeferredIndexes.Defer(connection, _db.Connections.WriteGate, Now);

        var built = DeferredIndexes.Restore(connection, _db.Connections.WriteGate);

        Assert.Equal(secondary, built.Count);
        Assert.Equal(before, Indexes());
        Assert.Empty(DeferredIndexes.Pending(connection));
        Assert.Empty(DeferredIndexes.Restore(connection, _db.Connections.WriteGate));
    }

    [Fact]
    public void Migrate_AfterAnImportWasKilled_BuildsTheIndexesItLeftSetAside()
    {
        var before = Indexes();
        using (var connection = _db.Open()) DeferredIndexes.Defer(connection, _db.Connections.WriteGate, Now);
        SqliteConnection.ClearAllPools();

        _db.Migrate();

        Assert.Equal(before, Indexes());
        using var check = _db.Open();
        Assert.Empty(DeferredIndexes.Pending(check));
    }

    [Theory]
    [InlineData("ix_evil", "CREATE INDEX ix_evil ON cases (id); DROP TABLE cases")]
    [InlineData("ix_evil", "CREATE TABLE ix_evil (x)")]
    [InlineData("ix_evil", "CREATE INDEX ix_other ON cases (id)")]
    [InlineData("ix_evil", "CREATE INDEX ix_evil ON users (id)")]
    public void Restore_ARecordThatIsNotAPlainIndex_RunsNothingAndSaysWhich(string name, string definition)
    {
        var secondary = SecondaryCount();
        using var connection = _db.Open();
        DeferredIndexes.Defer(connection, _db.Connections.WriteGate, Now);
        connection.Execute("INSERT INTO deferred_indexes (name, definition, deferred_at) VALUES (@name, @definition, '2026-11-23')",
            new { name, definition });

        var error = Assert.Throws<InvalidOperationException>(() => DeferredIndexes.Restore(connection, _db.Connections.WriteGate));

        Assert.Contains("ix_evil", error.Message);
        Assert.Equal(secondary + 1, DeferredIndexes.Pending(connection).Count);
        Assert.All(Indexes(), i => Assert.EndsWith(": auto", i));
        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'cases'"));
    }

    [Fact]
    public void Migrate_WhileTheImportThatSetThemAsideStillRuns_LeavesThemAloneAndBuildsThemOnceItIsGone()
    {
        var before = Indexes();
        var importLock = DeferredIndexes.TryHoldImportLock(_db.Options.ConnectionString);
        Assert.NotNull(importLock);
        using (var connection = _db.Open()) DeferredIndexes.Defer(connection, _db.Connections.WriteGate, Now);

        _db.Migrate();

        Assert.All(Indexes(), i => Assert.EndsWith(": auto", i));
        Assert.Null(DeferredIndexes.TryHoldImportLock(_db.Options.ConnectionString));
        importLock.Dispose();   // the import's process ended without building them
        _db.Migrate();
        Assert.Equal(before, Indexes());
    }

    [Fact]
    public void Watcher_IndexesLeftByADeadImport_BuildsThemWhileTheAppRuns()
    {
        var before = Indexes();
        var secondary = SecondaryCount();
        using (var connection = _db.Open()) DeferredIndexes.Defer(connection, _db.Connections.WriteGate, Now);
        var watcher = new DeferredIndexWatcher(_db.Connections, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<DeferredIndexWatcher>.Instance);

        var built = watcher.CheckOnce();

        Assert.Equal(secondary, built.Count);
        Assert.Equal(before, Indexes());
        Assert.Empty(watcher.CheckOnce());
    }

    [Fact]
    public void Restore_SomeIndexesAlreadyBuiltByAnotherProcess_BuildsTheRestAndClearsEveryRecord()
    {
        var before = Indexes();
        var secondary = SecondaryCount();
        using var connection = _db.Open();
        DeferredIndexes.Defer(connection, _db.Connections.WriteGate, Now);
        connection.Execute("CREATE INDEX ix_cases_street ON cases (street_id, registered_at)");

        var built = DeferredIndexes.RestoreAbandoned(_db.Connections, Log);

        Assert.Equal(secondary, built.Count);
        Assert.Equal(before, Indexes());
        Assert.Empty(DeferredIndexes.Pending(connection));
    }
}
