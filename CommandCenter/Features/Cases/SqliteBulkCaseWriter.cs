using CommandCenter.Data;
using CommandCenter.Domain;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CommandCenter.Features.Cases;

/// <summary>
/// The insert statements of <see cref="CaseService.ImportAsync"/> on SQLite, straight on the connection's SQLite handle: prepared
/// once per batch, every value bound by position (Microsoft.Data.Sqlite looks each parameter up by name on every execution),
/// times formatted once as the text Microsoft.Data.Sqlite writes for a <see cref="DateTime"/> (<see cref="SqliteTimeText"/>).
/// Same SQL texts, same values, same transaction (the handle's) as <see cref="BulkCaseWriter"/>.
/// </summary>
internal sealed class SqliteBulkCaseWriter : IBulkCaseWriter
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _case;
    private readonly sqlite3_stmt _event;
    private readonly sqlite3_stmt _eventBlock;
    private readonly PendingEvent[] _pending = new PendingEvent[BulkCaseWriter.EventsPerStatement];
    private int _pendingCount;
    private readonly byte[] _time = new byte[SqliteTimeText.MaxBytes];

    private readonly record struct PendingEvent(long CaseId, string EventId, string Type, DateTime At, string Actor, string Data, DateTime RecordedAt);

    public SqliteBulkCaseWriter(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        _case = Prepare(BulkCaseWriter.InsertFinalCaseSqlite);
        try
        {
            _event = Prepare(CaseService.InsertEventSql);
            _eventBlock = Prepare(BulkCaseWriter.InsertEventBlockSql);
        }
        catch
        {
            _case.Dispose();
            _event?.Dispose();
            throw;
        }
    }

    public ValueTask<long> InsertCaseAsync(string caseNo, NewCase c, long streetId, DateTime reportedAt, CaseState s,
        CancellationToken cancellationToken)
    {
        var st = _case;
        Text(st, 1, caseNo);
        Text(st, 2, c.ExternalId);
        Text(st, 3, c.Source.Code());
        Check(raw.sqlite3_bind_int64(st, 4, c.CategoryId));
        Check(raw.sqlite3_bind_int64(st, 5, c.RegionId));
        Check(raw.sqlite3_bind_int64(st, 6, streetId));
        Int(st, 7, c.RoadId);
        Text(st, 8, c.Description);
        Text(st, 9, c.Address);
        Real(st, 10, c.Lat);
        Real(st, 11, c.Lng);
        Text(st, 12, c.ReporterPhone);
        Check(raw.sqlite3_bind_int64(st, 13, c.IsUrgent ? 1 : 0));
        Text(st, 14, s.Status.Code());
        Text(st, 15, s.Level.Code());
        Int(st, 16, s.DepartmentId);
        Text(st, 17, s.Method.Code());
        Text(st, 18, s.Rating.Code());
        Check(raw.sqlite3_bind_int64(st, 19, s.ReworkCount));
        Time(st, 20, reportedAt);
        Time(st, 21, s.RegisteredAt);
        Time(st, 22, s.RejectedAt);
        Time(st, 23, s.DispatchedAt);
        Time(st, 24, s.DeadlineAt);
        Time(st, 25, s.ResolvedAt);
        Time(st, 26, s.ClosedAt);
        Time(st, 27, s.RatedAt);
        Time(st, 28, s.LastStepAt);
        var rc = raw.sqlite3_step(st);
        if (rc != raw.SQLITE_ROW) Fail(st, rc);
        var id = raw.sqlite3_column_int64(st, 0);
        rc = raw.sqlite3_step(st);
        if (rc != raw.SQLITE_DONE) Fail(st, rc);
        Check(raw.sqlite3_reset(st));
        return ValueTask.FromResult(id);
    }

    public ValueTask InsertEventAsync(long caseId, string eventId, string type, DateTime at, string actor, string data,
        DateTime recordedAt, CancellationToken cancellationToken)
    {
        _pending[_pendingCount++] = new PendingEvent(caseId, eventId, type, at, actor, data, recordedAt);
        if (_pendingCount == _pending.Length)
        {
            for (var row = 0; row < _pendingCount; row++) BindEvent(_eventBlock, row * BulkCaseWriter.EventColumnCount, _pending[row]);
            Execute(_eventBlock);
            _pendingCount = 0;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        for (var row = 0; row < _pendingCount; row++)
        {
            BindEvent(_event, 0, _pending[row]);
            Execute(_event);
        }
        _pendingCount = 0;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _case.Dispose();
        _event.Dispose();
        _eventBlock.Dispose();
        return ValueTask.CompletedTask;
    }

    private void BindEvent(sqlite3_stmt st, int offset, in PendingEvent e)
    {
        Check(raw.sqlite3_bind_int64(st, offset + 1, e.CaseId));
        Text(st, offset + 2, e.EventId);
        Text(st, offset + 3, e.Type);
        Time(st, offset + 4, e.At);
        Text(st, offset + 5, e.Actor);
        Text(st, offset + 6, e.Data);
        Time(st, offset + 7, e.RecordedAt);
    }

    private void Execute(sqlite3_stmt st)
    {
        var rc = raw.sqlite3_step(st);
        if (rc != raw.SQLITE_DONE) Fail(st, rc);
        Check(raw.sqlite3_reset(st));
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
        return statement;
    }

    private void Text(sqlite3_stmt st, int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(st, index) : raw.sqlite3_bind_text16(st, index, value.AsSpan()));

    private void Int(sqlite3_stmt st, int index, long? value) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(st, index, v) : raw.sqlite3_bind_null(st, index));

    private void Real(sqlite3_stmt st, int index, double? value) =>
        Check(value is { } v ? raw.sqlite3_bind_double(st, index, v) : raw.sqlite3_bind_null(st, index));

    /// <summary>Binds a time as <see cref="SqliteTimeText"/>; SQLite copies the bytes (SQLITE_TRANSIENT), so one buffer serves every time.</summary>
    private void Time(sqlite3_stmt st, int index, DateTime? value)
    {
        if (value is not { } t)
        {
            Check(raw.sqlite3_bind_null(st, index));
            return;
        }
        var length = SqliteTimeText.Format(DapperSetup.Normalize(t), _time);
        Check(raw.sqlite3_bind_text(st, index, _time.AsSpan(0, length)));
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    private void Fail(sqlite3_stmt st, int rc)
    {
        raw.sqlite3_reset(st);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }
}

/// <summary>
/// The text Microsoft.Data.Sqlite stores for a <see cref="DateTime"/> parameter (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>: the fraction
/// without trailing zeros, no dot when it is zero), written as UTF-8 without allocating. The times this app stores are
/// whole milliseconds (<see cref="DapperSetup.Normalize"/>), but any fraction is written the same way.
/// </summary>
public static class SqliteTimeText
{
    /// <summary>"yyyy-MM-dd HH:mm:ss.fffffff".</summary>
    public const int MaxBytes = 27;

    /// <summary>Writes <paramref name="t"/> into <paramref name="destination"/> (at least <see cref="MaxBytes"/> long); returns the length.</summary>
    public static int Format(DateTime t, Span<byte> destination)
    {
        Digits(destination, 0, t.Year, 4);
        destination[4] = (byte)'-';
        Digits(destination, 5, t.Month, 2);
        destination[7] = (byte)'-';
        Digits(destination, 8, t.Day, 2);
        destination[10] = (byte)' ';
        Digits(destination, 11, t.Hour, 2);
        destination[13] = (byte)':';
        Digits(destination, 14, t.Minute, 2);
        destination[16] = (byte)':';
        Digits(destination, 17, t.Second, 2);
        var fraction = (int)(t.Ticks % TimeSpan.TicksPerSecond);
        if (fraction == 0) return 19;
        destination[19] = (byte)'.';
        Digits(destination, 20, fraction, 7);
        var length = MaxBytes;
        while (destination[length - 1] == (byte)'0') length--;
        return length;
    }

    /// <summary>The text as a string (tests compare it with what Microsoft.Data.Sqlite stores).</summary>
    public static string Format(DateTime t)
    {
        Span<byte> buffer = stackalloc byte[MaxBytes];
        return System.Text.Encoding.ASCII.GetString(buffer[..Format(t, buffer)]);
    }

    private static void Digits(Span<byte> destination, int offset, int value, int count)
    {
        for (var i = offset + count - 1; i >= offset; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
