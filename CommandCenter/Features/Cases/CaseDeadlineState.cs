using CommandCenter.Domain;

namespace CommandCenter.Features.Cases;

/// <summary>Where a case stands against its deadline, as the case page says it.</summary>
public enum DeadlineStanding
{
    /// Not dispatched: no deadline yet.
    NoDeadline,
    /// Open, time left.
    TimeLeft,
    /// 即将超期 (<see cref="SoonDue.IsSoonDueAt"/>).
    SoonDue,
    /// 超期未处置 (<see cref="Overdue.IsOverdueAt"/>): late by <see cref="CaseDeadlineState.Span"/>.
    Overdue,
    /// Resolved, waiting for 核查.
    ResolvedWaiting,
    /// 按期结案 (<see cref="Overdue.IsClosedOnTime"/>).
    ClosedOnTime,
    /// 超期结案: closed <see cref="CaseDeadlineState.Span"/> after the deadline.
    ClosedLate,
}

/// <summary>
/// A case's deadline at now: its standing by the one definitions of <c>Domain/</c>, and the working time left or how late in
/// working time (<see cref="WorkingTime.Between"/>: "剩余 2.50 工作时").
/// </summary>
public sealed record CaseDeadlineState(DeadlineStanding Standing, TimeSpan Span)
{
    /// <param name="hold">缓办 and 作废: a case on hold or void is neither overdue nor soon due.</param>
    public static CaseDeadlineState Of(DateTime? dispatchedAt, DateTime? deadlineAt, DateTime? resolvedAt, DateTime? closedAt, DateTime now,
        WorkingTime working, DeadlineHold hold = default)
    {
        if (deadlineAt is not { } deadline) return new(DeadlineStanding.NoDeadline, TimeSpan.Zero);
        if (closedAt is { } closed && closed < now)
            return Overdue.IsClosedOnTime(closed, deadline)
                ? new(DeadlineStanding.ClosedOnTime, TimeSpan.Zero)
                : new(DeadlineStanding.ClosedLate, working.Between(deadline, closed));
        if (Overdue.IsOverdueAt(dispatchedAt, deadline, resolvedAt, closedAt, hold, now)) return new(DeadlineStanding.Overdue, working.Between(deadline, now));
        if (resolvedAt < now) return new(DeadlineStanding.ResolvedWaiting, TimeSpan.Zero);
        var left = SoonDue.WorkingTimeLeft(working, deadline, now);
        if (SoonDue.IsSoonDueAt(dispatchedAt, deadline, resolvedAt, closedAt, hold, SoonDue.WindowAt(working, now))) return new(DeadlineStanding.SoonDue, left);
        return new(DeadlineStanding.TimeLeft, left > TimeSpan.Zero ? left : TimeSpan.Zero);
    }
}
