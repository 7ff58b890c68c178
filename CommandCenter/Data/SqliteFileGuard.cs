using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CommandCenter.Data;

/// <summary>
/// SQLite only: every connection the app uses, and every commit it makes, is on the database file it first opened at the
/// configured path. SQLite goes on writing to an open file that was deleted, renamed away (with its folder) or replaced — in
/// WAL mode without any error — so pooled connections would acknowledge writes that are gone at the next start.
/// <para>
/// The first check opens an anchor, a connection of its own held for the app's lifetime. SQLite's <c>SQLITE_FCNTL_HAS_MOVED</c>
/// then tells, with one <c>stat</c> of the path, whether the file at the path is still the anchor's file and the connection's
/// own. When either is not, the pool is cleared and <see cref="DatabaseUnavailableException"/> thrown, and a commit hook makes
/// SQLite refuse the commit itself. Once the same file is back at its path (a folder renamed back) connections work again.
/// Another file at the path — a copy, a restored backup — is taken up by restarting the app, never silently: the live
/// feed's cursor and the caches describe the file the app opened. The unix VFS answers the question; Windows does not let an
/// open database file be deleted or replaced.
/// </para>
/// </summary>
public sealed class SqliteFileGuard(string connectionString) : IDisposable
{
    private const int FcntlHasMoved = 20;
    private readonly string _anchorConnectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
    private readonly Lock _gate = new();
    private readonly ConditionalWeakTable<sqlite3, object> _guarded = [];
    private SqliteConnection? _anchor;
    private bool _disposed;

    /// <summary>
    /// Throws <see cref="DatabaseUnavailableException"/> (and clears the pool) unless <paramref name="connection"/> is on the file
    /// the app opened and that file is at its path; after a commit, this says the commit is in that file.
    /// </summary>
    public void EnsureSameFile(SqliteConnection connection)
    {
        if (!Moved(connection.Handle!.DangerousGetHandle())) return;
        SqliteConnection.ClearPool(connection);
        throw new DatabaseUnavailableException("The database file is no longer at its path: deleted, moved away or replaced.");
    }

    /// <summary>Makes SQLite refuse every commit on <paramref name="connection"/>'s handle while its file is not the database at its path.</summary>
    public void GuardCommits(SqliteConnection connection)
    {
        var handle = connection.Handle!;
        if (_guarded.TryGetValue(handle, out _)) return;
        var db = handle.DangerousGetHandle();
        raw.sqlite3_commit_hook(handle, _ => RefusesCommit(db) ? 1 : 0, null);
        _guarded.AddOrUpdate(handle, this);
    }

    /// <summary>
    /// The commit hook: true turns the COMMIT into a rollback (SQLITE_CONSTRAINT_COMMITHOOK, see <see cref="DbErrors.IsUnavailable"/>).
    /// It runs inside SQLite, where an exception must not escape: a guard that cannot tell refuses.
    /// </summary>
    private bool RefusesCommit(IntPtr db)
    {
        try
        {
            return Moved(db);
        }
        catch (Exception)
        {
            return true;
        }
    }

    /// <summary>Whether the anchor's file or the file of the connection <paramref name="db"/> is no longer the file at the path.</summary>
    private bool Moved(IntPtr db)
    {
        var anchor = Anchor().Handle ?? throw new ObjectDisposedException(nameof(SqliteFileGuard));
        var added = false;
        // Held so that a concurrent Dispose cannot close the anchor under the call.
        anchor.DangerousAddRef(ref added);
        try
        {
            return HasMoved(anchor.DangerousGetHandle()) || HasMoved(db);
        }
        finally
        {
            if (added) anchor.DangerousRelease();
        }
    }

    private SqliteConnection Anchor()
    {
        if (Volatile.Read(ref _anchor) is { } anchor) return anchor;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_anchor is not null) return _anchor;
            var opening = new SqliteConnection(_anchorConnectionString);
            try
            {
                opening.Open();
            }
            catch (SqliteException ex)
            {
                opening.Dispose();
                throw new DatabaseUnavailableException("The database file cannot be opened.", ex);
            }
            Volatile.Write(ref _anchor, opening);
            return opening;
        }
    }

    /// <summary>Whether the main file of the connection <paramref name="db"/> is no longer the file at its path (false where the VFS cannot tell).</summary>
    private static bool HasMoved(IntPtr db)
    {
        var moved = 0;
        return FileControl(db, IntPtr.Zero, FcntlHasMoved, ref moved) == raw.SQLITE_OK && moved != 0;
    }

    // SQLitePCLRaw has no sqlite3_file_control; the bundled library exports it.
    [DllImport("e_sqlite3", EntryPoint = "sqlite3_file_control")]
    private static extern int FileControl(IntPtr db, IntPtr dbName, int op, ref int value);

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _anchor?.Dispose();
            _anchor = null;
        }
        // Pooled handles carry this guard's commit hook: the next user of the connection string starts afresh.
        SqliteConnection.ClearPool(new SqliteConnection(connectionString));
    }
}
