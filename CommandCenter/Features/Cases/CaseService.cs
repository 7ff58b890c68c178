using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Reference;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Features.Cases;

public enum StepOutcome
{
    Applied,
    /// The event id was seen before with the same step: nothing written, the case as it stands returned.
    Duplicate,
    /// The event id was seen before on this case with another step (<see cref="StepResult.Differences"/>): nothing written.
    Conflict,
    /// The workflow refused the step: nothing written.
    Refused,
    NotFound,
}

public sealed record StepResult(StepOutcome Outcome, CaseRow? Case, string? Reason = null, IReadOnlyList<string>? Differences = null);

/// <param name="Differences">For a case that existed (<paramref name="Created"/> false): the fields the request sent otherwise than
/// the case was made with (<see cref="RetryDifferences.OfCase"/>); empty for a plain retry.</param>
public sealed record CreateResult(CaseRow Case, bool Created, IReadOnlyList<string> Differences)
{
    /// <summary>The externalId is taken by a case with other content: nothing was written, and the request is not a retry.</summary>
    public bool Conflicts => Differences.Count > 0;
}

public sealed record ImportResult(int Created, int Skipped, IReadOnlyList<(int Index, string Reason)> Failed);

/// <summary>
/// The one write path for cases: every change writes the case row and its <c>case_events</c> row in one transaction,
/// idempotent on <c>externalId</c> and <c>eventId</c>. The API, the simulator, the importer and the demo history use it.
/// Ids are opaque and compared exactly (ordinal, case-sensitive: <c>AbC1</c> and <c>abc1</c> are two ids), in the database
/// (SQLite's BINARY collation) as in memory. A key sent again with the same content is answered with what it recorded; with
/// other content it is refused with the fields that differ (<see cref="RetryDifferences"/>).
/// </summary>
public sealed class CaseService(DbConnectionFactory connections, ReferenceCatalog reference, TimeProvider clock, BusinessCalendar calendar)
{
    public async Task<CreateResult> CreateAsync(NewCase newCase, string actor, CancellationToken cancellationToken = default)
    {
        var refData = await reference.GetAsync(cancellationToken);
        if (UnknownReference(refData, newCase) is { } unknown) throw new ArgumentException(unknown, nameof(newCase));
        await using var connection = await connections.OpenAsync(cancellationToken);
        if (newCase.ExternalId is { } externalId && await FindByExternalIdAsync(connection, null, externalId) is { } existing)
            return Existing(newCase, existing);
        try
        {
            using var writing = await WriteLockAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            var created = await InsertCaseAsync(connection, tx, refData, newCase, actor);
            await tx.CommitAsync(cancellationToken);
            connections.EnsureCommitted(connection);
            return new CreateResult(created, true, []);
        }
        catch (DbException ex) when (DbErrors.IsUniqueViolation(ex) && newCase.ExternalId is { } raced)
        {
            // Another request with the same externalId won the race: its case is the answer, if it is the same case.
            return Existing(newCase, (await FindByExternalIdAsync(connection, null, raced))!);
        }
    }

    public async Task<StepResult> ApplyAsync(string caseNo, CaseStepRequest step, string actor, CancellationToken cancellationToken = default)
    {
        var refData = await reference.GetAsync(cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        try
        {
            using var writing = await WriteLockAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            // Locked for the transaction so two steps racing for one case apply one after the other
            // (SQLite's BEGIN IMMEDIATE already serializes writers).
            var current = await connection.QuerySingleOrDefaultAsync<CaseRow>(
                connections.Sql(FindByCaseNoForUpdateSql), new { CaseNo = caseNo }, tx);
            if (current is null) return new StepResult(StepOutcome.NotFound, null, $"No case numbered {caseNo}.");
            if (await DuplicateOfAsync(connection, tx, step, current) is { } duplicate) return duplicate;
            var (result, reason) = await ApplyStepAsync(connection, tx, refData, current, step, actor);
            if (result is null) return new StepResult(StepOutcome.Refused, current, reason);
            await tx.CommitAsync(cancellationToken);
            connections.EnsureCommitted(connection);
            // The row as written: the update sets every state column from this state (no read back).
            return new StepResult(StepOutcome.Applied, current.With(result));
        }
        catch (DbException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            var current = await FindByCaseNoAsync(connection, null, caseNo);
            return await DuplicateOfAsync(connection, null, step, current!)
                ?? throw new InvalidOperationException($"Unique violation writing event {step.EventId}.", ex);
        }
    }

    /// <summary>
    /// Writes many cases with their steps in one transaction: a case whose externalId exists is skipped, a case with a
    /// refused step, an unknown reference, a value that cannot be stored or a row the database refuses is reported by its index
    /// and written not at all.
    /// The bulk path of the one write path: the same checks (reference data, <see cref="CaseWorkflow"/>) and the same rows as
    /// <see cref="CreateAsync"/> followed by <see cref="ApplyAsync"/> for each step, but the case row is written once in its
    /// final state, the existing ids are looked up once per batch, case numbers are taken per day in one block, and the
    /// insert commands are prepared once and reused.
    /// </summary>
    public async Task<ImportResult> ImportAsync(IReadOnlyList<CaseImport> batch, string actor, CancellationToken cancellationToken = default) =>
        await ImportAsync(await PrepareImportAsync(batch, actor, cancellationToken), cancellationToken);

    /// <summary>
    /// The part of an import that needs no database: the reference checks, the workflow fold of each case's steps and the
    /// events' data. The import command prepares the next batch while <see cref="ImportAsync(PreparedImport, CancellationToken)"/>
    /// writes this one.
    /// </summary>
    public async Task<PreparedImport> PrepareImportAsync(IReadOnlyList<CaseImport> batch, string actor, CancellationToken cancellationToken = default)
    {
        var refData = await reference.GetAsync(cancellationToken);
        var cases = new PreparedCase[batch.Count];
        for (var i = 0; i < batch.Count; i++) cases[i] = Prepare(refData, batch[i]);
        return new PreparedImport(cases, actor);
    }

    /// <inheritdoc cref="ImportAsync(IReadOnlyList{CaseImport}, string, CancellationToken)"/>
    public async Task<ImportResult> ImportAsync(PreparedImport batch, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var restoreSettings = await UseImportSettingsAsync(connection);
        try
        {
            using var writing = await WriteLockAsync(cancellationToken);
            // A row the database refuses fails its case, not the batch: the batch is written again without that case. A
            // refusal is first met with rows queued from several cases, so the batch is then written flushing each case on
            // its own, and every refusal names its case. Nothing of this costs anything while no row is refused.
            var refusedAtWrite = new Dictionary<int, string>();
            var caseByCase = false;
            while (true)
            {
                var (result, refusal) = await WriteBatchAsync(connection, batch, refusedAtWrite, caseByCase, cancellationToken);
                if (result is not null) return result;
                if (refusal!.Index is { } index) refusedAtWrite.Add(index, refusal.Reason);
                // Written case by case, every refusal names its case; one that still names none cannot be narrowed down by
                // writing the batch again.
                else if (caseByCase) throw new InvalidOperationException($"The database refused the batch without naming a case: {refusal.Reason}");
                caseByCase = true;
            }
        }
        finally
        {
            await restoreSettings();
        }
    }

    /// <summary>A row the database refused while a batch was written: its case, when the rows in flight were of one case only.</summary>
    private sealed record WriteRefusal(int? Index, string Reason);

    /// <summary>
    /// Writes and commits the batch without the cases in <paramref name="refusedAtWrite"/> (reported as failed); or, when the
    /// database refuses a row, rolls it all back and says which.
    /// </summary>
    private async Task<(ImportResult? Result, WriteRefusal? Refusal)> WriteBatchAsync(DbConnection connection, PreparedImport batch,
        IReadOnlyDictionary<int, string> refusedAtWrite, bool caseByCase, CancellationToken cancellationToken)
    {
        var failed = new List<(int, string)>();
        var skipped = 0;
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var knownCases = await ExistingIdsAsync(connection, tx, connections.Sql(ExistingExternalIdsSql),
            batch.Cases.Select(c => c.Case.ExternalId).OfType<string>());
        var usedEvents = await ExistingIdsAsync(connection, tx, connections.Sql(ExistingEventIdsSql),
            batch.Cases.SelectMany(c => c.Events.Select(e => e.EventId)).OfType<string>());

        var accepted = new List<(int Index, PreparedCase Item)>(batch.Cases.Count);
        for (var i = 0; i < batch.Cases.Count; i++)
        {
            var item = batch.Cases[i];
            if (item.Case.ExternalId is { } externalId && knownCases.Contains(externalId))
            {
                skipped++;
                continue;
            }
            if ((item.Refusal ?? refusedAtWrite.GetValueOrDefault(i)) is { } refusal)
            {
                failed.Add((i, refusal));
                continue;
            }
            if (ReusedEventId(item.Events, usedEvents) is { } usedId)
            {
                failed.Add((i, $"The eventId {usedId} is already used by another case."));
                continue;
            }
            if (item.Case.ExternalId is { } newExternalId) knownCases.Add(newExternalId);
            foreach (var e in item.Events)
                if (e.EventId is { } eventId) usedEvents.Add(eventId);
            accepted.Add((i, item));
        }

        // One block of case numbers per local day, handed out in batch order: the numbers one-by-one creation would give.
        var nextNo = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var day in accepted.GroupBy(a => a.Item.Day, StringComparer.Ordinal))
        {
            var last = await connection.ExecuteScalarAsync<int>(connections.Sql(NextCaseNoBlockSql),
                new { Day = day.Key, Count = day.Count() }, tx);
            nextNo[day.Key] = last - day.Count() + 1;
        }

        var recordedAt = DapperSetup.Normalize(clock.GetUtcNow().UtcDateTime);
        await using ICaseRowWriter writer = connection is SqliteConnection sqlite
            ? new SqliteBulkCaseWriter(sqlite)
            : new BulkCaseWriter(connection, tx, connections.Provider);
        foreach (var (index, item) in accepted)
        {
            try
            {
                var caseNo = $"{item.Day}-{nextNo[item.Day]++:D5}";
                var id = await writer.InsertCaseAsync(caseNo, item.Case, item.StreetId, item.Final, cancellationToken);
                foreach (var e in item.Events)
                    await writer.InsertEventAsync(id, e.EventId ?? ReportEventId(caseNo), e.Type, e.At, batch.Actor, e.Data, recordedAt, cancellationToken);
                if (caseByCase) await writer.FlushAsync(cancellationToken);
            }
            catch (Exception ex) when (RefusedRow(ex) is { } reason)
            {
                return (null, new WriteRefusal(caseByCase ? index : null, reason));
            }
        }
        try
        {
            await writer.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (RefusedRow(ex) is { } reason)
        {
            return (null, new WriteRefusal(null, reason));
        }
        await tx.CommitAsync(cancellationToken);
        connections.EnsureCommitted(connection);
        return (new ImportResult(accepted.Count, skipped, failed), null);
    }

    /// <summary>Why the database or the writer refused a row for its values; null for any other error, which stops the import.</summary>
    private static string? RefusedRow(Exception ex) => ex switch
    {
        RefusedRowException refused => refused.Message,
        DbException db when DbErrors.IsRefusedRow(db) => $"The database refused the row: {db.Message}",
        _ => null,
    };

    /// <summary>One case checked and folded: the rows to write, or why it cannot be written.</summary>
    private PreparedCase Prepare(ReferenceData refData, CaseImport item)
    {
        if (PreparedCase.Unstorable(item.Case) is { } unstorable) return PreparedCase.Refused(item.Case, unstorable);
        if (UnknownReference(refData, item.Case) is { } unknown) return PreparedCase.Refused(item.Case, unknown);
        var reportedAt = DapperSetup.Normalize(item.Case.ReportedAt);
        var state = CaseState.Reported(reportedAt, item.Case.IsUrgent);
        var events = new List<PreparedEvent>(item.Steps.Count + 1)
        {
            new(null, CaseStep.Report.Code(), reportedAt, EventDataJsonFor(new CaseCommand(CaseStep.Report, reportedAt), state)),
        };
        foreach (var step in item.Steps)
        {
            var command = Complete(refData, item.Case.CategoryId, item.Case.IsUrgent, step.Command);
            if (UnknownDepartment(refData, command) is { } department) return PreparedCase.Refused(item.Case, $"Step {step.EventId}: {department}");
            var result = CaseWorkflow.Apply(state, command);
            if (result.State is null) return PreparedCase.Refused(item.Case, $"Step {step.EventId} ({step.Command.Step.Code()}): {result.Refusal}");
            state = result.State;
            events.Add(new PreparedEvent(step.EventId, command.Step.Code(), command.At, EventDataJsonFor(command, state)));
        }
        var street = refData.StreetOf(refData.RegionsById[item.Case.RegionId])!;
        return new PreparedCase(item.Case, street.Id, CaseDay(reportedAt), state, events, null);
    }

    /// <summary>
    /// SQLite has one writer at a time; a second one waits in SQLite's busy handler, which sleeps in growing steps (up to
    /// 100 ms) and so leaves the file idle. Queuing this service's writers in the process instead hands the lock straight
    /// to the next one. SQL Server locks rows itself: no queue.
    /// </summary>
    private async Task<IDisposable> WriteLockAsync(CancellationToken cancellationToken)
    {
        if (connections.Provider == DatabaseProvider.SqlServer) return NoLock.Instance;
        await _sqliteWriter.WaitAsync(cancellationToken);
        return new Releaser(_sqliteWriter);
    }

    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) semaphore.Release();
        }
    }

    private sealed class NoLock : IDisposable
    {
        public static readonly NoLock Instance = new();
        public void Dispose() { }
    }

    public async Task<CaseRow?> FindAsync(string caseNo, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await FindByCaseNoAsync(connection, null, caseNo);
    }

    /// <summary>Why a case's ids do not fit the reference data, or null when they do.</summary>
    public static string? UnknownReference(ReferenceData refData, NewCase c)
    {
        if (!refData.CategoriesById.ContainsKey(c.CategoryId)) return $"Unknown category id {c.CategoryId}.";
        if (!refData.RegionsById.TryGetValue(c.RegionId, out var region)) return $"Unknown region id {c.RegionId}.";
        if (refData.StreetOf(region) is null) return $"Region {region.Code} is not a street or inside one.";
        if (c.RoadId is { } roadId)
        {
            if (!refData.RoadsById.TryGetValue(roadId, out var road)) return $"Unknown road id {roadId}.";
            // A case counts on its road in 领导包路: a road of another street would count on another leader's road.
            if (road.StreetId != refData.StreetOf(region)!.Id) return $"Road {road.Code} is not in the street of region {region.Code}.";
        }
        return null;
    }

    private static string? UnknownDepartment(ReferenceData refData, CaseCommand command) =>
        command.DepartmentId is { } department && !refData.DepartmentsById.ContainsKey(department)
            ? $"Unknown department id {department}."
            : null;

    /// <summary>Fills in what the caller cannot know: the dispatch time limit comes from the case's category.</summary>
    private static CaseCommand Complete(ReferenceData refData, long categoryId, bool isUrgent, CaseCommand command) =>
        command with
        {
            At = DapperSetup.Normalize(command.At),
            TimeLimitHours = command.Step == CaseStep.Dispatch && refData.CategoriesById.TryGetValue(categoryId, out var category)
                ? category.TimeLimitFor(isUrgent)
                : command.TimeLimitHours,
        };

    private async Task<(CaseState? State, string? Reason)> ApplyStepAsync(DbConnection connection, DbTransaction tx, ReferenceData refData,
        CaseRow current, CaseStepRequest step, string actor)
    {
        var command = Complete(refData, current.CategoryId, current.IsUrgent, step.Command);
        if (UnknownDepartment(refData, command) is { } unknown) return (null, unknown);
        var result = CaseWorkflow.Apply(current.ToState(), command);
        if (result.State is not { } state) return (null, result.Refusal);
        await connection.ExecuteAsync(UpdateStateSql, StateParameters(current.Id, state), tx);
        await InsertEventAsync(connection, tx, current.Id, step.EventId, command, actor, state);
        return (state, null);
    }

    private static CreateResult Existing(NewCase sent, CaseRow recorded) => new(recorded, false, RetryDifferences.OfCase(sent, recorded));

    /// <summary>What to answer for an event id already recorded, or null when it is new.</summary>
    private static async Task<StepResult?> DuplicateOfAsync(DbConnection connection, DbTransaction? tx, CaseStepRequest step, CaseRow current)
    {
        var recorded = await connection.QuerySingleOrDefaultAsync<RecordedEvent>(RecordedEventSql, new { step.EventId }, tx);
        if (recorded is null) return null;
        if (recorded.CaseId != current.Id)
            return new StepResult(StepOutcome.Refused, current, $"The eventId {step.EventId} is already used by another case.");
        var differences = RetryDifferences.OfStep(step, recorded.Type, recorded.At, EventData.Parse(recorded.Data));
        return differences.Count == 0
            ? new StepResult(StepOutcome.Duplicate, current)
            : new StepResult(StepOutcome.Conflict, current, $"The eventId {step.EventId} already recorded another {recorded.Type} step on this case.",
                differences);
    }

    private sealed class RecordedEvent
    {
        public long CaseId { get; init; }
        public string Type { get; init; } = "";
        public DateTime At { get; init; }
        public string? Data { get; init; }
    }

    private const string RecordedEventSql = "SELECT case_id AS CaseId, type AS Type, at AS At, data AS Data FROM case_events WHERE event_id = @EventId";

    /// <summary>
    /// Which of <paramref name="ids"/> the table already holds, asked in one query: the ids go as one JSON array parameter
    /// (a parameter per id would hit SQL Server's 2,100 limit and make SQLite parse a new text for every batch).
    /// </summary>
    private static async Task<HashSet<string>> ExistingIdsAsync(DbConnection connection, DbTransaction tx, string sql, IEnumerable<string> ids)
    {
        var json = JsonSerializer.Serialize(ids);
        return new HashSet<string>(await connection.QueryAsync<string>(sql, new { Ids = json }, tx), StringComparer.Ordinal);
    }

    /// <summary>The event id of a case's report step, which no caller sends: unique because the case number is.</summary>
    private static string ReportEventId(string caseNo) => ReportEventIdPrefix + caseNo;

    /// <summary>The prefix of the event ids this service makes for report steps; callers may not use it.</summary>
    public const string ReportEventIdPrefix = "report:";

    /// <summary>An event id the case repeats or another case already uses, or null.</summary>
    private static string? ReusedEventId(IReadOnlyList<PreparedEvent> events, HashSet<string> used)
    {
        var own = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
            if (e.EventId is { } id && (used.Contains(id) || !own.Add(id))) return id;
        return null;
    }

    /// <summary>
    /// Settings of the import connection, put back on the pooled connection afterwards. SQLite in WAL mode with
    /// synchronous=NORMAL cannot corrupt, it may only lose the last commits on power loss: fine for a re-runnable import.
    /// A larger page cache keeps the indexes of cases and case_events in memory while a batch is written, and checkpoints
    /// every 80 MB of WAL instead of every 4 MB spare most of the fsyncs. Foreign keys are not checked again row by row:
    /// every id written was just looked up in the reference data (<see cref="UnknownReference"/>, <see cref="Prepare"/>), and
    /// the case ids of the events are the ones this transaction inserted.
    /// </summary>
    private static async Task<Func<Task>> UseImportSettingsAsync(DbConnection connection)
    {
        if (connection is not SqliteConnection) return () => Task.CompletedTask;
        var before = new List<string>();
        foreach (var (pragma, value) in ImportPragmas)
        {
            // PRAGMA takes no parameters; the values are this class's constants and the numbers SQLite just returned.
            before.Add($"PRAGMA {pragma} = {(await connection.ExecuteScalarAsync<long>($"PRAGMA {pragma};")).ToString(CultureInfo.InvariantCulture)};");
            await connection.ExecuteAsync($"PRAGMA {pragma} = {value};");
        }
        return () => connection.ExecuteAsync(string.Concat(before));
    }

    private static readonly (string Pragma, string Value)[] ImportPragmas =
        [("synchronous", "NORMAL"), ("cache_size", "-65536"), ("wal_autocheckpoint", "20000"), ("foreign_keys", "OFF")];

    /// <summary>The local day of a case number, e.g. 20261122.</summary>
    private string CaseDay(DateTime reportedAtUtc) => calendar.LocalDate(reportedAtUtc).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Inserts a case with its report event and returns the row as written (no read back).</summary>
    private async Task<CaseRow> InsertCaseAsync(DbConnection connection, DbTransaction tx, ReferenceData refData, NewCase c, string actor)
    {
        var region = refData.RegionsById[c.RegionId];
        var street = refData.StreetOf(region) ?? throw new ArgumentException($"Region {region.Code} is not in a street.");
        var reportedAt = DapperSetup.Normalize(c.ReportedAt);
        var day = CaseDay(reportedAt);
        var sequence = await connection.ExecuteScalarAsync<int>(connections.Sql(NextCaseNoSql), new { Day = day }, tx);
        var caseNo = $"{day}-{sequence:D5}";
        var id = await connection.ExecuteScalarAsync<long>(connections.Sql(InsertCaseSql), new
        {
            CaseNo = caseNo,
            c.ExternalId,
            Source = c.Source.Code(),
            c.CategoryId,
            c.RegionId,
            StreetId = street.Id,
            c.RoadId,
            c.Description,
            c.Address,
            c.Lat,
            c.Lng,
            c.ReporterPhone,
            c.IsUrgent,
            Status = CaseStatus.Reported.Code(),
            Level = EscalationLevel.Grid.Code(),
            ReportedAt = reportedAt,
        }, tx);
        var report = new CaseCommand(CaseStep.Report, reportedAt);
        var reported = CaseState.Reported(reportedAt, c.IsUrgent);
        await InsertEventAsync(connection, tx, id, ReportEventId(caseNo), report, actor, reported);
        return new CaseRow
        {
            Id = id,
            CaseNo = caseNo,
            ExternalId = c.ExternalId,
            Source = c.Source,
            CategoryId = c.CategoryId,
            RegionId = c.RegionId,
            StreetId = street.Id,
            RoadId = c.RoadId,
            Description = c.Description,
            Address = c.Address,
            Lat = c.Lat,
            Lng = c.Lng,
            ReporterPhone = c.ReporterPhone,
        }.With(reported);
    }

    private async Task InsertEventAsync(DbConnection connection, DbTransaction tx, long caseId, string eventId, CaseCommand command,
        string actor, CaseState after)
    {
        await connection.ExecuteAsync(InsertEventSql, new
        {
            CaseId = caseId,
            EventId = eventId,
            Type = command.Step.Code(),
            At = command.At,
            Actor = actor,
            Data = EventDataJsonFor(command, after),
            RecordedAt = DapperSetup.Normalize(clock.GetUtcNow().UtcDateTime),
        }, tx);
    }

    private static string EventDataJsonFor(CaseCommand command, CaseState after) => EventData.For(command, after).ToJson();

    private static object StateParameters(long id, CaseState s) => new
    {
        Id = id,
        Status = s.Status.Code(),
        Level = s.Level.Code(),
        s.DepartmentId,
        Method = s.Method.Code(),
        Rating = s.Rating.Code(),
        s.ReworkCount,
        s.RegisteredAt,
        s.RejectedAt,
        s.DispatchedAt,
        s.DeadlineAt,
        s.ResolvedAt,
        s.ClosedAt,
        s.RatedAt,
        s.LastStepAt,
    };

    private const string FindByCaseNoSql = $"SELECT {CaseRow.Columns} FROM cases WHERE case_no = @CaseNo";

    /// <summary>SQL Server takes an update lock on the row so two writers of one case queue up (SQLite's writer is one already).</summary>
    internal static readonly DialectSql FindByCaseNoForUpdateSql = new(
        FindByCaseNoSql,
        $"SELECT {CaseRow.Columns} FROM cases WITH (UPDLOCK, ROWLOCK) WHERE case_no = @CaseNo");

    private const string FindByExternalIdSql = $"SELECT {CaseRow.Columns} FROM cases WHERE external_id = @ExternalId";

    private static Task<CaseRow?> FindByCaseNoAsync(DbConnection connection, DbTransaction? tx, string caseNo) =>
        connection.QuerySingleOrDefaultAsync<CaseRow>(FindByCaseNoSql, new { CaseNo = caseNo }, tx);

    private static Task<CaseRow?> FindByExternalIdAsync(DbConnection connection, DbTransaction? tx, string externalId) =>
        connection.QuerySingleOrDefaultAsync<CaseRow>(FindByExternalIdSql, new { ExternalId = externalId }, tx);

    internal static readonly DialectSql NextCaseNoSql = new(
        """
        INSERT INTO case_no_sequences (day, last_no) VALUES (@Day, 1)
        ON CONFLICT (day) DO UPDATE SET last_no = last_no + 1
        RETURNING last_no;
        """,
        """
        MERGE case_no_sequences WITH (HOLDLOCK) AS t
        USING (SELECT @Day AS day) AS s ON t.day = s.day
        WHEN MATCHED THEN UPDATE SET last_no = t.last_no + 1
        WHEN NOT MATCHED THEN INSERT (day, last_no) VALUES (s.day, 1)
        OUTPUT INSERTED.last_no;
        """);

    internal static readonly DialectSql ExistingExternalIdsSql = new(
        "SELECT external_id FROM cases WHERE external_id IN (SELECT value FROM json_each(@Ids))",
        "SELECT external_id FROM cases WHERE external_id IN (SELECT id FROM OPENJSON(@Ids) WITH (id NVARCHAR(100) '$'))");

    internal static readonly DialectSql ExistingEventIdsSql = new(
        "SELECT event_id FROM case_events WHERE event_id IN (SELECT value FROM json_each(@Ids))",
        "SELECT event_id FROM case_events WHERE event_id IN (SELECT id FROM OPENJSON(@Ids) WITH (id NVARCHAR(100) '$'))");

    /// <summary>Takes <c>@Count</c> numbers of a day at once and returns the last of them.</summary>
    internal static readonly DialectSql NextCaseNoBlockSql = new(
        """
        INSERT INTO case_no_sequences (day, last_no) VALUES (@Day, @Count)
        ON CONFLICT (day) DO UPDATE SET last_no = last_no + @Count
        RETURNING last_no;
        """,
        """
        MERGE case_no_sequences WITH (HOLDLOCK) AS t
        USING (SELECT @Day AS day, @Count AS n) AS s ON t.day = s.day
        WHEN MATCHED THEN UPDATE SET last_no = t.last_no + s.n
        WHEN NOT MATCHED THEN INSERT (day, last_no) VALUES (s.day, s.n)
        OUTPUT INSERTED.last_no;
        """);

    internal static readonly DialectSql InsertCaseSql = new(
        """
        INSERT INTO cases (case_no, external_id, source, category_id, region_id, street_id, road_id, description, address,
                           lat, lng, reporter_phone, is_urgent, status, level, reported_at, last_step_at)
        VALUES (@CaseNo, @ExternalId, @Source, @CategoryId, @RegionId, @StreetId, @RoadId, @Description, @Address,
                @Lat, @Lng, @ReporterPhone, @IsUrgent, @Status, @Level, @ReportedAt, @ReportedAt)
        RETURNING id;
        """,
        """
        INSERT INTO cases (case_no, external_id, source, category_id, region_id, street_id, road_id, description, address,
                           lat, lng, reporter_phone, is_urgent, status, level, reported_at, last_step_at)
        OUTPUT INSERTED.id
        VALUES (@CaseNo, @ExternalId, @Source, @CategoryId, @RegionId, @StreetId, @RoadId, @Description, @Address,
                @Lat, @Lng, @ReporterPhone, @IsUrgent, @Status, @Level, @ReportedAt, @ReportedAt);
        """);

    internal const string UpdateStateSql = """
        UPDATE cases
        SET status = @Status, level = @Level, department_id = @DepartmentId, method = @Method, rating = @Rating,
            rework_count = @ReworkCount, registered_at = @RegisteredAt, rejected_at = @RejectedAt,
            dispatched_at = @DispatchedAt, deadline_at = @DeadlineAt, resolved_at = @ResolvedAt, closed_at = @ClosedAt,
            rated_at = @RatedAt, last_step_at = @LastStepAt
        WHERE id = @Id;
        """;

    internal const string InsertEventSql = """
        INSERT INTO case_events (case_id, event_id, type, at, actor, data, recorded_at)
        VALUES (@CaseId, @EventId, @Type, @At, @Actor, @Data, @RecordedAt);
        """;
}
