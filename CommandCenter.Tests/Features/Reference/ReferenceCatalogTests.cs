using CommandCenter.Features.Reference;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Tests.Features.Reference;

/// <summary>
/// The catalog's one shared load belongs to no caller: a caller that gives up ends only its own wait, a failed load is tried
/// again by the next caller, and a load that was running when the data was invalidated is not kept.
/// </summary>
public sealed class ReferenceCatalogTests
{
    [Fact]
    public async Task GetAsync_FirstCallerCancelledMidLoad_TheOtherCallerStillGetsTheData()
    {
        using var db = TestDatabase.CreateWithReference();
        var catalog = new ReferenceCatalog(db.Connections);
        Task<ReferenceData> other;
        using (var blocker = HoldTheDatabase(db))
        {
            using var aborted = new CancellationTokenSource();
            var first = catalog.GetAsync(aborted.Token);
            other = catalog.GetAsync();

            await aborted.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
            Assert.False(other.IsCompleted);
        }
        Assert.NotNull((await other).Category("manhole"));
    }

    [Fact]
    public async Task GetAsync_LoadFailed_TheNextCallerLoadsAgain()
    {
        using var db = TestDatabase.CreateWithReference();
        var catalog = new ReferenceCatalog(db.Connections);
        Execute(db, "ALTER TABLE leaders RENAME COLUMN title TO title_away");
        await Assert.ThrowsAnyAsync<SqliteException>(() => catalog.GetAsync());

        Execute(db, "ALTER TABLE leaders RENAME COLUMN title_away TO title");

        Assert.NotNull((await catalog.GetAsync()).Category("manhole"));
    }

    [Fact]
    public async Task Invalidate_WhileALoadRuns_TheNextCallerGetsANewLoadAndKeepsIt()
    {
        using var db = TestDatabase.CreateWithReference();
        var catalog = new ReferenceCatalog(db.Connections);
        Task<ReferenceData> running, next;
        using (var blocker = HoldTheDatabase(db))
        {
            running = catalog.GetAsync();
            blocker.Execute("INSERT INTO departments (code, name) VALUES ('sanitation', '环卫')");

            catalog.Invalidate();
            next = catalog.GetAsync();
        }

        Assert.NotSame(await running, await next);
        Assert.NotNull((await next).Department("sanitation"));
        Assert.Same(await next, await catalog.GetAsync());
    }

    /// <summary>
    /// An exclusive transaction on the database, switched from WAL to a rollback journal where it shuts readers out: a load
    /// started meanwhile waits in its first query (SQLite's busy wait, many seconds) until the hold is disposed, which commits.
    /// </summary>
    private static DatabaseHold HoldTheDatabase(TestDatabase db)
    {
        // Leaving WAL needs the only connection to the file: none idle in a pool.
        SqliteConnection.ClearPool(new SqliteConnection(db.Options.ConnectionString));
        SqliteConnection.ClearPool(new SqliteConnection(db.Connections.ConnectionString));
        var connection = new SqliteConnection(db.Options.ConnectionString + ";Pooling=False");
        connection.Open();
        Assert.Equal("delete", connection.ExecuteScalar<string>("PRAGMA journal_mode = DELETE"));
        connection.Execute("BEGIN EXCLUSIVE");
        return new DatabaseHold(connection);
    }

    private sealed class DatabaseHold(SqliteConnection connection) : IDisposable
    {
        public void Execute(string sql) => connection.Execute(sql);

        public void Dispose()
        {
            connection.Execute("COMMIT");
            connection.Dispose();
        }
    }

    private static void Execute(TestDatabase db, string sql)
    {
        using var connection = db.Open();
        connection.Execute(sql);
    }
}
