using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;

namespace CommandCenter.Features.Wall;

public enum WallAlertKind
{
    /// 紧急案件立案: an urgent case was registered.
    UrgentCase,
    /// 超期预警: a street's 应结未结 (due, not closed) of the month rose above the threshold.
    StreetOverdue,
}

/// <summary>An alert board: what happened, shown full screen for <see cref="WallOptions.AlertSeconds"/>.</summary>
public sealed record WallAlert(WallAlertKind Kind, LatestEvent? Event = null, string? StreetName = null, long Overdue = 0);

/// <summary>
/// Decides when a new snapshot takes over the wall: an urgent case registered since the last snapshot (a
/// <see cref="LatestEvent"/> with <c>IsUrgent</c> and type <c>register</c>), or a street whose 应结未结 of this month
/// (<see cref="Overdue.DueNotClosed"/>) rises above the threshold. What was already true when the screen started is
/// not news, so the first snapshot only sets the baseline; a street alerts again only after it fell back under the threshold.
/// </summary>
public sealed class WallAlertWatch(int overdueThreshold)
{
    private long? _lastEventId;
    private HashSet<string> _streetsAbove = [];

    /// <summary>The street's 应结未结 of the month to date, the figure its alert shows.</summary>
    public static long StreetOverdue(LiveStanding street) => Overdue.DueNotClosed(street.Counts);

    public IReadOnlyList<WallAlert> Observe(DashboardSnapshot snapshot)
    {
        var alerts = new List<WallAlert>();
        var baseline = _lastEventId is null;

        var newest = snapshot.LatestEvents.Count == 0 ? 0 : snapshot.LatestEvents.Max(e => e.EventId);
        if (!baseline)
            alerts.AddRange(snapshot.LatestEvents
                .Where(e => e.EventId > _lastEventId && e.IsUrgent && e.Type == CaseStep.Register.Code())
                .OrderBy(e => e.EventId)
                .Select(e => new WallAlert(WallAlertKind.UrgentCase, Event: e)));
        _lastEventId = Math.Max(_lastEventId ?? 0, newest);

        var above = snapshot.StreetRanking.Where(r => StreetOverdue(r) > overdueThreshold).ToList();
        if (!baseline)
            alerts.AddRange(above.Where(r => !_streetsAbove.Contains(r.Code))
                .Select(r => new WallAlert(WallAlertKind.StreetOverdue, StreetName: r.Name, Overdue: StreetOverdue(r))));
        _streetsAbove = above.Select(r => r.Code).ToHashSet();
        return alerts;
    }
}
