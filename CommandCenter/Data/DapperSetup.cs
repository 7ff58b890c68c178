using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Data;

/// <summary>
/// Makes both engines round-trip times the same way. Reading: every DateTime comes back UTC, truncated to the
/// millisecond (SQL Server's datetime2(3)); SQLite holds it as sortable text. Writing: DateTime parameters go to SQL Server
/// as datetime2 (not datetime's 1/300 s steps); Dapper never calls a type handler for DateTime parameters, so the write
/// paths pass times through <see cref="Normalize"/> themselves. DateOnly uses Dapper's built-in mapping.
/// </summary>
public static class DapperSetup
{
    private static int _configured;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1) return;
        SqlMapper.AddTypeHandler(new UtcDateTimeHandler());
        SqlMapper.AddTypeMap(typeof(DateTime), DbType.DateTime2);
        SqlMapper.AddTypeMap(typeof(DateTime?), DbType.DateTime2);
        // "IN @Ids" becomes one parameter per id: padded with NULLs to the next 10 (under 150), 50 (under 500) …, SQL Server
        // compiles one plan per size step instead of one per list length (1–500 ids: 22 plans, not 500). A NULL in an IN list
        // never matches (ANSI_NULLS, on in every SqlClient session; SQLite the same), so the rows are the same; NOT IN would
        // differ, and no text uses it with a list.
        SqlMapper.Settings.PadListExpansions = true;
    }

    /// <summary>The stored form of an instant: UTC, whole milliseconds.</summary>
    public static DateTime Normalize(DateTime t)
    {
        var utc = t.Kind switch
        {
            DateTimeKind.Utc => t,
            DateTimeKind.Local => t.ToUniversalTime(),
            _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        };
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }

    private sealed class UtcDateTimeHandler : SqlMapper.TypeHandler<DateTime>
    {
        public override void SetValue(IDbDataParameter parameter, DateTime value)
        {
            parameter.Value = Normalize(value);
            if (parameter is not SqliteParameter) parameter.DbType = DbType.DateTime2;
        }

        public override DateTime Parse(object value) => value switch
        {
            DateTime t => Normalize(t),
            string s => Normalize(DateTime.Parse(s, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)),
            _ => throw new DataException($"Cannot read {value.GetType().Name} as a time."),
        };
    }
}
