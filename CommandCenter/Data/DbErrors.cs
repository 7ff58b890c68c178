using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Data;

/// <summary>What a database error means, for both engines.</summary>
public static class DbErrors
{
    /// <summary>A unique key or primary key refused the row: SQLite SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY; SQL Server 2627, 2601.</summary>
    public static bool IsUniqueViolation(DbException ex) => ex switch
    {
        SqliteException s => s.SqliteExtendedErrorCode is 2067 or 1555,
        SqlException s => s.Number is 2627 or 2601,
        _ => false,
    };

    /// <summary>A referenced row is missing: SQLite SQLITE_CONSTRAINT_FOREIGNKEY; SQL Server 547 (also raised by CHECK constraints).</summary>
    public static bool IsForeignKeyViolation(DbException ex) => ex switch
    {
        SqliteException s => s.SqliteExtendedErrorCode == 787,
        SqlException s => s.Number == 547,
        _ => false,
    };

    /// <summary>Another writer held the database or won a deadlock: SQLite BUSY or LOCKED; SQL Server 1205.</summary>
    public static bool IsWriteContention(DbException ex) => ex switch
    {
        SqliteException s => s.SqliteErrorCode is 5 or 6,
        SqlException s => s.Number == 1205,
        _ => false,
    };

    /// <summary>
    /// The same request sent again shortly may well succeed, and nothing was written: the statement lost a deadlock or waited
    /// out a lock, and its transaction was rolled back. SQLite BUSY or LOCKED (another process held the file past the busy
    /// timeout); SQL Server <see cref="IsRetryableSqlServerError"/>. Answered 503 with Retry-After (<see cref="DatabaseUnavailableAnswer"/>).
    /// </summary>
    public static bool IsRetryable(DbException ex) => ex switch
    {
        SqliteException s => s.SqliteErrorCode is 5 or 6,
        SqlException s => IsRetryableSqlServerError(s.Number),
        _ => false,
    };

    /// <summary>SQL Server 1205 (chosen as the deadlock victim) and 1222 (lock request time-out, under <c>SET LOCK_TIMEOUT</c>).</summary>
    public static bool IsRetryableSqlServerError(int number) => number is 1205 or 1222;

    /// <summary>
    /// The database cannot be used, whatever the statement: <see cref="DatabaseUnavailableException"/>, or SQLite refusing a
    /// commit through <see cref="SqliteFileGuard"/>'s hook (SQLITE_CONSTRAINT_COMMITHOOK), failing to open or read or write its
    /// files (CANTOPEN, IOERR, READONLY, FULL) or finding something that is not a database there (NOTADB, CORRUPT).
    /// </summary>
    public static bool IsUnavailable(DbException ex) => ex switch
    {
        DatabaseUnavailableException => true,
        SqliteException s => s.SqliteExtendedErrorCode == 531 || s.SqliteErrorCode is 8 or 10 or 11 or 13 or 14 or 26,
        _ => false,
    };

    /// <summary>
    /// The database refused a row for its values — a constraint or trigger, a value too big or of the wrong type — and nothing
    /// else is wrong: the row fails, the next one may go in. SQLite CONSTRAINT (not the commit hook's), TOOBIG, MISMATCH, RANGE;
    /// SQL Server unique and foreign keys, checks, NULL into NOT NULL, truncation, arithmetic overflow.
    /// </summary>
    public static bool IsRefusedRow(DbException ex) => ex switch
    {
        SqliteException s => (s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode != 531) || s.SqliteErrorCode is 18 or 20 or 25,
        SqlException s => s.Number is 2627 or 2601 or 547 or 515 or 2628 or 8152 or 8115,
        _ => false,
    };
}
