using System.Globalization;
using System.Text;
using CommandCenter.Data;
using CommandCenter.Domain;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CommandCenter.Features.Cases;

/// <summary>
/// <see cref="BulkCaseWriter"/> for SQLite: the same INSERT texts and the same values, but prepared once per batch on the
/// connection's own handle (inside its transaction) and bound by position, with text encoded into one reused buffer.
/// Microsoft.Data.Sqlite looks every parameter up by name on every execution (a tenth of the writer's time across the million
/// rows of a large import) and makes a string and a byte array per value.
/// Values are bound as Microsoft.Data.Sqlite binds them: strings and times as text (times as
/// <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>), whole numbers and booleans as integers, doubles as reals, null as NULL; what it would not
/// store as given (a coordinate that is not finite, text with a NUL character) fails the row with a <see cref="RefusedRowException"/>.
/// BulkImportEquivalenceTests compares the rows of both writers.
/// </summary>
internal sealed class SqliteBulkCaseWriter : ICaseRowWriter
{
    /// <summary>Microsoft.Data.Sqlite's text form of a DateTime.</summary>
    private const string TimeFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _case;
    private readonly sqlite3_stmt _event;
    private readonly int[] _caseIndexes;
    private readonly int[] _eventIndexes;
    private byte[] _text = new byte[4096];

    public SqliteBulkCaseWriter(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        (_case, _caseIndexes) = Prepare(BulkCaseWriter.InsertFinalCaseSql.Sqlite, BulkCaseWriter.CaseColumns);
        try
        {
            (_event, _eventIndexes) = Prepare(CaseService.InsertEventSql, BulkCaseWriter.EventColumns);
        }
        catch
        {
            _case.Dispose();
            throw;
        }
    }

    public ValueTask<long> InsertCaseAsync(string caseNo, NewCase c, long streetId, CaseState s,
        CancellationToken cancellationToken)
    {
        var values = BulkCaseWriter.CaseValues(caseNo, c, streetId, s);
        for (var i = 0; i < values.Length; i++) Bind(_case, _caseIndexes[i], values[i], BulkCaseWriter.CaseColumns[i].Name);
        // INSERT … RETURNING id: the row is written by the first step, which returns the id.
        var rc = raw.sqlite3_step(_case);
        if (rc != raw.SQLITE_ROW) Fail(_case, rc);
        var id = raw.sqlite3_column_int64(_case, 0);
        while ((rc = raw.sqlite3_step(_case)) == raw.SQLITE_ROW) { }
        if (rc != raw.SQLITE_DONE) Fail(_case, rc);
        raw.sqlite3_reset(_case);
        return ValueTask.FromResult(id);
    }

    public ValueTask InsertEventAsync(long caseId, string eventId, string type, DateTime at, string actor, string data, DateTime recordedAt,
        CancellationToken cancellationToken)
    {
        Check(raw.sqlite3_bind_int64(_event, _eventIndexes[0], caseId));
        Check(BindText(_event, _eventIndexes[1], eventId, "EventId"));
        Check(BindText(_event, _eventIndexes[2], type, "Type"));
        Check(BindTime(_event, _eventIndexes[3], at));
        Check(BindText(_event, _eventIndexes[4], actor, "Actor"));
        Check(BindText(_event, _eventIndexes[5], data, "Data"));
        Check(BindTime(_event, _eventIndexes[6], recordedAt));
        var rc = raw.sqlite3_step(_event);
        if (rc != raw.SQLITE_DONE) Fail(_event, rc);
        raw.sqlite3_reset(_event);
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _case.Dispose();
        _event.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Prepares <paramref name="sql"/> and finds the position of each named parameter once.</summary>
    private (sqlite3_stmt Statement, int[] Indexes) Prepare(string sql, (string Name, System.Data.DbType Type)[] columns)
    {
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
        var indexes = new int[columns.Length];
        for (var i = 0; i < columns.Length; i++) indexes[i] = raw.sqlite3_bind_parameter_index(statement, "@" + columns[i].Name);
        if (indexes.Contains(0) || raw.sqlite3_bind_parameter_count(statement) != columns.Length)
        {
            statement.Dispose();
            throw new InvalidOperationException($"The insert's parameters are not {string.Join(", ", columns.Select(c => "@" + c.Name))}.");
        }
        return (statement, indexes);
    }

    private void Bind(sqlite3_stmt statement, int index, object? value, string column) => Check(value switch
        {
            null => raw.sqlite3_bind_null(statement, index),
            string text => BindText(statement, index, text, column),
            DateTime time => BindTime(statement, index, time),
            long number => raw.sqlite3_bind_int64(statement, index, number),
            int number => raw.sqlite3_bind_int64(statement, index, number),
            bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
            double real => raw.sqlite3_bind_double(statement, index, real),
            _ => throw new InvalidOperationException($"No binding for a {value.GetType().Name}."),
        });

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    private int BindText(sqlite3_stmt statement, int index, string text, string column)
    {
        // An empty span would bind NULL (its pointer is null); the string overload binds the empty text.
        if (text.Length == 0) return raw.sqlite3_bind_text(statement, index, "");
        if (text.Contains('\0')) throw new RefusedRowException($"{column}: text with a NUL character cannot be stored.");
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_text.Length < most) _text = new byte[Math.Max(most, _text.Length * 2)];
        var length = Encoding.UTF8.GetBytes(text, _text);
        // SQLite copies the bytes (SQLITE_TRANSIENT), so the buffer is free again for the next value.
        return raw.sqlite3_bind_text(statement, index, _text.AsSpan(0, length));
    }

    private static int BindTime(sqlite3_stmt statement, int index, DateTime time)
    {
        Span<byte> text = stackalloc byte[40];
        if (!DapperSetup.Normalize(time).TryFormat(text, out var length, TimeFormat, CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"Cannot write the time {time:O}.");
        return raw.sqlite3_bind_text(statement, index, text[..length]);
    }

    private void Fail(sqlite3_stmt statement, int rc)
    {
        raw.sqlite3_reset(statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }
}
