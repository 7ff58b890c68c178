using CommandCenter.Features.Cases;

namespace CommandCenter.Tests.Features.Cases;

/// <summary>The case page's deadline line (<see cref="CaseDeadlineState"/>) follows the definitions of Domain/ at their boundaries.</summary>
public sealed class CaseDeadlineStateTests
{
    private static readonly DateTime Now = new(2026, 3, 10, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Dispatched = Now.AddHours(-10);

    [Theory]
    [InlineData(-90, DeadlineStanding.Overdue, 90)]
    [InlineData(0, DeadlineStanding.SoonDue, 0)]     // deadline exactly now: not yet overdue
    [InlineData(59, DeadlineStanding.SoonDue, 59)]
    [InlineData(60, DeadlineStanding.TimeLeft, 60)]  // an hour left: no longer 即将超期
    [InlineData(600, DeadlineStanding.TimeLeft, 600)]
    public void Of_OpenCase_StandingAndMinutes(int deadlineMinutes, DeadlineStanding standing, int spanMinutes)
    {
        var state = CaseDeadlineState.Of(Dispatched, Now.AddMinutes(deadlineMinutes), null, null, Now);

        Assert.Equal(new CaseDeadlineState(standing, TimeSpan.FromMinutes(spanMinutes)), state);
    }

    [Fact]
    public void Of_Closed_OnTimeAtTheDeadlineAndLateAfterIt()
    {
        var deadline = Now.AddHours(-3);

        Assert.Equal(DeadlineStanding.ClosedOnTime, CaseDeadlineState.Of(Dispatched, deadline, deadline, deadline, Now).Standing);
        Assert.Equal(new CaseDeadlineState(DeadlineStanding.ClosedLate, TimeSpan.FromMinutes(30)),
            CaseDeadlineState.Of(Dispatched, deadline, deadline, deadline.AddMinutes(30), Now));
    }

    [Fact]
    public void Of_NotDispatched_HasNoDeadline() =>
        Assert.Equal(DeadlineStanding.NoDeadline, CaseDeadlineState.Of(null, null, null, null, Now).Standing);
}
