using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Tests.Domain;

namespace CommandCenter.Tests.Features.Cases;

/// <summary>
/// The case page's deadline line (<see cref="CaseDeadlineState"/>) follows the definitions of Domain/ at their boundaries, and
/// counts the time left or how late in working time (08:30–12:00, 13:30–17:30 in Shanghai).
/// </summary>
public sealed class CaseDeadlineStateTests
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");
    private static readonly WorkingTime Working = new(Shanghai, WorkingTimeTests.NationalDay2025);

    /// <summary>Tuesday 10 March 2026, 10:00 in Shanghai.</summary>
    private static readonly DateTime Now = new(2026, 3, 10, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Dispatched = Now.AddHours(-10);

    [Theory]
    [InlineData(-90, DeadlineStanding.Overdue, 90)]
    [InlineData(0, DeadlineStanding.SoonDue, 0)]     // deadline exactly now: not yet overdue
    [InlineData(59, DeadlineStanding.SoonDue, 59)]
    [InlineData(60, DeadlineStanding.TimeLeft, 60)]  // a working hour left: no longer 即将超期
    [InlineData(150, DeadlineStanding.TimeLeft, 120)] // 12:30: the lunch break does not count
    [InlineData(600, DeadlineStanding.TimeLeft, 360)] // 20:00: the rest of the working day, 2 h + 4 h
    public void Of_OpenCase_StandingAndWorkingMinutes(int deadlineMinutes, DeadlineStanding standing, int spanMinutes)
    {
        var state = CaseDeadlineState.Of(Dispatched, Now.AddMinutes(deadlineMinutes), null, null, Now, Working);

        Assert.Equal(new CaseDeadlineState(standing, TimeSpan.FromMinutes(spanMinutes)), state);
    }

    [Theory]
    // The eve of National Day 2025: a deadline on 9 October at 09:00 has one working hour left at 17:00 on 30 September.
    [InlineData("2025-09-30T09:00:00Z", DeadlineStanding.TimeLeft, 60)]
    [InlineData("2025-09-30T09:10:00Z", DeadlineStanding.SoonDue, 50)]
    [InlineData("2025-10-05T04:00:00Z", DeadlineStanding.SoonDue, 30)]
    // 9 October 10:00: an hour late.
    [InlineData("2025-10-09T02:00:00Z", DeadlineStanding.Overdue, 60)]
    public void Of_AroundNationalDay_CountsOnlyWorkingTime(string now, DeadlineStanding standing, int spanMinutes)
    {
        var deadline = new DateTime(2025, 10, 9, 1, 0, 0, DateTimeKind.Utc);
        var at = DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal);

        Assert.Equal(new CaseDeadlineState(standing, TimeSpan.FromMinutes(spanMinutes)),
            CaseDeadlineState.Of(deadline.AddDays(-10), deadline, null, null, at, Working));
    }

    [Fact]
    public void Of_Closed_OnTimeAtTheDeadlineAndLateAfterItInWorkingTime()
    {
        var deadline = Now.AddHours(-1);

        Assert.Equal(DeadlineStanding.ClosedOnTime, CaseDeadlineState.Of(Dispatched, deadline, deadline, deadline, Now, Working).Standing);
        Assert.Equal(new CaseDeadlineState(DeadlineStanding.ClosedLate, TimeSpan.FromMinutes(30)),
            CaseDeadlineState.Of(Dispatched, deadline, deadline, deadline.AddMinutes(30), Now, Working));
        // Due at 11:45, closed at 13:45: two hours later, a quarter of an hour before lunch and a quarter after it.
        var beforeLunch = Now.AddMinutes(105);
        Assert.Equal(new CaseDeadlineState(DeadlineStanding.ClosedLate, TimeSpan.FromMinutes(30)),
            CaseDeadlineState.Of(Dispatched, beforeLunch, beforeLunch, beforeLunch.AddHours(2), Now.AddHours(6), Working));
    }

    [Fact]
    public void Of_NotDispatched_HasNoDeadline() =>
        Assert.Equal(DeadlineStanding.NoDeadline, CaseDeadlineState.Of(null, null, null, null, Now, Working).Standing);
}
