namespace CommandCenter.Domain.Geo;

/// <summary>
/// The colour of an open case on the map (案件地图). One stage per case, the first that applies: 超期 (overdue, flashing),
/// 紧急 (urgent), 待派遣 (reported or registered, waiting for dispatch), 处置中 (with a department), 待核查 (resolved, waiting
/// for the centre's verification).
/// </summary>
public enum MapStage
{
    /// 超期: <see cref="Overdue.IsOverdueAt"/> now.
    Overdue,
    /// 紧急: an urgent case not (yet) overdue.
    Urgent,
    /// 待派遣: reported or registered, not yet dispatched.
    Dispatch,
    /// 处置中: dispatched, not yet resolved (a 返工 puts a case back here).
    InProgress,
    /// 待核查: resolved, waiting for verification.
    Verify,
}

public static class MapStages
{
    /// <summary>
    /// The stage of a case as of <paramref name="now"/>, or null when the map does not show it (closed, rejected, void or any
    /// other status that is not open). 超期 is <see cref="Overdue.IsOverdueAt"/> with the case's <paramref name="hold"/>, as every
    /// deadline figure reads it: a case on hold (缓办) now is never overdue (its clock stands still; it shows as 处置中, still
    /// with its department), and a resumed case is judged by its deadline as the resumption moved it.
    /// </summary>
    public static MapStage? Of(CaseStatus status, bool isUrgent, DateTime? dispatchedAt, DateTime? deadlineAt, DateTime? resolvedAt,
        DateTime? closedAt, DeadlineHold hold, DateTime now)
    {
        var open = status switch
        {
            CaseStatus.Reported or CaseStatus.Registered => MapStage.Dispatch,
            CaseStatus.Dispatched or CaseStatus.OnHold => MapStage.InProgress,
            CaseStatus.Resolved => MapStage.Verify,
            _ => (MapStage?)null,
        };
        if (open is null) return null;
        if (Overdue.IsOverdueAt(dispatchedAt, deadlineAt, resolvedAt, closedAt, hold, now)) return MapStage.Overdue;
        return isUrgent ? MapStage.Urgent : open;
    }

    /// <summary>
    /// The statuses of the cases the map shows (the open ones), as stored: every case neither closed, rejected nor void, as
    /// the snapshot's 紧急未结 counts open; a case on hold (缓办) is open, shown as 处置中 and never overdue while held.
    /// </summary>
    public static readonly IReadOnlyList<CaseStatus> OpenStatuses =
        [CaseStatus.Reported, CaseStatus.Registered, CaseStatus.Dispatched, CaseStatus.OnHold, CaseStatus.Resolved];

    /// <summary>The stage's colour, as the map module draws its points (<c>LeafletMap.razor.js</c>) and the legends show it.</summary>
    public static string Colour(this MapStage stage) => stage switch
    {
        MapStage.Overdue => "#ef4444",
        MapStage.Urgent => "#f97316",
        MapStage.Dispatch => "#38bdf8",
        MapStage.InProgress => "#facc15",
        _ => "#a78bfa",
    };

    /// <summary>The lower-case code sent to the browser and used in CSS (<c>overdue</c>, <c>inProgress</c>…).</summary>
    public static string Code(this MapStage stage) => char.ToLowerInvariant(stage.ToString()[0]) + stage.ToString()[1..];
}
