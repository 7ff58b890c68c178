using CommandCenter.Domain;

namespace CommandCenter.Tests.Domain;

/// <summary>The overdue family (<see cref="Overdue"/>) on hand-picked cases; <see cref="DefinitionSqlTests"/> pins the SQL to it.</summary>
public sealed class OverdueTests
{
    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    /// <summary>A case in a status as the live working set holds it: the times that status implies, dispatched on 9 March.</summary>
    private static bool OverdueNow(CaseStatus status, DateTime? deadlineAt, DateTime now)
    {
        var dispatched = Utc(3, 9, 0);
        DateTime? resolved = status is CaseStatus.Resolved or CaseStatus.Closed ? Utc(3, 9, 12) : null;
        DateTime? closed = status == CaseStatus.Closed ? Utc(3, 9, 13) : null;
        return Overdue.IsOverdueAt(dispatched, deadlineAt, resolved, closed, DeadlineHold.None, now);
    }

    [Theory]
    [InlineData(CaseStatus.Dispatched, "2026-03-10T00:00:00Z", true)]
    [InlineData(CaseStatus.Dispatched, "2026-03-10T08:00:00Z", false)]
    [InlineData(CaseStatus.Dispatched, "2026-03-10T09:00:00Z", false)]
    [InlineData(CaseStatus.Dispatched, null, false)]
    [InlineData(CaseStatus.Resolved, "2026-03-10T00:00:00Z", false)]
    [InlineData(CaseStatus.Closed, "2026-03-10T00:00:00Z", false)]
    public void IsOverdueAt_DispatchedPastDeadline_OnlyThenOverdue(CaseStatus status, string? deadline, bool expected)
    {
        var now = Utc(3, 10, 8);
        DateTime? deadlineAt = deadline is null ? null : DateTime.Parse(deadline, null, System.Globalization.DateTimeStyles.AdjustToUniversal);

        Assert.Equal(expected, OverdueNow(status, deadlineAt, now));
    }

    [Fact]
    public void IsOverdueAt_Boundaries_StrictlyBeforeT()
    {
        var t = Utc(3, 10, 8);

        // Deadline exactly at T: not yet overdue; a minute before: overdue.
        Assert.False(Overdue.IsOverdueAt(t.AddHours(-5), t, null, null, DeadlineHold.None, t));
        Assert.True(Overdue.IsOverdueAt(t.AddHours(-5), t.AddMinutes(-1), null, null, DeadlineHold.None, t));
        // Dispatched exactly at T: not dispatched by T.
        Assert.False(Overdue.IsOverdueAt(t, t.AddHours(-1), null, null, DeadlineHold.None, t));
        // Resolved or closed exactly at T: still unresolved by T, so overdue.
        Assert.True(Overdue.IsOverdueAt(t.AddHours(-5), t.AddHours(-1), t, null, DeadlineHold.None, t));
        Assert.True(Overdue.IsOverdueAt(t.AddHours(-5), t.AddHours(-1), null, t, DeadlineHold.None, t));
        // Resolved or closed a minute before T: not overdue.
        Assert.False(Overdue.IsOverdueAt(t.AddHours(-5), t.AddHours(-1), t.AddMinutes(-1), null, DeadlineHold.None, t));
        Assert.False(Overdue.IsOverdueAt(t.AddHours(-5), t.AddHours(-1), null, t.AddMinutes(-1), DeadlineHold.None, t));
        // Never dispatched.
        Assert.False(Overdue.IsOverdueAt(null, t.AddHours(-1), null, null, DeadlineHold.None, t));
    }

    [Fact]
    public void IsClosedOnTime_ClosedExactlyAtTheDeadline_IsOnTime()
    {
        var deadline = Utc(3, 10, 8);

        Assert.True(Overdue.IsClosedOnTime(deadline, deadline));
        Assert.True(Overdue.IsClosedOnTime(deadline.AddMinutes(-1), deadline));
        Assert.False(Overdue.IsClosedOnTime(deadline.AddSeconds(1), deadline));
        Assert.False(Overdue.IsClosedOnTime(deadline, null));
        Assert.False(Overdue.IsClosedOnTime(null, deadline));
    }

    [Fact]
    public void DueNotClosed_IsDueMinusClosed()
    {
        var counts = IndicatorCounts.Zero with { Due = 130, Closed = 80, ClosedOnTime = 70 };

        Assert.Equal(50, Overdue.DueNotClosed(counts));
    }

    [Fact]
    public void IsResolvedLate_JudgesTheResolutionElseTheClosingElseT()
    {
        var t = Utc(3, 31, 16);
        var dispatched = Utc(3, 10, 0);
        var deadline = Utc(3, 12, 0);

        // Resolved after the deadline, closed later: late, and stays late.
        Assert.True(Overdue.IsResolvedLate(dispatched, deadline, deadline.AddHours(1), deadline.AddHours(2), t));
        // Resolved exactly at the deadline: not late, even when the 核查 closes it afterwards.
        Assert.False(Overdue.IsResolvedLate(dispatched, deadline, deadline, deadline.AddHours(2), t));
        // Closed without a resolution time (an imported history): the closing is judged.
        Assert.True(Overdue.IsResolvedLate(dispatched, deadline, null, deadline.AddMinutes(1), t));
        // Unresolved: judged at T; a deadline exactly at T is not yet passed.
        Assert.True(Overdue.IsResolvedLate(dispatched, deadline, null, null, t));
        Assert.False(Overdue.IsResolvedLate(dispatched, t, null, null, t));
        // Not dispatched by T: never late.
        Assert.False(Overdue.IsResolvedLate(null, deadline, null, null, t));
    }
}
