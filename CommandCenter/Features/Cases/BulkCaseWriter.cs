using System.Data;
using System.Data.Common;
using CommandCenter.Data;
using CommandCenter.Domain;

namespace CommandCenter.Features.Cases;

/// <summary>
/// Writes the rows of an import batch (<see cref="BulkImport.ImportAsync(PreparedImport, CancellationToken)"/>). A value that
/// cannot be stored is a <see cref="RefusedRowException"/>, a row the database refuses its own error
/// (<see cref="DbErrors.IsRefusedRow"/>): either fails the row's case, not the batch.
/// </summary>
internal interface ICaseRowWriter : IAsyncDisposable
{
    /// <summary>Writes the case row as it stands after its last step and returns its id.</summary>
    ValueTask<long> InsertCaseAsync(string caseNo, NewCase c, long streetId, CaseState s, CancellationToken cancellationToken);

    /// <summary>Writes an event row, or queues it for <see cref="FlushAsync"/>.</summary>
    ValueTask InsertEventAsync(long caseId, string eventId, string type, DateTime at, string actor, string data, DateTime recordedAt,
        CancellationToken cancellationToken);

    /// <summary>Writes what is queued; call before committing.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The insert commands of an import batch: created and prepared once per batch, then only their parameter values change, so
/// each row costs one round trip and no SQL parsing. Plain <see cref="DbCommand"/>s, for both engines; imports into SQLite
/// use <see cref="SqliteBulkCaseWriter"/>, which runs the same SQL on the raw handle. Its SQLite side is kept so that
/// BulkImportEquivalenceTests can run this writer, SQL Server's, where no SQL Server is.
/// </summary>
internal sealed class BulkCaseWriter : ICaseRowWriter
{
    private readonly DbCommand _case;
    private readonly DbCommand _event;
    private readonly DbCommand _eventBlock;
    private readonly bool _sync;
    private readonly List<(long CaseId, string EventId, string Type, DateTime At, string Actor, string Data, DateTime RecordedAt)> _pending =
        new(EventsPerStatement);

    /// <summary>Events go in blocks of this many rows per INSERT: most rows of an import are events.</summary>
    private const int EventsPerStatement = 8;

    /// <summary>The parameters of <see cref="CaseService.InsertEventSql"/>.</summary>
    internal static readonly (string Name, DbType Type)[] EventColumns =
    [
        ("CaseId", DbType.Int64), ("EventId", DbType.String), ("Type", DbType.String), ("At", DbType.DateTime2),
        ("Actor", DbType.String), ("Data", DbType.String), ("RecordedAt", DbType.DateTime2),
    ];

    /// <summary>The parameters of the case insert, in the order <see cref="CaseValues"/> gives their values.</summary>
    internal static readonly (string Name, DbType Type)[] CaseColumns =
    [
        ("CaseNo", DbType.String), ("ExternalId", DbType.String), ("Source", DbType.String), ("CategoryId", DbType.Int64),
        ("RegionId", DbType.Int64), ("StreetId", DbType.Int64), ("RoadId", DbType.Int64), ("Description", DbType.String),
        ("Address", DbType.String), ("Lat", DbType.Double), ("Lng", DbType.Double), ("ReporterPhone", DbType.String),
        ("IsUrgent", DbType.Boolean), ("Status", DbType.String), ("Level", DbType.String), ("DepartmentId", DbType.Int64),
        ("Method", DbType.String), ("Rating", DbType.String), ("ReworkCount", DbType.Int32), ("ReportedAt", DbType.DateTime2),
        ("RegisteredAt", DbType.DateTime2), ("RejectedAt", DbType.DateTime2), ("DispatchedAt", DbType.DateTime2),
        ("DeadlineAt", DbType.DateTime2), ("ResolvedAt", DbType.DateTime2), ("ClosedAt", DbType.DateTime2),
        ("RatedAt", DbType.DateTime2), ("LastStepAt", DbType.DateTime2), ("PendingExtra", DbType.Double),
        ("ExtendedAt", DbType.DateTime2), ("HeldAt", DbType.DateTime2), ("ResumedAt", DbType.DateTime2),
        ("ReturnedAt", DbType.DateTime2), ("VoidedAt", DbType.DateTime2),
    ];

    /// <summary>
    /// The values of a case row, in the order of <see cref="CaseColumns"/>. A coordinate that is not a finite number is refused
    /// (<see cref="RefusedRowException"/>): neither engine stores NaN as given.
    /// </summary>
    internal static object?[] CaseValues(string caseNo, NewCase c, long streetId, CaseState s)
    {
        if (PreparedCase.NotFinite(c) is { } why) throw new RefusedRowException(why);
        return
        [
            caseNo, c.ExternalId, c.Source.Code(), c.CategoryId, c.RegionId, streetId, c.RoadId, c.Description, c.Address, c.Lat, c.Lng,
            c.ReporterPhone, c.IsUrgent, s.Status.Code(), s.Level.Code(), s.DepartmentId, s.Method.Code(), s.Rating.Code(), s.ReworkCount,
            s.ReportedAt, s.RegisteredAt, s.RejectedAt, s.DispatchedAt, s.DeadlineAt, s.ResolvedAt, s.ClosedAt, s.RatedAt, s.LastStepAt,
            s.PendingExtra, s.ExtendedAt, s.HeldAt, s.ResumedAt, s.ReturnedAt, s.VoidedAt,
        ];
    }

    public BulkCaseWriter(DbConnection connection, DbTransaction tx, DatabaseProvider provider)
    {
        _sync = connection is Microsoft.Data.Sqlite.SqliteConnection;
        _case = Command(connection, tx, InsertFinalCaseSql.For(provider), CaseColumns);
        _event = Command(connection, tx, CaseService.InsertEventSql, EventColumns);
        _eventBlock = Command(connection, tx, InsertEventBlockSql,
            Enumerable.Range(0, EventsPerStatement).SelectMany(row => EventColumns.Select(c => (c.Name + row, c.Type))).ToArray());
    }

    public async ValueTask<long> InsertCaseAsync(string caseNo, NewCase c, long streetId, CaseState s,
        CancellationToken cancellationToken)
    {
        var values = CaseValues(caseNo, c, streetId, s);
        for (var i = 0; i < values.Length; i++) Set(_case.Parameters, i, values[i]);
        // SQLite's async methods run synchronously anyway; calling the sync ones saves a task per row.
        var id = _sync ? _case.ExecuteScalar() : await _case.ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Queues an event row; rows are written in order, in blocks, and the rest by <see cref="FlushAsync"/>.</summary>
    public async ValueTask InsertEventAsync(long caseId, string eventId, string type, DateTime at, string actor, string data,
        DateTime recordedAt, CancellationToken cancellationToken)
    {
        _pending.Add((caseId, eventId, type, at, actor, data, recordedAt));
        if (_pending.Count < EventsPerStatement) return;
        var p = _eventBlock.Parameters;
        for (var row = 0; row < _pending.Count; row++) SetEvent(p, row * EventColumns.Length, _pending[row]);
        await ExecuteAsync(_eventBlock, cancellationToken);
        _pending.Clear();
    }

    /// <summary>Writes the queued event rows; call before committing.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var e in _pending)
        {
            SetEvent(_event.Parameters, 0, e);
            await ExecuteAsync(_event, cancellationToken);
        }
        _pending.Clear();
    }

    private static void SetEvent(DbParameterCollection p, int offset,
        (long CaseId, string EventId, string Type, DateTime At, string Actor, string Data, DateTime RecordedAt) e)
    {
        Set(p, offset, e.CaseId);
        Set(p, offset + 1, e.EventId);
        Set(p, offset + 2, e.Type);
        Set(p, offset + 3, e.At);
        Set(p, offset + 4, e.Actor);
        Set(p, offset + 5, e.Data);
        Set(p, offset + 6, e.RecordedAt);
    }

    private async Task ExecuteAsync(DbCommand command, CancellationToken cancellationToken)
    {
        if (_sync) command.ExecuteNonQuery();
        else await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _case.DisposeAsync();
        await _event.DisposeAsync();
        await _eventBlock.DisposeAsync();
    }

    private static void Set(DbParameterCollection parameters, int index, object? value) => parameters[index].Value = value switch
    {
        null => DBNull.Value,
        DateTime t => DapperSetup.Normalize(t),
        _ => value,
    };

    private static DbCommand Command(DbConnection connection, DbTransaction tx, string sql, params (string Name, DbType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.DbType = type;
            // nvarchar(max) on SQL Server: one plan whatever the text's length. SQLite would read a size as a truncation.
            if (type == DbType.String && connection is not Microsoft.Data.Sqlite.SqliteConnection) parameter.Size = -1;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>
    /// <see cref="EventsPerStatement"/> rows of <see cref="CaseService.InsertEventSql"/> in one INSERT: parameter names only
    /// (@CaseId0 … @RecordedAt7), made once; no value is ever part of the text.
    /// </summary>
    private static readonly string InsertEventBlockSql =
        "INSERT INTO case_events (case_id, event_id, type, at, actor, data, recorded_at) VALUES " +
        string.Join(", ", Enumerable.Range(0, EventsPerStatement).Select(row =>
            $"({string.Join(", ", EventColumns.Select(c => $"@{c.Name}{row}"))})")) + ";";

    internal static readonly DialectSql InsertFinalCaseSql = new(
        """
        INSERT INTO cases (case_no, external_id, source, category_id, region_id, street_id, road_id, description, address,
                           lat, lng, reporter_phone, is_urgent, status, level, department_id, method, rating, rework_count,
                           reported_at, registered_at, rejected_at, dispatched_at, deadline_at, resolved_at, closed_at, rated_at,
                           last_step_at, pending_extra, extended_at, held_at, resumed_at, returned_at, voided_at)
        VALUES (@CaseNo, @ExternalId, @Source, @CategoryId, @RegionId, @StreetId, @RoadId, @Description, @Address,
                @Lat, @Lng, @ReporterPhone, @IsUrgent, @Status, @Level, @DepartmentId, @Method, @Rating, @ReworkCount,
                @ReportedAt, @RegisteredAt, @RejectedAt, @DispatchedAt, @DeadlineAt, @ResolvedAt, @ClosedAt, @RatedAt,
                @LastStepAt, @PendingExtra, @ExtendedAt, @HeldAt, @ResumedAt, @ReturnedAt, @VoidedAt)
        RETURNING id;
        """,
        """
        INSERT INTO cases (case_no, external_id, source, category_id, region_id, street_id, road_id, description, address,
                           lat, lng, reporter_phone, is_urgent, status, level, department_id, method, rating, rework_count,
                           reported_at, registered_at, rejected_at, dispatched_at, deadline_at, resolved_at, closed_at, rated_at,
                           last_step_at, pending_extra, extended_at, held_at, resumed_at, returned_at, voided_at)
        OUTPUT INSERTED.id
        VALUES (@CaseNo, @ExternalId, @Source, @CategoryId, @RegionId, @StreetId, @RoadId, @Description, @Address,
                @Lat, @Lng, @ReporterPhone, @IsUrgent, @Status, @Level, @DepartmentId, @Method, @Rating, @ReworkCount,
                @ReportedAt, @RegisteredAt, @RejectedAt, @DispatchedAt, @DeadlineAt, @ResolvedAt, @ClosedAt, @RatedAt,
                @LastStepAt, @PendingExtra, @ExtendedAt, @HeldAt, @ResumedAt, @ReturnedAt, @VoidedAt);
        """);

}

/// <summary>A value of one row that cannot be stored as given: the row's case fails, the batch goes on.</summary>
internal sealed class RefusedRowException(string message) : Exception(message);
