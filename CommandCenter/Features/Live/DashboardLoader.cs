using System.Data.Common;
using System.Text.Json;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Assessment;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using Dapper;

namespace CommandCenter.Features.Live;

/// <summary>
/// The SQL side of the live pipeline: the rebuild of the working set (with the month-to-date rankings from the SQL
/// indicator fold), and the tailer's reads of new <c>case_events</c> and <c>patrols</c> after the feed's position (<see cref="FeedWatermark"/>). The folding is in
/// <see cref="DashboardState"/> and <see cref="DashboardProjection"/>.
/// </summary>
public sealed class DashboardLoader(DbConnectionFactory connections, ReferenceCatalog referenceCatalog, IndicatorsQuery indicators,
    BusinessCalendar calendar)
{
    /// <summary>Rows read per poll at most; a backlog is folded in several polls.</summary>
    public const int BatchSize = 5000;

    /// <summary>Ids per <c>IN</c> list (SQL Server allows 2,100 parameters).</summary>
    private const int IdsPerQuery = 500;

    /// <param name="Reference">The reference data the state was built with: a newer one (an admin's edit) calls for a rebuild.</param>
    /// <param name="Position">Where the change feed goes on from: everything before it is in <paramref name="State"/>.</param>
    public sealed record Rebuilt(DashboardState State, RankingCounts Rankings, ReferenceData Reference, FeedPosition Position);

    /// <summary>The reference data as the catalog holds it now (cached; a new instance after an admin's edit).</summary>
    public Task<ReferenceData> CurrentReferenceAsync(CancellationToken cancellationToken) => referenceCatalog.GetAsync(cancellationToken);

    /// <summary>Reads the working set and the SQL aggregates as of <paramref name="nowUtc"/>.</summary>
    public async Task<Rebuilt> RebuildAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        referenceCatalog.Invalidate();
        var refData = await referenceCatalog.GetAsync(cancellationToken);
        var today = calendar.Today(nowUtc);
        var month = calendar.ThisMonth(nowUtc);
        var since = new[] { calendar.ToUtc(today.Previous()).FromUtc, calendar.ToUtc(month).FromUtc }.Min();
        var weekStart = calendar.ToUtc(calendar.ThisWeek(nowUtc)).FromUtc;

        await using var connection = await connections.OpenFeedAsync(cancellationToken);
        // SQL Server: the watermark is read before the snapshot begins, so every row below it has committed before the
        // snapshot and is in it. Rows at or above it that the snapshot holds too come again through the feed and are
        // recognised by their case's last event id (FeedWatermark).
        long? watermark = connections.Provider == DatabaseProvider.SqlServer
            ? FeedWatermark.Below(await connection.ExecuteScalarAsync<long>(Command(ActiveRowVersionSql, null, null, cancellationToken)))
            : null;
        // One read transaction, one committed state for every read below: on SQLite a deferred transaction (WAL, no write
        // lock), on SQL Server a SNAPSHOT transaction (READ COMMITTED would read each query at a different moment). See
        // SqliteWriteGate.BeginReadAsync.
        await using var tx = await SqliteWriteGate.BeginReadAsync(connection, cancellationToken);
        var cursor = watermark ?? await connection.ExecuteScalarAsync<long?>(Command(MaxEventIdSql, null, tx, cancellationToken)) ?? 0;
        var lastPatrol = watermark ?? await connection.ExecuteScalarAsync<long?>(Command(MaxPatrolIdSql, null, tx, cancellationToken)) ?? 0;
        var assignments = (await connection.QueryAsync<AssignmentRow>(Command(AssignmentsSql, null, tx, cancellationToken)))
            .Select(a => new LiveAssignment(a.Id, a.LeaderId, a.RoadId, a.CampaignFrom, a.CampaignTo)).ToList();
        var reference = ToReference(refData, assignments);
        var campaignFrom = reference.EarliestCampaignStart is { } start ? calendar.StartOfDayUtc(start) : DateTime.MaxValue;

        var cases = (await connection.QueryAsync<LiveCase>(Command(connections.Sql(WorkingSetSql), new
        {
            Since = DapperSetup.Normalize(since),
            Roads = reference.AssignedRoadIds.ToList(),
            CampaignFrom = DapperSetup.Normalize(campaignFrom == DateTime.MaxValue ? nowUtc.AddYears(100) : campaignFrom),
            Cursor = cursor,
        }, tx, cancellationToken))).ToList();
        var casesById = cases.ToDictionary(c => c.Id);
        foreach (var r in await connection.QueryAsync<ResolutionRow>(Command(connections.Sql(ResolutionsSql),
                     new { Since = DapperSetup.Normalize(since), Cursor = cursor }, tx, cancellationToken)))
        {
            // Every case with a step since @Since is in the working set (its last_step_at is at or after that step).
            if (casesById.TryGetValue(r.CaseId, out var c)) c.Resolutions.Add(r.At);
        }

        var callbacks = new Dictionary<string, CallbackCounts>(StringComparer.Ordinal);
        for (var (i, m) = (0, month); i < DashboardProjection.SatisfactionMonths; i++, m = m.Previous())
        {
            var range = calendar.ToUtc(m);
            var row = await connection.QuerySingleAsync<CallbackRow>(Command(CallbacksSql,
                new { From = DapperSetup.Normalize(range.FromUtc), To = DapperSetup.Normalize(range.ToUtc) }, tx, cancellationToken));
            callbacks[m.Label] = new CallbackCounts(row.Callbacks ?? 0, row.Satisfied ?? 0);
        }

        var patrols = (await connection.QueryAsync<PatrolRow>(Command(connections.Sql(PatrolsSinceSql),
                new { From = DapperSetup.Normalize(weekStart), LastPatrol = lastPatrol }, tx, cancellationToken)))
            .Select(p => p.ToPatrol()).ToList();

        var latestSql = connections.Sql(LatestEventsSql);
        var latestRows = (await connection.QueryAsync<LatestRow>(Command(latestSql, new { Cursor = cursor }, tx, cancellationToken))).ToList();
        // The month's rankings from the same committed state as the working set, or the two would disagree until the next fold.
        var monthRange = calendar.ToUtc(month);
        var asOf = calendar.AsOf(month, nowUtc);
        var byStreet = await indicators.GetAsync(connection, tx, monthRange, asOf, IndicatorGrouping.Street, IndicatorScope.City, cancellationToken);
        var byDepartment = await indicators.GetAsync(connection, tx, monthRange, asOf, IndicatorGrouping.Department, IndicatorScope.City, cancellationToken);
        await tx.CommitAsync(cancellationToken);

        var latest = new List<LatestEvent>(latestRows.Count);
        foreach (var r in latestRows)
        {
            if (!DomainCodes.TryParse<CaseStep>(r.Type, out var step)) continue;
            latest.Add(DashboardState.ToLatest(new LiveEvent(r.EventId, r.CaseId, step, r.At, r.At),
                new LiveCase { CaseNo = r.CaseNo, CategoryId = r.CategoryId, StreetId = r.StreetId, Description = r.Description,
                    ReporterPhone = r.ReporterPhone, IsUrgent = r.IsUrgent },
                reference));
        }

        var rankings = new RankingCounts(
            byStreet.ToDictionary(g => g.Code, g => g.Counts, StringComparer.Ordinal),
            byDepartment.ToDictionary(g => g.Code, g => g.Counts, StringComparer.Ordinal));

        // The state counts ids (the highest folded); the feed's position is a rowversion on SQL Server, an id on SQLite.
        var (lastEventId, lastPatrolId) = watermark is null
            ? (cursor, lastPatrol)
            : (cases.Select(c => c.LastEventId).DefaultIfEmpty(0).Max(), patrols.Select(p => p.Id).DefaultIfEmpty(0).Max());
        var state = new DashboardState(reference, calendar, lastEventId, lastPatrolId, cases, patrols, callbacks, latest, nowUtc);
        return new Rebuilt(state, rankings, refData, new FeedPosition(cursor, lastPatrol));
    }

    /// <summary>
    /// Rows of the change feed: the readable events in feed order, the highest id read (readable or not) and the feed's
    /// position after them (<see cref="FeedWatermark.Next"/>).
    /// </summary>
    public sealed record EventBatch(IReadOnlyList<LiveEvent> Events, long LastId, IReadOnlyList<long> Unreadable, long Position)
    {
        /// <summary>The rows read, readable or not.</summary>
        public int RowCount => Events.Count + Unreadable.Count;
    }

    /// <summary>
    /// The bound of this poll's reads (<see cref="FeedWatermark"/>): on SQL Server <c>MIN_ACTIVE_ROWVERSION()</c>, read in a
    /// statement of its own before the rows, so that every row below it has committed before the rows are read; none on
    /// SQLite, whose one writer commits ids in order.
    /// </summary>
    public async Task<long?> ReadBoundAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connections.Provider == DatabaseProvider.SqlServer
            ? await connection.ExecuteScalarAsync<long>(Command(ActiveRowVersionSql, null, null, cancellationToken))
            : null;

    /// <summary>
    /// The next rows of the change feed after <paramref name="after"/> and below <paramref name="bound"/>. A row whose type or
    /// data cannot be read is reported, not thrown: one bad row must not stop the feed.
    /// </summary>
    public async Task<EventBatch> ReadEventsAsync(DbConnection connection, long after, long? bound, CancellationToken cancellationToken)
    {
        var sql = connections.Sql(EventsAfterSql);
        var rows = (await connection.QueryAsync<EventRow>(Command(sql, new { Last = after, Bound = bound, Take = BatchSize }, null, cancellationToken))).ToList();
        var events = new List<LiveEvent>(rows.Count);
        var unreadable = new List<long>();
        foreach (var row in rows)
        {
            if (row.ToEvent() is { } e) events.Add(e);
            else unreadable.Add(row.Id);
        }
        return new EventBatch(events, rows.Count == 0 ? 0 : rows.Max(r => r.Id), unreadable,
            FeedWatermark.Next(after, rows.Select(r => r.Position).ToList(), BatchSize, bound));
    }

    /// <summary>New patrols after <paramref name="after"/> and below <paramref name="bound"/>, with the feed's position after them.</summary>
    public async Task<(IReadOnlyList<LivePatrol> Patrols, long Position)> ReadPatrolsAsync(DbConnection connection, long after, long? bound,
        CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<PatrolRow>(Command(connections.Sql(PatrolsAfterSql),
            new { LastPatrol = after, Bound = bound }, null, cancellationToken))).ToList();
        return (rows.Select(p => p.ToPatrol()).ToList(), FeedWatermark.Next(after, rows.Select(r => r.Position).ToList(), int.MaxValue, bound));
    }

    /// <summary>
    /// The headers of cases the working set does not hold, each with its events up to <paramref name="cursor"/> (the ones
    /// folded before, to replay onto it).
    /// </summary>
    public async Task<IReadOnlyList<(LiveCase Header, IReadOnlyList<LiveEvent> Earlier)>> ReadCasesAsync(DbConnection connection,
        IReadOnlyCollection<long> caseIds, long cursor, CancellationToken cancellationToken)
    {
        var result = new List<(LiveCase, IReadOnlyList<LiveEvent>)>(caseIds.Count);
        foreach (var chunk in caseIds.Chunk(IdsPerQuery))
        {
            var headers = await connection.QueryAsync<LiveCase>(Command(CasesByIdSql, new { Ids = chunk }, null, cancellationToken));
            var earlier = (await connection.QueryAsync<EventRow>(Command(connections.Sql(EventsOfCasesSql), new { Ids = chunk, Cursor = cursor }, null, cancellationToken)))
                .Select(r => r.ToEvent()).OfType<LiveEvent>().ToLookup(e => e.CaseId);
            result.AddRange(headers.Select(h => (h, (IReadOnlyList<LiveEvent>)earlier[h.Id].ToList())));
        }
        return result;
    }

    public DashboardReference ToReference(ReferenceData refData, IEnumerable<LiveAssignment> assignments) => new(
        refData.Streets.Select(s => new NamedRef(s.Id, s.Code, s.Name)),
        refData.Departments.Select(d => new NamedRef(d.Id, d.Code, d.Name)),
        refData.Categories.Select(c => new NamedRef(c.Id, c.Code, c.Name)),
        refData.Roads.Select(r => new RoadRef(r.Id, r.Code, r.Name, r.StreetId)),
        refData.Leaders.Select(l => new LeaderRef(l.Id, l.Code, l.Name, l.Title, l.RequiredPatrolsPerWeek)),
        assignments,
        refData.Holidays);

    private static CommandDefinition Command(string sql, object? parameters, DbTransaction? tx, CancellationToken cancellationToken) =>
        new(sql, parameters, tx, cancellationToken: cancellationToken);

    private sealed class EventRow
    {
        public long Id { get; init; }
        public long CaseId { get; init; }
        public string Type { get; init; } = "";
        public DateTime At { get; init; }
        public string? Data { get; init; }
        public DateTime RecordedAt { get; init; }
        public long Position { get; init; }

        /// <summary>The event, or null when its type or its data cannot be read.</summary>
        public LiveEvent? ToEvent()
        {
            if (!DomainCodes.TryParse<CaseStep>(Type, out var step)) return null;
            EventData data;
            try
            {
                data = EventData.Parse(Data);
            }
            catch (JsonException)
            {
                return null;
            }
            return new LiveEvent(Id, CaseId, step, At, RecordedAt, data.DepartmentId, data.DeadlineAt,
                Parse<EscalationLevel>(data.Level), Parse<ResolutionMethod>(data.Method), data.Passed, Parse<SatisfactionRating>(data.Rating), data.Extra);
        }

        private static T? Parse<T>(string? code) where T : struct, Enum => DomainCodes.TryParse<T>(code, out var v) ? v : null;
    }

    private sealed class PatrolRow
    {
        public long Id { get; init; }
        public long LeaderId { get; init; }
        public long RoadId { get; init; }
        public DateTime StartedAt { get; init; }
        public long Position { get; init; }
        public LivePatrol ToPatrol() => new(Id, LeaderId, RoadId, StartedAt);
    }

    private sealed class AssignmentRow
    {
        public long Id { get; init; }
        public long LeaderId { get; init; }
        public long RoadId { get; init; }
        public DateOnly CampaignFrom { get; init; }
        public DateOnly CampaignTo { get; init; }
    }

    private sealed class ResolutionRow
    {
        public long CaseId { get; init; }
        public DateTime At { get; init; }
    }

    private sealed class CallbackRow
    {
        public long? Callbacks { get; init; }
        public long? Satisfied { get; init; }
    }

    private sealed class LatestRow
    {
        public long EventId { get; init; }
        public long CaseId { get; init; }
        public string Type { get; init; } = "";
        public DateTime At { get; init; }
        public string CaseNo { get; init; } = "";
        public long CategoryId { get; init; }
        public long StreetId { get; init; }
        public string Description { get; init; } = "";
        public string? ReporterPhone { get; init; }
        public bool IsUrgent { get; init; }
    }

    internal const string MaxEventIdSql = "SELECT MAX(id) FROM case_events";
    internal const string MaxPatrolIdSql = "SELECT MAX(id) FROM patrols";

    /// <summary>SQL Server only: the lowest rowversion a transaction in flight holds; every row below it has committed.</summary>
    internal const string ActiveRowVersionSql = "SELECT CAST(MIN_ACTIVE_ROWVERSION() AS BIGINT)";

    internal const string AssignmentsSql = """
        SELECT id AS Id, leader_id AS LeaderId, road_id AS RoadId, campaign_from AS CampaignFrom, campaign_to AS CampaignTo
        FROM road_assignments
        """;

    private const string LiveCaseColumns = """
        c.id AS Id, c.case_no AS CaseNo, c.source AS Source, c.category_id AS CategoryId, c.street_id AS StreetId,
        c.road_id AS RoadId, c.is_urgent AS IsUrgent, c.description AS Description, c.reporter_phone AS ReporterPhone,
        c.status AS Status, c.level AS Level, c.department_id AS DepartmentId, c.method AS Method,
        c.rework_count AS ReworkCount, c.reported_at AS ReportedAt, c.registered_at AS RegisteredAt,
        c.rejected_at AS RejectedAt, c.dispatched_at AS DispatchedAt, c.deadline_at AS DeadlineAt,
        c.resolved_at AS ResolvedAt, c.closed_at AS ClosedAt, c.rating AS Rating, c.rated_at AS RatedAt, c.last_step_at AS LastStepAt,
        c.pending_extra AS PendingExtra, c.extended_at AS ExtendedAt, c.held_at AS HeldAt, c.resumed_at AS ResumedAt,
        c.returned_at AS ReturnedAt, c.voided_at AS VoidedAt
        """;

    // The working set: any step since the start of yesterday or of the month (a step's time is never after the case's
    // last_step_at, so one indexed range finds them all), every open case, and the cases on leaders' roads since the
    // earliest campaign start. A UNION of ids, not an OR, so that each part uses its index. Each case's last event id is
    // the one its row in the same snapshot includes: on SQLite every event up to the cursor, on SQL Server every event the
    // snapshot holds (some above the watermark, which the feed brings again and the case recognises).
    private const string WorkingSetCases = """
        FROM cases c
        WHERE c.id IN (
            SELECT id FROM cases WHERE last_step_at >= @Since
            UNION SELECT id FROM cases WHERE status IN ('reported', 'registered', 'dispatched', 'onhold', 'resolved')
            UNION SELECT id FROM cases WHERE road_id IN @Roads AND reported_at >= @CampaignFrom)
        """;

    internal static readonly DialectSql WorkingSetSql = new(
        $"""
        SELECT {LiveCaseColumns},
               (SELECT MAX(e.id) FROM case_events e WHERE e.case_id = c.id AND e.id <= @Cursor) AS LastEventId
        {WorkingSetCases}
        """,
        $"""
        SELECT {LiveCaseColumns},
               (SELECT MAX(e.id) FROM case_events e WHERE e.case_id = c.id) AS LastEventId
        {WorkingSetCases}
        """);

    // The 处置 steps since @Since, those a 返工 undid included (今日处置 counts the day's resolutions, as the fold does).
    // Through cases.last_step_at, which a step's time is never after, so that the read uses an index.
    // SQL Server: every resolve step of the snapshot, as the cases' last event ids (WorkingSetSql).
    internal static readonly DialectSql ResolutionsSql = new(
        """
        SELECT e.case_id AS CaseId, e.at AS At
        FROM cases c JOIN case_events e ON e.case_id = c.id
        WHERE c.last_step_at >= @Since AND e.type = 'resolve' AND e.at >= @Since AND e.id <= @Cursor
        """,
        """
        SELECT e.case_id AS CaseId, e.at AS At
        FROM cases c JOIN case_events e ON e.case_id = c.id
        WHERE c.last_step_at >= @Since AND e.type = 'resolve' AND e.at >= @Since
        """);

    internal const string CasesByIdSql = $"SELECT {LiveCaseColumns} FROM cases c WHERE c.id IN @Ids";

    internal const string CallbacksSql = $"""
        SELECT COUNT(*) AS Callbacks,
               SUM(CASE WHEN {Satisfaction.IsSatisfiedCondition} THEN 1 ELSE 0 END) AS Satisfied
        FROM cases
        WHERE rated_at >= @From AND rated_at < @To
        """;

    private const string PatrolColumns = "id AS Id, leader_id AS LeaderId, road_id AS RoadId, started_at AS StartedAt";

    // SQL Server: every patrol of the snapshot; those the feed brings again are recognised by id (DashboardState.Apply).
    internal static readonly DialectSql PatrolsSinceSql = new(
        $"SELECT {PatrolColumns} FROM patrols WHERE started_at >= @From AND id <= @LastPatrol",
        $"SELECT {PatrolColumns} FROM patrols WHERE started_at >= @From");

    // The feed's position: the id on SQLite, the rowversion (as a BIGINT; BINARY(8) compares as the same number) on SQL
    // Server, below the bound read just before (ActiveRowVersionSql).
    internal static readonly DialectSql PatrolsAfterSql = new(
        $"SELECT {PatrolColumns}, id AS Position FROM patrols WHERE id > @LastPatrol ORDER BY id",
        $"""
        SELECT {PatrolColumns}, CAST(row_version AS BIGINT) AS Position FROM patrols
        WHERE row_version > CAST(@LastPatrol AS BINARY(8)) AND row_version < CAST(@Bound AS BINARY(8))
        ORDER BY row_version
        """);

    private const string EventColumns = "id AS Id, case_id AS CaseId, type AS Type, at AS At, data AS Data, recorded_at AS RecordedAt";

    internal static readonly DialectSql EventsAfterSql = new(
        $"SELECT {EventColumns}, id AS Position FROM case_events WHERE id > @Last ORDER BY id LIMIT @Take",
        $"""
        SELECT TOP (@Take) {EventColumns}, CAST(row_version AS BIGINT) AS Position FROM case_events
        WHERE row_version > CAST(@Last AS BINARY(8)) AND row_version < CAST(@Bound AS BINARY(8))
        ORDER BY row_version
        """);

    // A case's events the feed has passed (at or before its position), to replay onto the case (DashboardState.Add).
    internal static readonly DialectSql EventsOfCasesSql = new(
        $"SELECT {EventColumns} FROM case_events WHERE case_id IN @Ids AND id <= @Cursor ORDER BY id",
        $"SELECT {EventColumns} FROM case_events WHERE case_id IN @Ids AND row_version <= CAST(@Cursor AS BINARY(8)) ORDER BY id");

    private const string LatestColumns = """
        e.id AS EventId, e.case_id AS CaseId, e.type AS Type, e.at AS At, c.case_no AS CaseNo, c.category_id AS CategoryId,
        c.street_id AS StreetId, c.description AS Description, c.reporter_phone AS ReporterPhone, c.is_urgent AS IsUrgent
        """;

    internal static readonly DialectSql LatestEventsSql = new(
        $"""
        SELECT {LatestColumns}
        FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE e.id <= @Cursor ORDER BY e.id DESC LIMIT 20
        """,
        $"""
        SELECT TOP (20) {LatestColumns}
        FROM case_events e JOIN cases c ON c.id = e.case_id
        ORDER BY e.id DESC
        """);

}
