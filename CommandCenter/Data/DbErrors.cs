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
}
