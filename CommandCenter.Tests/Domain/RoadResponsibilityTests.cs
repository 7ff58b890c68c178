using CommandCenter.Domain;

namespace CommandCenter.Tests.Domain;

public class RoadResponsibilityTests
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");
    /// 2026-W47: Monday 2026-11-16 to Sunday 2026-11-22 in Shanghai = [2026-11-15T16:00Z, 2026-11-22T16:00Z).
    private static readonly Period Week47 = Period.Week(new DateOnly(2026, 11, 18));
    private static readonly UtcRange Week47Utc = Shanghai.ToUtc(Week47);
    /// Friday 2026-11-20 18:00 in Shanghai.
    private static readonly DateTime Friday = Utc(11, 20, 10);

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static RoadCaseFacts Case(DateTime reported, DateTime? rejected = null, DateTime? dispatched = null, DateTime? deadline = null,
        DateTime? resolved = null, DateTime? closed = null) => new(reported, rejected, dispatched, deadline, resolved, closed);

    [Fact]
    public void Fold_RejectedCase_IsNotAProblem()
    {
        var cases = new[] { Case(Utc(11, 17, 1), rejected: Utc(11, 17, 2)) };

        Assert.Equal(RoadProblemCounts.Zero, RoadResponsibility.Fold(cases, Week47Utc, Friday));
    }

    [Fact]
    public void Fold_RejectedOnlyAfterT_CountsAsFoundAndOpen()
    {
        var cases = new[] { Case(Utc(11, 17, 1), rejected: Utc(11, 21, 2)) };

        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), RoadResponsibility.Fold(cases, Week47Utc, Friday));
    }

    [Fact]
    public void Fold_ReworkedCase_IsOpenAgainAndOverdueOnceItsDeadlinePasses()
    {
        // Resolved on Tuesday, failed verification on Wednesday (resolved_at cleared, back to dispatched), deadline Thursday.
        var reworked = Case(Utc(11, 16, 1), dispatched: Utc(11, 16, 2), deadline: Utc(11, 19, 2));

        Assert.Equal(new RoadProblemCounts(1, 0, 1, 1), RoadResponsibility.Fold([reworked], Week47Utc, Friday));
        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), RoadResponsibility.Fold([reworked], Week47Utc, Utc(11, 18, 0)));
    }

    [Fact]
    public void Fold_OverdueOnlyWhenOpenAndDispatched()
    {
        var cases = new[]
        {
            // Open, dispatched, deadline passed: overdue.
            Case(Utc(11, 16, 1), dispatched: Utc(11, 16, 2), deadline: Utc(11, 17, 2)),
            // Past its deadline but resolved: resolved, not overdue.
            Case(Utc(11, 16, 3), dispatched: Utc(11, 16, 4), deadline: Utc(11, 17, 4), resolved: Utc(11, 18, 0)),
            // Closed: not overdue.
            Case(Utc(11, 16, 5), dispatched: Utc(11, 16, 6), deadline: Utc(11, 17, 6), resolved: Utc(11, 17, 0), closed: Utc(11, 17, 1)),
            // Not dispatched (reported only): open, never overdue.
            Case(Utc(11, 16, 7)),
            // Dispatched, deadline still ahead: open, not overdue.
            Case(Utc(11, 19, 1), dispatched: Utc(11, 19, 2), deadline: Utc(11, 21, 2)),
        };

        Assert.Equal(new RoadProblemCounts(5, 2, 3, 1), RoadResponsibility.Fold(cases, Week47Utc, Friday));
    }

    [Fact]
    public void Fold_ReportedOutsideThePeriodOrAfterT_IsNotFound()
    {
        var cases = new[]
        {
            Case(Week47Utc.FromUtc.AddMinutes(-1)),
            Case(Week47Utc.FromUtc),
            Case(Friday),
            Case(Friday.AddMinutes(-1)),
        };

        Assert.Equal(new RoadProblemCounts(2, 0, 2, 0), RoadResponsibility.Fold(cases, Week47Utc, Friday));
    }

    [Fact]
    public void Fold_ResolvedAfterT_IsStillOpen()
    {
        var cases = new[] { Case(Utc(11, 16, 1), dispatched: Utc(11, 16, 2), deadline: Utc(11, 19, 0), resolved: Utc(11, 21, 0)) };

        Assert.Equal(new RoadProblemCounts(1, 0, 1, 1), RoadResponsibility.Fold(cases, Week47Utc, Friday));
    }

    [Fact]
    public void StatusOf_OverdueProblem_IsRedWhateverThePatrols()
    {
        Assert.Equal(new RoadStatus(RoadStatusColour.Red, RoadStatusReason.ProblemsOverdue), RoadResponsibility.StatusOf(5, 3, 1, 3));
    }

    [Fact]
    public void StatusOf_FinishedWeekWithAPatrolMissing_IsRedPatrolsMissed()
    {
        var daysLeft = RoadResponsibility.DaysLeft(Week47.Start, Week47.End, new DateOnly(2026, 11, 23));

        Assert.Equal(new RoadStatus(RoadStatusColour.Red, RoadStatusReason.PatrolsMissed), RoadResponsibility.StatusOf(2, 3, 0, daysLeft));
    }

    [Fact]
    public void StatusOf_SundayWithOnePatrolMissing_IsAmber()
    {
        var daysLeft = RoadResponsibility.DaysLeft(Week47.Start, Week47.End, new DateOnly(2026, 11, 22));

        Assert.Equal(1, daysLeft);
        Assert.Equal(new RoadStatus(RoadStatusColour.Amber, RoadStatusReason.PatrolsBehind), RoadResponsibility.StatusOf(2, 3, 0, daysLeft));
    }

    [Fact]
    public void StatusOf_SundayWithTwoPatrolsMissing_IsRedPatrolsMissed()
    {
        Assert.Equal(new RoadStatus(RoadStatusColour.Red, RoadStatusReason.PatrolsMissed), RoadResponsibility.StatusOf(1, 3, 0, 1));
    }

    [Fact]
    public void StatusOf_RequirementMetAndNothingOverdue_IsGreen()
    {
        Assert.Equal(new RoadStatus(RoadStatusColour.Green, RoadStatusReason.OnTrack), RoadResponsibility.StatusOf(4, 3, 0, 0));
        Assert.Equal(new RoadStatus(RoadStatusColour.Green, RoadStatusReason.OnTrack), RoadResponsibility.StatusOf(0, 0, 0, 0));
    }

    [Theory]
    [InlineData("2026-11-15", 7)] // Sunday before the week
    [InlineData("2026-11-16", 7)] // Monday
    [InlineData("2026-11-20", 3)] // Friday: Fri, Sat, Sun
    [InlineData("2026-11-22", 1)] // Sunday
    [InlineData("2026-11-23", 0)] // next Monday
    [InlineData("2026-12-31", 0)]
    public void DaysLeftInWeek_Today_CountsTodayAndTheRest(string today, int expected)
    {
        Assert.Equal(expected, RoadResponsibility.DaysLeft(Week47.Start, Week47.End, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
