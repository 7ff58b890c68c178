using System.Text.RegularExpressions;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using CommandCenter.Security;
using Dapper;
using static CommandCenter.Tests.TestDatabase;

namespace CommandCenter.Tests.Data;

/// <summary>The one write gate (<see cref="SqliteWriteGate"/>): writers of every kind queue at it; reads pass it by.</summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private readonly TestDatabase _db = CreateWithReference();

    public void Dispose() => _db.Dispose();

    private SqliteWriteGate Gate => _db.Connections.WriteGate;

    /// <summary>
    /// The gate held by a flow of its own (a task): the test's own flow holds no turn, so the writers it starts may queue.
    /// </summary>
    private Task<WriteTransaction> HoldOnAnotherFlow() => Task.Run(() => Gate.BeginAsync());

    /// <summary>Waits for the writers to reach the queue. A writer that passes the gate by never does: the test then fails.</summary>
    private async Task QueuedAsync(int writers)
    {
        for (var i = 0; Gate.Waiting < writers; i++)
        {
            if (i == 3000) throw new Xunit.Sdk.XunitException($"{writers} writers never queued at the gate (waiting: {Gate.Waiting}).");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task DeviceRegistrationAndCaseIntake_QueueAtTheOneGate_AndWriteOnlyOnceItIsFree()
    {
        var devices = new DisplayDeviceStore(_db.Connections, TimeProvider.System);
        var cases = new CaseService(_db.Connections, new ReferenceCatalog(_db.Connections), TimeProvider.System,
            BusinessCalendar.For("Asia/Shanghai"));
        var holder = await HoldOnAnotherFlow();

        var device = devices.CreateAsync("大屏-1");
        var intake = cases.CreateAsync(new NewCase("gate-1", CaseSource.Hotline, Ref.Category, Ref.Grid, Ref.Road, "井盖破损", null,
            null, null, null, false, new DateTime(2026, 3, 2, 1, 0, 0, DateTimeKind.Utc)), "test");
        await QueuedAsync(2);

        // Both wait in memory behind the holder: neither has written (reads pass the gate by).
        Assert.False(device.IsCompleted);
        Assert.False(intake.IsCompleted);
        Assert.Equal(0, _db.Count("display_devices"));
        Assert.Equal(0, _db.Count("cases"));

        await holder.DisposeAsync();

        Assert.NotNull(await device);
        Assert.True((await intake).Created);
        Assert.Equal(1, _db.Count("display_devices"));
        Assert.Equal(1, _db.Count("cases"));
        Assert.Equal(0, Gate.Waiting);
    }

    [Fact]
    public async Task Gate_AdmitsOneWriterAtATime_TheNextOnceTheFirstCommits()
    {
        var first = await HoldOnAnotherFlow();
        var second = Task.Run(() => Gate.BeginAsync());
        await QueuedAsync(1);
        Assert.False(second.IsCompleted);

        await first.Connection.ExecuteAsync("INSERT INTO audit_log (at, actor, action) VALUES ('2026-03-02', 'first', 'x')",
            transaction: first.Transaction);
        await first.CommitAsync();

        await using var next = await second;
        Assert.Equal(1, await next.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log", transaction: next.Transaction));
        await first.DisposeAsync();
    }

    [Fact]
    public async Task Gate_AskedAgainByTheFlowThatHoldsIt_RefusesInsteadOfWaitingForItself()
    {
        await using (var write = await Gate.BeginAsync())
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Gate.BeginAsync());
            Assert.Contains("wait for itself", error.Message);
            await write.CommitAsync();
            // Committed: the turn is given back, so the same flow may write again (an audit entry after a change).
            await new AuditLog(_db.Connections, TimeProvider.System).WriteAsync("test", "after-commit");
        }
        Assert.Equal(1, _db.Count("audit_log"));
    }

    [Fact]
    public async Task Gate_WriterCancelledWhileQueued_LeavesTheQueue()
    {
        var holder = await HoldOnAnotherFlow();
        using var cancel = new CancellationTokenSource();
        var queued = Task.Run(() => Gate.BeginAsync(cancel.Token));
        await QueuedAsync(1);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.Equal(0, Gate.Waiting);
        await holder.DisposeAsync();
        await using var after = await Gate.BeginAsync();
    }

    [Fact]
    public async Task ReadTransaction_TakesNoWriteLock_AWriterCommitsWhileItIsOpen()
    {
        await using var reader = await _db.Connections.OpenAsync();
        await using var read = await SqliteWriteGate.BeginReadAsync(reader);
        Assert.Equal(0, await reader.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log", transaction: read));

        // With BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default) this would wait out the busy timeout and fail.
        await new AuditLog(_db.Connections, TimeProvider.System).WriteAsync("test", "while-reading");

        // The read sees the state it began with; a read after it sees the write.
        Assert.Equal(0, await reader.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log", transaction: read));
        Assert.Equal(1, _db.Count("audit_log"));
    }

    /// <summary>
    /// No file of the app begins a transaction but the gate, and every file holding write SQL (INSERT, UPDATE, DELETE, MERGE)
    /// goes through the gate, but for the two that write only in a transaction they are handed.
    /// </summary>
    [Fact]
    public void Sources_BeginWriteTransactionsOnlyAtTheGate()
    {
        var app = Path.Combine(FindRepositoryRoot(), "CommandCenter");
        var files = Directory.EnumerateFiles(app, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(app, f).Replace('\\', '/'), File.ReadAllText);
        Assert.Contains("Data/SqliteWriteGate.cs", files.Keys);

        var beginsElsewhere = files.Where(f => f.Key != "Data/SqliteWriteGate.cs" && f.Value.Contains("BeginTransaction", StringComparison.Ordinal))
            .Select(f => f.Key);
        Assert.Empty(beginsElsewhere);

        // A write commits through the gate's scope (write.CommitAsync), which also checks the commit reached the database file;
        // committing the transaction itself skips that check. The dashboard rebuild commits a read transaction.
        var commitsAroundTheGate = files.Where(f => f.Key is not ("Data/SqliteWriteGate.cs" or "Features/Live/DashboardLoader.cs")
                && TransactionCommit().IsMatch(f.Value))
            .Select(f => f.Key);
        Assert.Empty(commitsAroundTheGate);

        string[] inAHandedTransaction = ["Features/Cases/CaseNumbering.cs", "Features/Cases/BulkCaseWriter.cs"];
        var writers = files.Where(f => WriteSql().IsMatch(f.Value)).Select(f => f.Key).ToList();
        Assert.Contains("Security/DisplayDeviceStore.cs", writers);
        var ungated = writers.Where(f => !files[f].Contains("WriteGate", StringComparison.Ordinal) && !inAHandedTransaction.Contains(f));
        Assert.Empty(ungated);
    }

    private static Regex TransactionCommit() => new(@"\b(tx|transaction|Transaction)\.Commit(Async)?\(");

    private static Regex WriteSql() => new(@"\b(INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|MERGE\s+\w+)\b");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CommandCenter.sln"))) return dir.FullName;
        throw new InvalidOperationException("CommandCenter.sln not found above " + AppContext.BaseDirectory);
    }
}
