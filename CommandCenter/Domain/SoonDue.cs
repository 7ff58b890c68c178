namespace CommandCenter.Domain;

/// <summary>
/// 即将超期 (soon due): a case that will become 超期未处置 within one working hour unless it is resolved — dispatched before
/// T, neither resolved nor closed before T, and its deadline at or after T with less than <see cref="Window"/> of working
/// time (<see cref="WorkingTime"/>) left: <c>WorkingTime.Between(T, deadline) &lt; 1 h</c>. A deadline on Monday at 09:00 is
/// soon due from just after Friday 17:00 (half an hour that day, half an hour on Monday), and on the eve of a holiday from the last
/// hour of work before it. At the deadline the case leaves this set and enters <see cref="Overdue.IsOverdueAt"/> one instant
/// later; the two never hold together.
/// </summary>
public static class SoonDue
{
    /// <summary>How close to its deadline a case is 即将超期: one working hour.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>
    /// The window at T: [T, T + one working hour). Working time from T grows with the instant it runs to, and
    /// <see cref="WorkingTime.Add"/> gives the first instant it reaches the hour, so a deadline at or after T has less than one
    /// working hour left exactly when it is before <see cref="SoonDueWindow.Until"/>. One instant per T, so SQL compares
    /// stored deadlines with it (<see cref="IsSoonDueAtCondition"/>) and a fold does not walk the calendar per case.
    /// </summary>
    public static SoonDueWindow WindowAt(WorkingTime working, DateTime asOf) => new(asOf, working.Add(asOf, Window));

    /// <summary>剩余工作时: the working time from T to the deadline (negative once it has passed: how late, in working time).</summary>
    public static TimeSpan WorkingTimeLeft(WorkingTime working, DateTime deadline, DateTime asOf) => working.Between(asOf, deadline);

    /// <summary>
    /// The last instant a deadline is not yet 即将超期: one working hour before it (<see cref="WorkingTime.Subtract"/>). The
    /// case enters the set just after it, so the live figures change then with no event at all.
    /// </summary>
    public static DateTime StartsAfter(WorkingTime working, DateTime deadline) => working.Subtract(deadline, Window);

    /// <summary>即将超期 at the window's T (see the class).</summary>
    /// <param name="hold">缓办 and 作废: a case on hold or void at T is not soon due (its clock does not run).</param>
    public static bool IsSoonDueAt(DateTime? dispatchedAt, DateTime? deadlineAt, DateTime? resolvedAt, DateTime? closedAt, DeadlineHold hold,
        SoonDueWindow window) =>
        dispatchedAt < window.AsOf && deadlineAt >= window.AsOf && deadlineAt < window.Until
        && !(resolvedAt < window.AsOf) && !(closedAt < window.AsOf) && !hold.StopsAt(window.AsOf);

    /// <summary>
    /// <see cref="IsSoonDueAt"/> in SQL, with the window's T as <c>@AsOf</c> and its end as <c>@SoonDueBy</c>
    /// (<see cref="WindowAt"/>).
    /// </summary>
    public const string IsSoonDueAtCondition = $"""
        (dispatched_at < @AsOf AND deadline_at >= @AsOf AND deadline_at < @SoonDueBy
         AND (resolved_at IS NULL OR resolved_at >= @AsOf) AND (closed_at IS NULL OR closed_at >= @AsOf)
         AND {DeadlineHold.RunsAtCondition})
        """;
}

/// <summary>The 即将超期 window at T: deadlines in [<see cref="AsOf"/>, <see cref="Until"/>) have less than one working hour left.</summary>
public readonly record struct SoonDueWindow(DateTime AsOf, DateTime Until);
