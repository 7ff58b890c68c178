using CommandCenter.Data;
using CommandCenter.Domain;
using CommandCenter.Domain.Geo;
using Dapper;

namespace CommandCenter.Features.Schedule;

/// <summary>
/// An open problem of a road (整改中), as <see cref="RoadResponsibility.Fold"/> counts it: found since the campaign start before T,
/// not rejected, resolved or closed by T.
/// </summary>
public sealed record OpenProblemRow(
    string CaseNo,
    DateTime ReportedAt,
    string CategoryName,
    string? DepartmentName,
    DateTime? DispatchedAt,
    DateTime? DeadlineAt,
    /// 三级处置 level: grid / community / street.
    string Level,
    /// 超期未处置 at T (<see cref="Overdue.IsOverdueAt"/>).
    bool IsOverdue,
    /// Age at T.
    TimeSpan Age)
{
    /// The case's id (its point's identity on the drill-down's map).
    public long Id { get; init; }

    /// Where it was reported (WGS-84), null without a location.
    public GeoPoint? Point { get; init; }

    /// Its colour on the map as of T (<see cref="MapStages.Of"/> with its status at T: 超期 red, 紧急, 待派遣, 处置中).
    public MapStage Stage { get; init; }
}

/// <summary>A patrol of the road (巡查记录).</summary>
public sealed record PatrolRecord(DateTime StartedAt, DateTime EndedAt, string Mode);

/// <summary>The drill-down of one row of the road table: the road's open problems and the leader's patrols of it.</summary>
public sealed class RoadDrillDownQuery(DbConnectionFactory connections, BusinessCalendar calendar)
{
    public async Task<IReadOnlyList<OpenProblemRow>> OpenProblemsAsync(long roadId, DateOnly campaignFrom, DateTime asOf,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<ProblemRow>(new CommandDefinition(OpenProblemsSql,
            new { RoadId = roadId, From = calendar.StartOfDayUtc(campaignFrom), AsOf = asOf }, cancellationToken: cancellationToken));
        return rows.Select(r =>
            {
                var hold = new DeadlineHold(r.HeldAt, r.ResumedAt, r.VoidedAt);
                return new OpenProblemRow(r.CaseNo, r.ReportedAt, r.CategoryName, r.DepartmentName, r.DispatchedAt, r.DeadlineAt,
                    r.Level, Overdue.IsOverdueAt(r.DispatchedAt, r.DeadlineAt, r.ResolvedAt, r.ClosedAt, hold, asOf), asOf - r.ReportedAt)
                {
                    Id = r.Id,
                    Point = r.Lat is { } lat && r.Lng is { } lng ? new GeoPoint(lat, lng) : null,
                    Stage = MapStages.Of(StatusAt(r, hold, asOf), r.IsUrgent, r.DispatchedAt, r.DeadlineAt, r.ResolvedAt, r.ClosedAt, hold, asOf)
                        ?? MapStage.Dispatch,
                };
            })
            .OrderByDescending(r => r.IsOverdue).ThenBy(r => r.ReportedAt).ToList();
    }

    /// <summary>
    /// An open problem's status at T (it is neither resolved nor closed before T): on hold when held at T, with a department
    /// when dispatched before T with a deadline (a 回退 clears the deadline: back to 待派遣), else waiting for dispatch.
    /// </summary>
    private static CaseStatus StatusAt(ProblemRow r, DeadlineHold hold, DateTime asOf) =>
        hold.IsOnHoldAt(asOf) ? CaseStatus.OnHold
        : r.DispatchedAt < asOf && r.DeadlineAt is not null ? CaseStatus.Dispatched
        : CaseStatus.Registered;

    public async Task<IReadOnlyList<PatrolRecord>> PatrolsAsync(long leaderId, long roadId, UtcRange range,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenReadAsync(cancellationToken);
        var rows = await connection.QueryAsync<PatrolRow>(new CommandDefinition(PatrolsSql,
            new { LeaderId = leaderId, RoadId = roadId, From = range.FromUtc, To = range.ToUtc }, cancellationToken: cancellationToken));
        return rows.Select(r => new PatrolRecord(r.StartedAt, r.EndedAt, r.Mode)).ToList();
    }

    private sealed class ProblemRow
    {
        public long Id { get; init; }
        public string CaseNo { get; init; } = "";
        public double? Lat { get; init; }
        public double? Lng { get; init; }
        public bool IsUrgent { get; init; }
        public DateTime ReportedAt { get; init; }
        public string CategoryName { get; init; } = "";
        public string? DepartmentName { get; init; }
        public DateTime? DispatchedAt { get; init; }
        public DateTime? DeadlineAt { get; init; }
        public DateTime? ResolvedAt { get; init; }
        public DateTime? ClosedAt { get; init; }
        public DateTime? HeldAt { get; init; }
        public DateTime? ResumedAt { get; init; }
        public DateTime? VoidedAt { get; init; }
        public string Level { get; init; } = "";
    }

    private sealed class PatrolRow
    {
        public DateTime StartedAt { get; init; }
        public DateTime EndedAt { get; init; }
        public string Mode { get; init; } = "";
    }

    // The open side of RoadResponsibility.Fold, as SQL: found (reported in range before T, not rejected by T), not resolved
    // or closed by T.
    internal const string OpenProblemsSql = """
        SELECT c.id AS Id, c.case_no AS CaseNo, c.lat AS Lat, c.lng AS Lng, c.is_urgent AS IsUrgent, c.reported_at AS ReportedAt, cat.name AS CategoryName, d.name AS DepartmentName,
               c.dispatched_at AS DispatchedAt, c.deadline_at AS DeadlineAt, c.resolved_at AS ResolvedAt, c.closed_at AS ClosedAt,
               c.held_at AS HeldAt, c.resumed_at AS ResumedAt, c.voided_at AS VoidedAt, c.level AS Level
        FROM cases c
        JOIN categories cat ON cat.id = c.category_id
        LEFT JOIN departments d ON d.id = c.department_id
        WHERE c.road_id = @RoadId AND c.reported_at >= @From AND c.reported_at < @AsOf
          AND (c.rejected_at IS NULL OR c.rejected_at >= @AsOf)
          AND (c.resolved_at IS NULL OR c.resolved_at >= @AsOf)
          AND (c.closed_at IS NULL OR c.closed_at >= @AsOf);
        """;

    internal const string PatrolsSql = """
        SELECT started_at AS StartedAt, ended_at AS EndedAt, mode AS Mode
        FROM patrols
        WHERE leader_id = @LeaderId AND road_id = @RoadId AND started_at >= @From AND started_at < @To
        ORDER BY started_at;
        """;
}
