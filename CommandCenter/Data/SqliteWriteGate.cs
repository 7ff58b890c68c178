using System.Data.Common;
using Dapper;

namespace CommandCenter.Data;

/// <summary>
/// 写入闸门 — the one queue of this process's writers to one database: every write transaction begins here
/// (<see cref="BeginAsync(CancellationToken)"/>), one at a time on SQLite. SQLite has one writer at a time; a second one
/// would wait in SQLite's busy handler, which sleeps in growing steps (up to 100 ms) and leaves the file idle, and fails
/// with SQLITE_BUSY once the busy timeout has passed. Queued here instead, writers of every kind (cases, patrols, accounts,
/// devices, reference edits, the audit log …) hand the lock straight to the next one and wait as long as the queue is.
/// Other processes (a second node, the import command) still meet at SQLite's lock with its busy timeout.
/// <para>
/// Reads do not pass the gate: in WAL mode a reader neither waits for the writer nor blocks it. A read that needs one
/// consistent view takes <see cref="BeginReadAsync"/>, a deferred transaction that never takes the write lock.
/// SQL Server locks rows itself: there the gate only begins the transaction, nobody queues.
/// </para>
/// <para>
/// One gate per <see cref="DbConnectionFactory"/> (<see cref="DbConnectionFactory.WriteGate"/>), which the app holds once:
/// so the writers a test or benchmark builds on one factory share it too. A writer that asks for the gate while its own
/// flow holds it would wait for itself for ever; it is refused at once instead (<see cref="InvalidOperationException"/>).
/// No file other than this one begins a transaction (a test reads the sources).
/// </para>
/// </summary>
public sealed class SqliteWriteGate
{
    private readonly DbConnectionFactory _connections;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly AsyncLocal<Turn?> _flow = new();
    private int _waiting;

    internal SqliteWriteGate(DbConnectionFactory connections) => _connections = connections;

    private bool Queues => _connections.Provider == DatabaseProvider.Sqlite;

    /// <summary>Writers waiting for their turn now (not the one writing).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Opens a connection, waits for this process's turn to write and begins the write transaction on it.</summary>
    // Not async, nor the overload below: the turn is set on the caller's flow, where a second request looks for it.
    public Task<WriteTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        var turn = NewTurn();
        return OpenAndStartAsync();

        async Task<WriteTransaction> OpenAndStartAsync()
        {
            var connection = await _connections.OpenAsync(cancellationToken);
            try
            {
                return await StartAsync(connection, ownsConnection: true, turn, cancellationToken);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Waits for the turn to write and begins the write transaction on <paramref name="connection"/>, which stays the caller's.</summary>
    public Task<WriteTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        StartAsync(connection, ownsConnection: false, NewTurn(), cancellationToken);

    /// <summary>One statement in a write transaction of its own; returns the number of rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken = default)
    {
        await using var write = await BeginAsync(cancellationToken);
        var changed = await write.Connection.ExecuteAsync(new CommandDefinition(sql, parameters, write.Transaction, cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>The same, blocking: for the index builds of <see cref="DeferredIndexes"/>, which are synchronous.</summary>
    public WriteTransaction Begin(DbConnection connection)
    {
        var turn = NewTurn();
        if (Queues)
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                _writer.Wait();
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
        turn.Held = true;
        try
        {
            return new WriteTransaction(connection, connection.BeginTransaction(), ownsConnection: false, () => Release(turn), _connections);
        }
        catch
        {
            Release(turn);
            throw;
        }
    }

    /// <summary>
    /// A read transaction for one consistent view over several queries. On SQLite a deferred one (<c>BEGIN</c>): it takes no
    /// write lock, so it needs no turn (Microsoft.Data.Sqlite's default <c>BeginTransaction</c> is <c>BEGIN IMMEDIATE</c>,
    /// which would hold the write lock for the whole read). On SQL Server a SNAPSHOT transaction: every query reads the
    /// state committed when the first one began, and takes no shared lock (SqlClient's default, READ COMMITTED, would read
    /// each query at a different moment). The database must allow it (<see cref="DatabaseMigrator"/> checks at start).
    /// </summary>
    public static async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        connection is Microsoft.Data.Sqlite.SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(System.Data.IsolationLevel.Snapshot, cancellationToken);

    private async Task<WriteTransaction> StartAsync(DbConnection connection, bool ownsConnection, Turn turn, CancellationToken cancellationToken)
    {
        if (Queues)
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await _writer.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
        turn.Held = true;
        try
        {
            return new WriteTransaction(connection, await connection.BeginTransactionAsync(cancellationToken), ownsConnection,
                () => Release(turn), _connections);
        }
        catch
        {
            Release(turn);
            throw;
        }
    }

    /// <summary>
    /// Marks the caller's flow as asking for the gate. A flow that holds it already would wait for itself: refused. Tasks a
    /// holder starts inherit its flow, so a test that holds the gate while other writers queue takes it on a task of its own.
    /// </summary>
    private Turn NewTurn()
    {
        if (_flow.Value is { Held: true })
            throw new InvalidOperationException(
                "A write transaction was asked for by a flow that holds one (or by a task it started): it would wait for itself.");
        var turn = new Turn();
        _flow.Value = turn;
        return turn;
    }

    private void Release(Turn turn)
    {
        turn.Held = false;
        if (Queues) _writer.Release();
    }

    /// <summary>Whether a flow holds the gate; shared by reference, so the flow that asked sees it taken and given back.</summary>
    private sealed class Turn
    {
        public volatile bool Held;
    }
}

/// <summary>
/// A write transaction with its turn at the <see cref="SqliteWriteGate"/>. Committing gives the turn to the next writer at
/// once (so what follows a commit, an audit entry say, may write again); disposing rolls back what was not committed, gives
/// the turn back if it was not, and closes the connection when the gate opened it.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable, IDisposable
{
    private readonly bool _ownsConnection;
    private readonly DbConnectionFactory _connections;
    private Action? _release;

    internal WriteTransaction(DbConnection connection, DbTransaction transaction, bool ownsConnection, Action release,
        DbConnectionFactory connections)
    {
        Connection = connection;
        Transaction = transaction;
        _ownsConnection = ownsConnection;
        _release = release;
        _connections = connections;
    }

    public DbConnection Connection { get; }
    public DbTransaction Transaction { get; }

    public void Deconstruct(out DbConnection connection, out DbTransaction transaction) =>
        (connection, transaction) = (Connection, Transaction);

    /// <summary>
    /// Commits, gives the turn to the next writer and checks the commit reached the database file
    /// (<see cref="DbConnectionFactory.EnsureCommitted"/>).
    /// </summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await Transaction.CommitAsync(cancellationToken);
        Release();
        _connections.EnsureCommitted(Connection);
    }

    /// <inheritdoc cref="CommitAsync"/>
    public void Commit()
    {
        Transaction.Commit();
        Release();
        _connections.EnsureCommitted(Connection);
    }

    private void Release() => Interlocked.Exchange(ref _release, null)?.Invoke();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
        }
        finally
        {
            Release();
            if (_ownsConnection) await Connection.DisposeAsync();
        }
    }

    public void Dispose()
    {
        try
        {
            Transaction.Dispose();
        }
        finally
        {
            Release();
            if (_ownsConnection) Connection.Dispose();
        }
    }
}
