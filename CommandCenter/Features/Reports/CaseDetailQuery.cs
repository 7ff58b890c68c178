using System.Data.Common;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Reference;
using Dapper;

namespace CommandCenter.Features.Reports;

/// <summary>
/// One case of the 明细 as of T, as the report shows it: stage times in local time (blank when the stage had not happened
/// by T), names instead of ids (the department is the one the department ranking counts the case under), the phone already
/// masked for the viewer, and <see cref="Counts"/>: what this one case adds to each figure of the report (0 or 1, and its
/// hours), so that summing a column of the 明细 gives the figure.
/// </summary>
public sealed record CaseDetailLine(
    string CaseNo,
    string Source,
    string Category,
    string Street,
    string Department,
    string Status,
    bool IsUrgent,
    DateTime ReportedAt,
    DateTime? RegisteredAt,
    DateTime? DispatchedAt,
    DateTime? DeadlineAt,
    DateTime? ResolvedAt,
    DateTime? ClosedAt,
    /// 处置超期 (<see cref="Overdue.IsResolvedLate"/>): resolved after its deadline, or still unresolved past it at T.
    bool IsOverdue,
    int ReworkCount,
    string Method,
    string Rating,
    string ReporterPhone,
    string Address,
    string Description,
    /// The case folded alone by <see cref="Indicators.Fold"/> over the month as of T: each count is 0 or 1.
    IndicatorCounts Counts)
{
    /// 超期结案 (closed late, <see cref="Overdue.IsClosedOnTime"/> false): 结案 − 按期结案, 0 or 1.
    public long ClosedLate => Counts.Closed - Counts.ClosedOnTime;

    /// 应结未结 (<see cref="Overdue.DueNotClosed"/>): 应结案 − 结案, 0 or 1.
    public long DueNotClosed => Overdue.DueNotClosed(Counts);

    /// 处置时长 (hours, dispatched → resolved) when the case counts in the month's 平均处置时长, else null.
    public double? ResolutionHours => Counts.ResolvedCount == 1 ? Counts.ResolutionHours : null;
}

/// <summary>
/// The 明细: every case any figure of the month counts — reported, registered, called back or resolved in the month (before
/// T), the same cases <c>IndicatorsQuery</c> reads — oldest report first, read unbuffered: rows are produced while the caller
/// writes them, so a 100,000-case month never sits in memory.
/// </summary>
public sealed class CaseDetailQuery(DbConnectionFactory connections, ReferenceCatalog reference, BusinessCalendar calendar)
{
    /// <summary>Opens the connection the rows are read on; dispose it after enumerating <see cref="Read"/>.</summary>
    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => connections.OpenReadAsync(cancellationToken);

    /// <summary>A lazy sequence over <paramref name="connection"/>: each row is read as it is enumerated.</summary>
    public async Task<IEnumerable<CaseDetailLine>> ReadAsync(DbConnection connection, MonthlyReportRequest request, DateTime asOf,
        bool showPhone, CancellationToken cancellationToken = default)
    {
        var refData = await reference.GetAsync(cancellationToken);
        var range = calendar.ToUtc(request.Month);
        var rows = connection.Query<Row>(new CommandDefinition(DetailSql, new
        {
            From = DapperSetup.Normalize(range.FromUtc),
            To = DapperSetup.Normalize(range.ToUtc),
            AsOf = DapperSetup.Normalize(asOf),
            StreetId = request.Scope.Street?.Id,
            DepartmentId = request.Scope.Department?.Id,
        }, flags: CommandFlags.None, cancellationToken: cancellationToken));
        var clock = new LocalClock(calendar.Zone);
        return rows.Select(r => ToLine(r, range, asOf, refData, showPhone, clock));
    }

    private static CaseDetailLine ToLine(Row r, UtcRange month, DateTime asOf, ReferenceData refData, bool showPhone, LocalClock clock)
    {
        var facts = new CaseFacts(StoredTime.Utc(r.ReportedAt)!.Value, StoredTime.Utc(r.RegisteredAt), StoredTime.Utc(r.DispatchedAt),
            StoredTime.Utc(r.DeadlineAt), StoredTime.Utc(r.ResolvedAt), StoredTime.Utc(r.ClosedAt), r.ReworkCount,
            DomainCodes.TryParse<SatisfactionRating>(r.Rating, out var storedRating) ? storedRating : null, StoredTime.Utc(r.RatedAt),
            StoredTime.Utc(r.ExtendedAt), StoredTime.Utc(r.HeldAt), StoredTime.Utc(r.ResumedAt), StoredTime.Utc(r.ReturnedAt),
            StoredTime.Utc(r.VoidedAt));
        DateTime? By(DateTime? t) => t < asOf ? t : null;
        DateTime? Local(DateTime? t) => t is { } v ? clock.ToLocal(v) : null;
        var registered = By(facts.RegisteredAt);
        var rejected = By(StoredTime.Utc(r.RejectedAt));
        var dispatched = By(facts.DispatchedAt);
        var resolved = By(facts.ResolvedAt);
        var closed = By(facts.ClosedAt);
        var rated = By(facts.RatedAt);
        // The status as of T: the latest stage reached by then (a later rework or closing does not change last month's report).
        var status = facts.Hold.IsVoidBy(asOf) ? CaseStatus.Void
            : closed is not null ? CaseStatus.Closed
            : facts.Hold.IsOnHoldAt(asOf) ? CaseStatus.OnHold
            : resolved is not null && (dispatched is null || resolved >= dispatched) ? CaseStatus.Resolved
            : dispatched is not null ? CaseStatus.Dispatched
            : rejected is not null ? CaseStatus.Rejected
            : registered is not null ? CaseStatus.Registered
            : CaseStatus.Reported;
        var deadline = dispatched is null ? null : facts.DeadlineAt;
        var overdue = Overdue.IsResolvedLate(dispatched, deadline, resolved, closed, asOf);
        // The one definition of every figure (Indicators.Fold), applied to this case alone, in the month as of T.
        var counts = Indicators.Fold([facts], month, asOf);
        return new CaseDetailLine(
            r.CaseNo,
            ReportLabels.Source(r.Source),
            refData.CategoriesById.TryGetValue(r.CategoryId, out var c) ? c.Name : "",
            refData.RegionsById.TryGetValue(r.StreetId, out var s) ? s.Name : "",
            // The case's department as stored: the one the department ranking and the department filter count it under.
            r.DepartmentId is { } dep && refData.DepartmentsById.TryGetValue(dep, out var department) ? department.Name : "",
            ReportLabels.Of(status),
            r.IsUrgent,
            clock.ToLocal(facts.ReportedAt),
            Local(registered),
            Local(dispatched),
            Local(deadline),
            Local(resolved),
            Local(closed),
            overdue,
            r.ReworkCount,
            resolved is not null && DomainCodes.TryParse<ResolutionMethod>(r.Method, out var m) ? ReportLabels.Of(m) : "",
            rated is not null && facts.Rating is { } rating ? ReportLabels.Of(rating) : "",
            Domain.ReporterPhone.ForViewer(r.ReporterPhone, showPhone),
            r.Address ?? "",
            r.Description,
            counts);
    }

    private sealed class Row
    {
        public string CaseNo { get; init; } = "";
        public string? Source { get; init; }
        public long CategoryId { get; init; }
        public long StreetId { get; init; }
        public long? DepartmentId { get; init; }
        public bool IsUrgent { get; init; }
        public string? Method { get; init; }
        public string? Rating { get; init; }
        public int ReworkCount { get; init; }
        public string? ReporterPhone { get; init; }
        public string? Address { get; init; }
        public string Description { get; init; } = "";
        // Raw (text on SQLite, datetime2 on SQL Server), read by StoredTime: DateTime.Parse per value costs more than the rest of the row.
        public object? ReportedAt { get; init; }
        public object? RegisteredAt { get; init; }
        public object? RejectedAt { get; init; }
        public object? DispatchedAt { get; init; }
        public object? DeadlineAt { get; init; }
        public object? ResolvedAt { get; init; }
        public object? ClosedAt { get; init; }
        public object? RatedAt { get; init; }
        public object? ExtendedAt { get; init; }
        public object? HeldAt { get; init; }
        public object? ResumedAt { get; init; }
        public object? ReturnedAt { get; init; }
        public object? VoidedAt { get; init; }
    }

    // Like the report's figures, one plan fits every call (always one month, the scope a filter on the month's rows), so the
    // catch-all scope needs no OPTION (RECOMPILE).
    internal const string DetailSql = """
        SELECT case_no AS CaseNo, source AS Source, category_id AS CategoryId, street_id AS StreetId, department_id AS DepartmentId,
               is_urgent AS IsUrgent, method AS Method, rating AS Rating, rework_count AS ReworkCount,
               reporter_phone AS ReporterPhone, address AS Address, description AS Description,
               reported_at AS ReportedAt, registered_at AS RegisteredAt, rejected_at AS RejectedAt, dispatched_at AS DispatchedAt,
               deadline_at AS DeadlineAt, resolved_at AS ResolvedAt, closed_at AS ClosedAt, rated_at AS RatedAt,
               extended_at AS ExtendedAt, held_at AS HeldAt, resumed_at AS ResumedAt, returned_at AS ReturnedAt, voided_at AS VoidedAt
        FROM cases
        WHERE id IN (
            SELECT id FROM cases WHERE reported_at >= @From AND reported_at < @To AND reported_at < @AsOf
            UNION SELECT id FROM cases WHERE registered_at >= @From AND registered_at < @To AND registered_at < @AsOf
            UNION SELECT id FROM cases WHERE rated_at >= @From AND rated_at < @To AND rated_at < @AsOf
            UNION SELECT id FROM cases WHERE resolved_at >= @From AND resolved_at < @To AND resolved_at < @AsOf)
          AND (@StreetId IS NULL OR street_id = @StreetId)
          AND (@DepartmentId IS NULL OR department_id = @DepartmentId)
        ORDER BY reported_at, id
        """;
}
