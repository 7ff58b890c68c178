using CommandCenter.Data;
using CommandCenter.Domain;
using Dapper;

namespace CommandCenter.Features.Today;

/// <summary>Today's case counts (local business day) by workflow stage, and the live open counts.</summary>
public sealed record TodayCounts(
    /// 上报
    long Reported,
    /// 立案
    long Registered,
    /// 派遣
    long Dispatched,
    /// 处置
    long Resolved,
    /// 结案
    long Closed,
    /// 处置中 (live: dispatched, not yet resolved)
    long InProgress,
    /// 超期 (live)
    long Overdue,
    /// 紧急未结 (live)
    long UrgentOpen,
    DateTime AsOfUtc);

public sealed class TodayCountsQuery(DbConnectionFactory connections, BusinessCalendar calendar, TimeProvider clock)
{
    public async Task<TodayCounts> GetAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = calendar.ToUtc(calendar.Today(now));
        await using var connection = await connections.OpenReadAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(Sql,
            new { From = today.FromUtc, To = today.ToUtc, Now = now }, cancellationToken: cancellationToken));
        return new TodayCounts(row.Reported ?? 0, row.Registered ?? 0, row.Dispatched ?? 0, row.Resolved ?? 0, row.Closed ?? 0,
            row.InProgress ?? 0, row.Overdue ?? 0, row.UrgentOpen ?? 0, now);
    }

    private sealed class Row
    {
        public long? Reported { get; init; }
        public long? Registered { get; init; }
        public long? Dispatched { get; init; }
        public long? Resolved { get; init; }
        public long? Closed { get; init; }
        public long? InProgress { get; init; }
        public long? Overdue { get; init; }
        public long? UrgentOpen { get; init; }
    }

    // 超期 as in Indicators.IsOverdue: dispatched, not resolved, deadline before now.
    internal const string Sql = """
        SELECT
            SUM(CASE WHEN reported_at >= @From AND reported_at < @To THEN 1 ELSE 0 END) AS Reported,
            SUM(CASE WHEN registered_at >= @From AND registered_at < @To THEN 1 ELSE 0 END) AS Registered,
            SUM(CASE WHEN dispatched_at >= @From AND dispatched_at < @To THEN 1 ELSE 0 END) AS Dispatched,
            SUM(CASE WHEN resolved_at >= @From AND resolved_at < @To THEN 1 ELSE 0 END) AS Resolved,
            SUM(CASE WHEN closed_at >= @From AND closed_at < @To THEN 1 ELSE 0 END) AS Closed,
            SUM(CASE WHEN status = 'dispatched' THEN 1 ELSE 0 END) AS InProgress,
            SUM(CASE WHEN status = 'dispatched' AND deadline_at < @Now THEN 1 ELSE 0 END) AS Overdue,
            SUM(CASE WHEN is_urgent = 1 AND status IN ('reported', 'registered', 'dispatched', 'resolved') THEN 1 ELSE 0 END) AS UrgentOpen
        FROM cases;
        """;
}
