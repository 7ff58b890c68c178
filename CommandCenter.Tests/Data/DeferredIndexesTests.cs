using CommandCenter.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Tests.Data;

public sealed class DeferredIndexesTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _db = TestDatabase.CreateMigrated();

    public void Dispose() => _db.Dispose();

    /// <summary>The definitions of every index of cases and case_events, the unique ones SQLite made included (by name).</summary>
    private List<string> Indexes()
    {
        using var connection = _db.Open();
        return connection.Query<string>("""
            SELECT name || ': ' || COALESCE(sql, 'auto') FROM sqlite_master
            WHERE type = 'index' AND tbl_name IN ('cases', 'case_events') ORDER BY name
            """).ToList();
    }

    [Fact]
    public void Defer_DropsTheSecondaryIndexesRecordsThemAndKeepsTheUniqueOnes()
    {
        var before = Indexes();
        using var connection = _db.Open();

        var deferred = DeferredIndexes.Defer(connection, Now);

        Assert.Equal(10, deferred.Count);
        Assert.Contains("ix_cases_street", deferred);
        Assert.Contains("ix_case_events_case", deferred);
        var after = Indexes();
        Assert.All(after, i => Assert.StartsWith("sqlite_autoindex_", i));
        Assert.Equal(before.Where(i => i.StartsWith("sqlite_autoindex_", StringComparison.Ordinal)), after);
        Assert.Equal(deferred, DeferredIndexes.Pending(connection));
    }

    [Fact]
    public void Restore_AfterDefer_BuildsTheSameIndexesAndClearsTheRecord()
    {
        var before = Indexes();
        using var connection = _db.Open();
        DeferredIndexes.Defer(connection, Now);

        var built = DeferredIndexes.Restore(connection);

        Assert.Equal(10, built.Count);
        Assert.Equal(before, Indexes());
        Assert.Empty(DeferredIndexes.Pending(connection));
        Assert.Empty(DeferredIndexes.Restore(connection));
    }

    [Fact]
    public void Migrate_AfterAnImportWasKilled_BuildsTheIndexesItLeftSetAside()
    {
        var before = Indexes();
        using (var connection = _db.Open()) DeferredIndexes.Defer(connection, Now);
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
        using var connection = _db.Open();
        DeferredIndexes.Defer(connection, Now);
        connection.Execute("INSERT INTO deferred_indexes (name, definition, deferred_at) VALUES (@name, @definition, '2026-11-23')",
            new { name, definition });

        var error = Assert.Throws<InvalidOperationException>(() => DeferredIndexes.Restore(connection));

        Assert.Contains("ix_evil", error.Message);
        Assert.Equal(11, DeferredIndexes.Pending(connection).Count);
        Assert.All(Indexes(), i => Assert.StartsWith("sqlite_autoindex_", i));
        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'cases'"));
    }
}
