namespace CommandCenter.Domain;

/// <summary>The times of one case on a leader's road that road responsibility (领导包路) reads. Times are UTC.</summary>
public sealed record RoadCaseFacts(
    DateTime ReportedAt,
    DateTime? RejectedAt,
    DateTime? DispatchedAt,
    DateTime? DeadlineAt,
    DateTime? ResolvedAt,
    DateTime? ClosedAt,
    DateTime? HeldAt = null,
    DateTime? ResumedAt = null,
    DateTime? VoidedAt = null);

/// <summary>
/// The problems of a road over a period, as of T: 发现 found, 已整改 resolved, 整改中 open, 超期 overdue.
/// open = found − resolved, so the four always add up on screen.
/// </summary>
public sealed record RoadProblemCounts(long Found, long Resolved, long Open, long Overdue)
{
    public static readonly RoadProblemCounts Zero = new(0, 0, 0, 0);
}

/// <summary>Status colour of a leader's road (领导包路): the legend on the boards explains each.</summary>
public enum RoadStatusColour
{
    /// Patrols on track and no overdue problem.
    Green,
    /// Fewer patrols than required so far, but the week still has the days to make them up.
    Amber,
    /// An overdue problem on the road, or the week's required patrols can no longer be made.
    Red,
}

/// <summary>Why a road has its colour; the first that applies, in this order of severity.</summary>
public enum RoadStatusReason
{
    /// 有超期问题
    ProblemsOverdue,
    /// 本周巡查次数已无法完成
    PatrolsMissed,
    /// 本周巡查次数不足（仍可完成）
    PatrolsBehind,
    /// 正常
    OnTrack,
}

public sealed record RoadStatus(RoadStatusColour Colour, RoadStatusReason Reason);

/// <summary>
/// 领导包路: each leader owns one road for a campaign, patrols it at least N times a week, and answers for the problems
/// found on it. A problem is a case on the road (<c>cases.road_id</c>), whoever reported it, that was not rejected (不予立案).
/// </summary>
public static class RoadResponsibility
{
    /// <summary>
    /// Found: reported in <paramref name="period"/> before T and not rejected by T. Resolved: found and resolved or closed
    /// before T. Open: found − resolved. Overdue: found and 超期未处置 at T (<see cref="Overdue.IsOverdueAt"/>).
    /// </summary>
    public static RoadProblemCounts Fold(IEnumerable<RoadCaseFacts> cases, UtcRange period, DateTime asOf)
    {
        long found = 0, resolved = 0, overdue = 0;
        foreach (var c in cases)
        {
            if (!period.Contains(c.ReportedAt) || c.ReportedAt >= asOf || c.RejectedAt < asOf) continue;
            found++;
            if (c.ResolvedAt < asOf || c.ClosedAt < asOf) resolved++;
            else if (Overdue.IsOverdueAt(c.DispatchedAt, c.DeadlineAt, c.ResolvedAt, c.ClosedAt, new DeadlineHold(c.HeldAt, c.ResumedAt, c.VoidedAt), asOf)) overdue++;
        }
        return new(found, resolved, found - resolved, overdue);
    }

    /// <summary>
    /// 包路期 covers the days: a road assignment's campaign dates are local and both inclusive, so it covers the local days
    /// [<paramref name="firstDay"/>, <paramref name="endDay"/>) when it starts before <paramref name="endDay"/> and ends on or
    /// after <paramref name="firstDay"/>. A week's table, the wall's roads board, the week plan and a patrol's day all ask this.
    /// </summary>
    public static bool CampaignCovers(DateOnly campaignFrom, DateOnly campaignTo, DateOnly firstDay, DateOnly endDay) =>
        campaignFrom < endDay && campaignTo >= firstDay;

    /// <summary><see cref="CampaignCovers"/> in SQL, on <c>road_assignments a</c> with the days as <c>@FirstDay</c> and <c>@EndDay</c>.</summary>
    public const string CampaignCoversCondition = "(a.campaign_from < @EndDay AND a.campaign_to >= @FirstDay)";

    /// <summary>
    /// The road's colour: red for an overdue problem (since the campaign start) or a week whose required patrols can no
    /// longer be made; amber while patrols are behind but <paramref name="daysLeftInWeek"/> (today included) can still make
    /// them up; green otherwise. A finished week has no days left.
    /// </summary>
    public static RoadStatus StatusOf(long patrolsThisWeek, int requiredPerWeek, long overdueProblems, int daysLeftInWeek)
    {
        if (overdueProblems > 0) return new(RoadStatusColour.Red, RoadStatusReason.ProblemsOverdue);
        var missing = requiredPerWeek - patrolsThisWeek;
        if (missing > 0 && missing > daysLeftInWeek) return new(RoadStatusColour.Red, RoadStatusReason.PatrolsMissed);
        if (missing > 0) return new(RoadStatusColour.Amber, RoadStatusReason.PatrolsBehind);
        return new(RoadStatusColour.Green, RoadStatusReason.OnTrack);
    }

    /// <summary>
    /// Local days left in the days from <paramref name="first"/> up to <paramref name="end"/> (exclusive) at <paramref name="today"/>,
    /// today included; 0 once they are over, all of them before they start.
    /// </summary>
    public static int DaysLeft(DateOnly first, DateOnly end, DateOnly today) =>
        today < first ? end.DayNumber - first.DayNumber : Math.Max(0, end.DayNumber - today.DayNumber);
}
