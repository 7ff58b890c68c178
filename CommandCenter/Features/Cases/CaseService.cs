using System.Data.Common;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Reference;
using Dapper;

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

/// <summary>
/// 案件受理与处置 — the online write path for cases, one case or one step at a time: every change writes the case row and its
/// <c>case_events</c> row in one transaction (begun at the <see cref="SqliteWriteGate"/>), idempotent on <c>externalId</c> and
/// <c>eventId</c>. The API and the simulator use it; the importer and the demo history write many cases at once through
/// <see cref="BulkImport"/>, with the same checks and the same rows. Case numbers come from <see cref="CaseNumbering"/>.
/// Ids are opaque and compared exactly (ordinal, case-sensitive: <c>AbC1</c> and <c>abc1</c> are two ids), in the database
/// (SQLite's BINARY collation) as in memory. A key sent again with the same content is answered with what it recorded; with
/// other content it is refused with the fields that differ (<see cref="RetryDifferences"/>).
/// </summary>
public sealed class CaseService(DbConnectionFactory connections, ReferenceCatalog reference, TimeProvider clock, BusinessCalendar calendar)
{
    private readonly CaseNumbering _numbers = new(connections, calendar);

    public async Task<CreateResult> CreateAsync(NewCase newCase, string actor, CancellationToken cancellationToken = default)
    {
        var refData = await reference.GetAsync(cancellationToken);
        if (UnknownReference(refData, newCase) is { } unknown) throw new ArgumentException(unknown, nameof(newCase));
        await using var connection = await connections.OpenAsync(cancellationToken);
        if (newCase.ExternalId is { } externalId && await FindByExternalIdAsync(connection, null, externalId) is { } existing)
            return Existing(newCase, existing);
        try
        {
            await using var write = await connections.WriteGate.BeginAsync(connection, cancellationToken);
            var created = await InsertCaseAsync(connection, write.Transaction, refData, newCase, actor);
            await write.CommitAsync(cancellationToken);
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
            await using var write = await connections.WriteGate.BeginAsync(connection, cancellationToken);
            var tx = write.Transaction;
            // Locked for the transaction so two steps racing for one case apply one after the other
            // (on SQLite the write gate already serializes writers).
            var current = await connection.QuerySingleOrDefaultAsync<CaseRow>(
                connections.Sql(FindByCaseNoForUpdateSql), new { CaseNo = caseNo }, tx);
            if (current is null) return new StepResult(StepOutcome.NotFound, null, $"No case numbered {caseNo}.");
            if (await DuplicateOfAsync(connection, tx, step, current) is { } duplicate) return duplicate;
            var (result, reason) = await ApplyStepAsync(connection, tx, refData, current, step, actor);
            if (result is null) return new StepResult(StepOutcome.Refused, current, reason);
            await write.CommitAsync(cancellationToken);
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

    internal static string? UnknownDepartment(ReferenceData refData, CaseCommand command) =>
        command.DepartmentId is { } department && !refData.DepartmentsById.ContainsKey(department)
            ? $"Unknown department id {department}."
            : null;

    /// <summary>
    /// Fills in what the caller cannot know: the deadline a step sets (<see cref="CaseWorkflow.SetsDeadline"/>), in the unit of
    /// the category's time limit and the working time of the reference data's holiday calendar — a dispatch's 处置时限, the
    /// deadline an approved extension moves by the pending request's extra time, the deadline a resume moves by the time on
    /// hold (<see cref="DeadlineMoves"/>). Stored, like every time, in whole milliseconds. A step the case cannot take keeps
    /// its deadline empty; the workflow refuses it.
    /// </summary>
    internal static CaseCommand Complete(ReferenceData refData, BusinessCalendar calendar, long categoryId, bool isUrgent, CaseState state,
        CaseCommand command)
    {
        var at = DapperSetup.Normalize(command.At);
        if (!CaseWorkflow.SetsDeadline(command.Step) || !refData.CategoriesById.TryGetValue(categoryId, out var category))
            return command with { At = at };
        var limit = category.TimeLimitFor(isUrgent);
        var time = refData.WorkingTime(calendar);
        DateTime? deadline = command.Step switch
        {
            CaseStep.Dispatch => time.Deadline(at, limit),
            CaseStep.ExtendApprove when state is { DeadlineAt: { } d, PendingExtra: { } extra } => DeadlineMoves.Extended(time, d, limit.Unit, extra),
            CaseStep.Resume when state is { DeadlineAt: { } d, HeldAt: { } held, Status: CaseStatus.OnHold } && at >= held =>
                DeadlineMoves.Resumed(time, d, limit.Unit, held, at),
            _ => null,
        };
        return command with { At = at, DeadlineAt = deadline is { } value ? DapperSetup.Normalize(value) : null };
    }

    private async Task<(CaseState? State, string? Reason)> ApplyStepAsync(DbConnection connection, DbTransaction tx, ReferenceData refData,
        CaseRow current, CaseStepRequest step, string actor)
    {
        var before = current.ToState();
        var command = Complete(refData, calendar, current.CategoryId, current.IsUrgent, before, step.Command);
        if (UnknownDepartment(refData, command) is { } unknown) return (null, unknown);
        var result = CaseWorkflow.Apply(before, command);
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

    /// <summary>The event id of a case's report step, which no caller sends: unique because the case number is.</summary>
    internal static string ReportEventId(string caseNo) => ReportEventIdPrefix + caseNo;

    /// <summary>The prefix of the event ids this service makes for report steps; callers may not use it.</summary>
    public const string ReportEventIdPrefix = "report:";

    /// <summary>Inserts a case with its report event and returns the row as written (no read back).</summary>
    private async Task<CaseRow> InsertCaseAsync(DbConnection connection, DbTransaction tx, ReferenceData refData, NewCase c, string actor)
    {
        var region = refData.RegionsById[c.RegionId];
        var street = refData.StreetOf(region) ?? throw new ArgumentException($"Region {region.Code} is not in a street.");
        var reportedAt = DapperSetup.Normalize(c.ReportedAt);
        var caseNo = await _numbers.NextAsync(connection, tx, _numbers.Day(reportedAt));
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
            Data = EventData.For(command, after).ToJson(),
            RecordedAt = DapperSetup.Normalize(clock.GetUtcNow().UtcDateTime),
        }, tx);
    }

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
        s.PendingExtra,
        s.ExtendedAt,
        s.HeldAt,
        s.ResumedAt,
        s.ReturnedAt,
        s.VoidedAt,
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
            rated_at = @RatedAt, pending_extra = @PendingExtra, extended_at = @ExtendedAt, held_at = @HeldAt,
            resumed_at = @ResumedAt, returned_at = @ReturnedAt, voided_at = @VoidedAt, last_step_at = @LastStepAt
        WHERE id = @Id;
        """;

    internal const string InsertEventSql = """
        INSERT INTO case_events (case_id, event_id, type, at, actor, data, recorded_at)
        VALUES (@CaseId, @EventId, @Type, @At, @Actor, @Data, @RecordedAt);
        """;
}
