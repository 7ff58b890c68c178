using CommandCenter.Data;
using CommandCenter.Domain;
using Dapper;

namespace CommandCenter.Features.RoadResponsibility;

/// <summary>A leader's patrols of their road in a period (巡查): how many, by mode, and the last one before T.</summary>
public sealed record PatrolCounts(long Total, long Walk, long Bike, long Drive, DateTime? LastStartedAt)
{
    public static readonly PatrolCounts None = new(0, 0, 0, 0, null);
}

/// <summary>
/// One row of the road-responsibility table (领导包路): a leader, the road they own in the period, their patrols against the
/// requirement, the road's problems in the period and since the campaign start, and the status colour with its reason.
/// </summary>
public sealed record RoadResponsibilityRow(
    long AssignmentId,
    long LeaderId,
    string LeaderCode,
    string LeaderName,
    string LeaderTitle,
    bool IsMainLeader,
    long RoadId,
    string RoadCode,
    string RoadName,
    string StreetName,
    DateOnly CampaignFrom,
    DateOnly CampaignTo,
    /// 每周应巡查次数
    int RequiredPerWeek,
    /// Required in the period: the weekly number, scaled for a period longer than a week (a month needs ⌈days × N / 7⌉).
    int RequiredInPeriod,
    /// 本期巡查 (patrols started in the period, before T); the last patrol is the latest before T, in any period.
    PatrolCounts Patrols,
    /// 本期问题: found in the period.
    RoadProblemCounts ProblemsInPeriod,
    /// 累计问题: found since the campaign start.
    RoadProblemCounts ProblemsSinceCampaign,
    RoadStatus Status)
{
    public long PatrolsMissing => Math.Max(0, RequiredInPeriod - Patrols.Total);
}

/// <summary>
/// The road-responsibility read model shared by /schedule, the wall boards and the monthly report. Rows: every road assignment
/// whose campaign covers at least one local day of the period. Patrols belong to the period of their <c>started_at</c>.
/// Problem counts are <see cref="Domain.RoadResponsibility.Fold"/>'s definitions aggregated in SQL (a test holds the two equal
/// on random cases); the status is <see cref="Domain.RoadResponsibility.StatusOf"/>.
/// </summary>
public sealed class RoadResponsibilityQuery(DbConnectionFactory connections, BusinessCalendar calendar, TimeProvider clock)
{
    /// <summary>The table of a local week, as of now (or the week's end once it is over).</summary>
    public Task<IReadOnlyList<RoadResponsibilityRow>> GetWeekAsync(Period week, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return GetAsync(calendar.ToUtc(week), calendar.AsOf(week, now), calendar.LocalDate(now), cancellationToken);
    }

    /// <summary>
    /// The table of any period cut on local days (a week, a month), as of <paramref name="asOf"/>; <paramref name="today"/> is
    /// the local day the status counts the remaining days from.
    /// </summary>
    public async Task<IReadOnlyList<RoadResponsibilityRow>> GetAsync(UtcRange period, DateTime asOf, DateOnly today,
        CancellationToken cancellationToken = default)
    {
        var firstDay = calendar.LocalDate(period.FromUtc);
        var endDay = calendar.LocalDate(period.ToUtc);
        var days = Math.Max(1, endDay.DayNumber - firstDay.DayNumber);
        var daysLeft = Domain.RoadResponsibility.DaysLeft(firstDay, endDay, today);

        await using var connection = await connections.OpenReadAsync(cancellationToken);
        var assignments = (await connection.QueryAsync<AssignmentRow>(new CommandDefinition(AssignmentsSql,
            new { From = period.FromUtc, To = period.ToUtc, AsOf = asOf, FirstDay = firstDay, EndDay = endDay },
            cancellationToken: cancellationToken))).ToList();
        if (assignments.Count == 0) return [];

        // One aggregate per distinct campaign start (usually one: "set for all"), so the start's UTC instant is a parameter.
        var counts = new Dictionary<(DateOnly CampaignFrom, long RoadId), ProblemCountsRow>();
        foreach (var campaignFrom in assignments.Select(a => a.CampaignFrom).Distinct())
        {
            var campaignStart = calendar.StartOfDayUtc(campaignFrom);
            var rows = await connection.QueryAsync<ProblemCountsRow>(new CommandDefinition(ProblemCountsSql, new
            {
                From = period.FromUtc, To = period.ToUtc, AsOf = asOf, CampaignFrom = campaignFrom, CampaignStart = campaignStart,
                Earliest = campaignStart < period.FromUtc ? campaignStart : period.FromUtc, FirstDay = firstDay, EndDay = endDay,
            }, cancellationToken: cancellationToken));
            foreach (var row in rows) counts[(campaignFrom, row.RoadId)] = row;
        }

        return assignments.Select(a =>
        {
            var c = counts.GetValueOrDefault((a.CampaignFrom, a.RoadId));
            var inPeriod = c is null ? RoadProblemCounts.Zero : Counts(c.Found, c.Resolved, c.Overdue);
            var sinceCampaign = c is null ? RoadProblemCounts.Zero : Counts(c.FoundSince, c.ResolvedSince, c.OverdueSince);
            var required = (int)Math.Ceiling(a.RequiredPerWeek * days / 7.0);
            var patrols = new PatrolCounts(a.Patrols ?? 0, a.Walk ?? 0, a.Bike ?? 0, a.Drive ?? 0, a.LastPatrolAt);
            return new RoadResponsibilityRow(a.AssignmentId, a.LeaderId, a.LeaderCode, a.LeaderName, a.LeaderTitle, a.IsMain,
                a.RoadId, a.RoadCode, a.RoadName, a.StreetName, a.CampaignFrom, a.CampaignTo, a.RequiredPerWeek, required,
                patrols, inPeriod, sinceCampaign,
                Domain.RoadResponsibility.StatusOf(patrols.Total, required, sinceCampaign.Overdue, daysLeft));
        }).ToList();
    }

    /// <summary>open = found − resolved, as in <see cref="Domain.RoadResponsibility.Fold"/>.</summary>
    private static RoadProblemCounts Counts(long? found, long? resolved, long? overdue) =>
        new(found ?? 0, resolved ?? 0, (found ?? 0) - (resolved ?? 0), overdue ?? 0);

    private sealed class AssignmentRow
    {
        public long AssignmentId { get; init; }
        public long LeaderId { get; init; }
        public string LeaderCode { get; init; } = "";
        public string LeaderName { get; init; } = "";
        public string LeaderTitle { get; init; } = "";
        public bool IsMain { get; init; }
        public int RequiredPerWeek { get; init; }
        public long RoadId { get; init; }
        public string RoadCode { get; init; } = "";
        public string RoadName { get; init; } = "";
        public string StreetName { get; init; } = "";
        public DateOnly CampaignFrom { get; init; }
        public DateOnly CampaignTo { get; init; }
        public long? Patrols { get; init; }
        public long? Walk { get; init; }
        public long? Bike { get; init; }
        public long? Drive { get; init; }
        public DateTime? LastPatrolAt { get; init; }
    }

    private sealed class ProblemCountsRow
    {
        public long RoadId { get; init; }
        public long? Found { get; init; }
        public long? Resolved { get; init; }
        public long? Overdue { get; init; }
        public long? FoundSince { get; init; }
        public long? ResolvedSince { get; init; }
        public long? OverdueSince { get; init; }
    }

    // The assignments whose campaign covers a day of the period (RoadResponsibility.CampaignCovers). Patrols count for the
    // leader on their own road only.
    internal const string AssignmentsSql = $"""
        SELECT a.id AS AssignmentId, l.id AS LeaderId, l.code AS LeaderCode, l.name AS LeaderName, l.title AS LeaderTitle,
               l.is_main AS IsMain, l.required_patrols_per_week AS RequiredPerWeek,
               r.id AS RoadId, r.code AS RoadCode, r.name AS RoadName, s.name AS StreetName,
               a.campaign_from AS CampaignFrom, a.campaign_to AS CampaignTo,
               p.Total AS Patrols, p.Walk AS Walk, p.Bike AS Bike, p.Drive AS Drive,
               (SELECT MAX(lp.started_at) FROM patrols lp
                WHERE lp.leader_id = a.leader_id AND lp.road_id = a.road_id AND lp.started_at < @AsOf) AS LastPatrolAt
        FROM road_assignments a
        JOIN leaders l ON l.id = a.leader_id
        JOIN roads r ON r.id = a.road_id
        JOIN regions s ON s.id = r.street_id
        LEFT JOIN (
            SELECT leader_id, road_id, COUNT(*) AS Total,
                   SUM(CASE WHEN mode = 'walk' THEN 1 ELSE 0 END) AS Walk,
                   SUM(CASE WHEN mode = 'bike' THEN 1 ELSE 0 END) AS Bike,
                   SUM(CASE WHEN mode = 'drive' THEN 1 ELSE 0 END) AS Drive
            FROM patrols
            WHERE started_at >= @From AND started_at < @To AND started_at < @AsOf
            GROUP BY leader_id, road_id
        ) p ON p.leader_id = a.leader_id AND p.road_id = a.road_id
        WHERE {Domain.RoadResponsibility.CampaignCoversCondition}
        ORDER BY l.is_main DESC, l.code, a.campaign_from;
        """;

    // RoadResponsibility.Fold in SQL, for the period [@From, @To) and for the campaign [@CampaignStart, T), over the roads of
    // the assignments with that campaign start. Found: reported in the range before T and not rejected before T. Resolved:
    // found and resolved or closed before T. Overdue: found and 超期未处置 at T (Overdue.IsOverdueAt).
    // A NULL time compares as "not before T", exactly as Fold's lifted comparisons do.
    internal const string ProblemCountsSql = $"""
        SELECT c.road_id AS RoadId,
               SUM(CASE WHEN c.reported_at >= @From AND c.reported_at < @To THEN 1 ELSE 0 END) AS Found,
               SUM(CASE WHEN c.reported_at >= @From AND c.reported_at < @To
                         AND (c.resolved_at < @AsOf OR c.closed_at < @AsOf) THEN 1 ELSE 0 END) AS Resolved,
               SUM(CASE WHEN c.reported_at >= @From AND c.reported_at < @To
                         AND {Overdue.IsOverdueAtCondition} THEN 1 ELSE 0 END) AS Overdue,
               SUM(CASE WHEN c.reported_at >= @CampaignStart THEN 1 ELSE 0 END) AS FoundSince,
               SUM(CASE WHEN c.reported_at >= @CampaignStart
                         AND (c.resolved_at < @AsOf OR c.closed_at < @AsOf) THEN 1 ELSE 0 END) AS ResolvedSince,
               SUM(CASE WHEN c.reported_at >= @CampaignStart
                         AND {Overdue.IsOverdueAtCondition} THEN 1 ELSE 0 END) AS OverdueSince
        FROM cases c
        WHERE c.road_id IN (SELECT a.road_id FROM road_assignments a
                            WHERE a.campaign_from = @CampaignFrom AND {Domain.RoadResponsibility.CampaignCoversCondition})
          AND c.reported_at >= @Earliest AND c.reported_at < @AsOf
          AND (c.rejected_at IS NULL OR c.rejected_at >= @AsOf)
        GROUP BY c.road_id;
        """;
}
