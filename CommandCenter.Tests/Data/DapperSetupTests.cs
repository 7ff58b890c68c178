using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using CommandCenter.Data;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Tests.Data;

/// <summary>
/// DapperSetup promises "every DateTime is UTC truncated to the millisecond (SQL Server's datetime2(3))" both ways:
/// what is written and what is read.
/// </summary>
public class DapperSetupTests
{
    private static readonly DateTime WithTicks = new DateTime(2026, 3, 31, 15, 30, 12, DateTimeKind.Utc).AddTicks(1_234_567);
    private static readonly DateTime Truncated = new(2026, 3, 31, 15, 30, 12, 123, DateTimeKind.Utc);

    public DapperSetupTests() => DapperSetup.Configure();

    [Fact]
    public void Normalize_SubMillisecondTicks_AreTruncatedAndUtc()
    {
        Assert.Equal(Truncated, DapperSetup.Normalize(WithTicks));
        Assert.Equal(DateTimeKind.Utc, DapperSetup.Normalize(DateTime.SpecifyKind(WithTicks, DateTimeKind.Unspecified)).Kind);
    }

    [Fact]
    public void InList_SevenIds_IsSentAsTenParametersAndFindsTheSameRows()
    {
        // Padding keeps SQL Server to one plan per size step (item 10 of issue 16); the rows found must not change.
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var statements = new List<string>();
        SQLitePCL.raw.sqlite3_trace(connection.Handle, (SQLitePCL.strdelegate_trace)((_, sql) => statements.Add(sql.ToString())), null);
        connection.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t (id) VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12);");
        statements.Clear();

        var found = connection.Query<long>("SELECT id FROM t WHERE id IN @Ids ORDER BY id", new { Ids = new long[] { 2, 3, 5, 7, 11, 13, 17 } });

        Assert.Equal([2L, 3, 5, 7, 11], found);
        // SQLite's trace shows the statement with its values bound: seven ids and three NULLs.
        var list = System.Text.RegularExpressions.Regex.Match(statements.Single(), @"IN \(([^)]*)\)").Groups[1].Value;
        Assert.Equal(10, list.Split(',').Length);
    }

    [Fact]
    public void DateTimeColumn_ReadFromSqliteText_IsUtcAndTruncated()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();

        var row = connection.QuerySingle<TimeRow>("SELECT '2026-03-31 15:30:12.1234567' AS At, NULL AS Maybe");

        Assert.Equal(Truncated, row.At);
        Assert.Equal(DateTimeKind.Utc, row.At.Kind);
        Assert.Null(row.Maybe);
    }

    [Fact]
    public void DateTimeParameters_OnSqlite_CompareWithStoredTimesInTimeOrder()
    {
        // SQLite compares the stored text with the parameter's text: both must share one sortable form, or a day's
        // boundary counts cases into the wrong day.
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        connection.Execute("CREATE TABLE t (at TEXT NOT NULL)");
        var midnight = new DateTime(2026, 3, 31, 16, 0, 0, DateTimeKind.Utc);
        foreach (var at in new[] { midnight.AddMilliseconds(-1), midnight, midnight.AddMilliseconds(1), midnight.AddDays(1).AddMilliseconds(-1) })
            connection.Execute("INSERT INTO t (at) VALUES (@At)", new { At = DapperSetup.Normalize(at) });

        var inDay = connection.Query<DateTime>("SELECT at FROM t WHERE at >= @From AND at < @To ORDER BY at",
            new { From = midnight, To = midnight.AddDays(1) }).ToList();

        Assert.Equal(new[] { midnight, midnight.AddMilliseconds(1), midnight.AddDays(1).AddMilliseconds(-1) }, inDay);
    }

    [Fact]
    public void DateTimeParameter_OnSqlServer_IsSentAsDateTime2()
    {
        using var connection = new ParameterCapturingConnection();

        var sent = connection.ExecuteScalar<string>("SELECT @At", new { At = WithTicks });

        // As SqlDbType.DateTime the value travels in 1/300 s steps (…12.001 arrives as …12.000, …12.005 as …12.007) and fails
        // before 1753: the stored datetime2(3) no longer equals what the caller sent.
        Assert.Equal(nameof(SqlDbType.DateTime2), sent);
    }

    public sealed class TimeRow
    {
        public DateTime At { get; init; }
        public DateTime? Maybe { get; init; }
    }

    /// <summary>
    /// A connection that never reaches a server: its command builds real <see cref="SqlParameter"/>s through Dapper and
    /// "returns" the SqlDbType of the first one.
    /// </summary>
    [SuppressMessage("ReSharper", "ValueParameterNotUsed")]
    private sealed class ParameterCapturingConnection : DbConnection
    {
        private ConnectionState _state = ConnectionState.Closed;
        [AllowNull] public override string ConnectionString { get; set; } = "";
        public override string Database => "fake";
        public override string DataSource => "fake";
        public override string ServerVersion => "16.0";
        public override ConnectionState State => _state;
        public override void ChangeDatabase(string databaseName) { }
        public override void Close() => _state = ConnectionState.Closed;
        public override void Open() => _state = ConnectionState.Open;
        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => throw new NotSupportedException();
        protected override DbCommand CreateDbCommand() => new CapturingCommand { Connection = this };

        private sealed class CapturingCommand : DbCommand
        {
            private readonly SqlCommand _inner = new();
            [AllowNull] public override string CommandText { get; set; } = "";
            public override int CommandTimeout { get; set; }
            public override CommandType CommandType { get; set; }
            public override bool DesignTimeVisible { get; set; }
            public override UpdateRowSource UpdatedRowSource { get; set; }
            protected override DbConnection? DbConnection { get; set; }
            protected override DbParameterCollection DbParameterCollection => _inner.Parameters;
            protected override DbTransaction? DbTransaction { get; set; }
            public override void Cancel() { }
            public override int ExecuteNonQuery() => 0;
            public override object ExecuteScalar() => _inner.Parameters[0].SqlDbType.ToString();
            public override void Prepare() { }
            protected override DbParameter CreateDbParameter() => _inner.CreateParameter();
            protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing) _inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
