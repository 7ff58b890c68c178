using System.Data.Common;
using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Features.Reference;
using Dapper;

namespace CommandCenter.Features.Reports;

/// <summary>
/// One case of the 明细 as of T, as the report shows it: stage times in local time (blank when the stage had not happened
/// by T), names instead of ids, the phone already masked for the viewer.
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
    string Description);

/// <summary>
/// The cases reported in a month (before T), oldest first, read unbuffered: rows are produced while the caller writes them,
/// so a 100,000-case month never sits in memory.
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
        return rows.Select(r => ToLine(r, asOf, refData, showPhone, clock));
    }

    private static CaseDetailLine ToLine(Row r, DateTime asOf, ReferenceData refData, bool showPhone, LocalClock clock)
    {
        DateTime? By(object? stored) => StoredTime.Utc(stored) is { } t && t < asOf ? t : null;
        DateTime? Local(DateTime? t) => t is { } v ? clock.ToLocal(v) : null;
        var registered = By(r.RegisteredAt);
        var rejected = By(r.RejectedAt);
        var dispatched = By(r.DispatchedAt);
        var resolved = By(r.ResolvedAt);
        var closed = By(r.ClosedAt);
        var rated = By(r.RatedAt);
        // The status as of T: the latest stage reached by then (a later rework or closing does not change last month's report).
        var status = closed is not null ? CaseStatus.Closed
            : resolved is not null && (dispatched is null || resolved >= dispatched) ? CaseStatus.Resolved
            : dispatched is not null ? CaseStatus.Dispatched
            : rejected is not null ? CaseStatus.Rejected
            : registered is not null ? CaseStatus.Registered
            : CaseStatus.Reported;
        var deadline = dispatched is null ? null : StoredTime.Utc(r.DeadlineAt);
        var overdue = Overdue.IsResolvedLate(dispatched, deadline, resolved, closed, asOf);
        return new CaseDetailLine(
            r.CaseNo,
            ReportLabels.Source(r.Source),
            refData.CategoriesById.TryGetValue(r.CategoryId, out var c) ? c.Name : "",
            refData.RegionsById.TryGetValue(r.StreetId, out var s) ? s.Name : "",
            dispatched is not null && r.DepartmentId is { } dep && refData.DepartmentsById.TryGetValue(dep, out var department) ? department.Name : "",
            ReportLabels.Of(status),
            r.IsUrgent,
            clock.ToLocal(StoredTime.Utc(r.ReportedAt)!.Value),
            Local(registered),
            Local(dispatched),
            Local(deadline),
            Local(resolved),
            Local(closed),
            overdue,
            r.ReworkCount,
            resolved is not null && DomainCodes.TryParse<ResolutionMethod>(r.Method, out var m) ? ReportLabels.Of(m) : "",
            rated is not null && DomainCodes.TryParse<SatisfactionRating>(r.Rating, out var rating) ? ReportLabels.Of(rating) : "",
            Domain.ReporterPhone.ForViewer(r.ReporterPhone, showPhone),
            r.Address ?? "",
            r.Description);
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
    }

    internal const string DetailSql = """
        SELECT case_no AS CaseNo, source AS Source, category_id AS CategoryId, street_id AS StreetId, department_id AS DepartmentId,
               is_urgent AS IsUrgent, method AS Method, rating AS Rating, rework_count AS ReworkCount,
               reporter_phone AS ReporterPhone, address AS Address, description AS Description,
               reported_at AS ReportedAt, registered_at AS RegisteredAt, rejected_at AS RejectedAt, dispatched_at AS DispatchedAt,
               deadline_at AS DeadlineAt, resolved_at AS ResolvedAt, closed_at AS ClosedAt, rated_at AS RatedAt
        FROM cases
        WHERE reported_at >= @From AND reported_at < @To AND reported_at < @AsOf
          AND (@StreetId IS NULL OR street_id = @StreetId)
          AND (@DepartmentId IS NULL OR department_id = @DepartmentId)
        ORDER BY reported_at, id
        """;
}
