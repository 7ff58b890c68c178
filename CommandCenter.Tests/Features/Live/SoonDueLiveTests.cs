using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Live;
using CommandCenter.Features.Reference;
using CommandCenter.Tests.Security;
using static CommandCenter.Tests.Features.Live.WorkingTimeDeadlineTests;

namespace CommandCenter.Tests.Features.Live;

/// <summary>
/// The live 即将超期 and 超期未处置 with a fake clock and no event at all: the tailer re-projects at the instant a case enters
/// 即将超期 (one working hour before its deadline) and at the instant its deadline passes, not only on its clock interval; a
/// calendar edit on /admin/reference reaches the live figures without a restart.
/// </summary>
public sealed class SoonDueLiveTests
{
    /// <summary>Nothing but the deadline boundaries re-projects: no clock re-evaluation, no scheduled or midnight rebuild.</summary>
    private static readonly LiveFeedOptions BoundariesOnly = new()
    {
        ClockInterval = TimeSpan.FromDays(30), RebuildInterval = TimeSpan.Zero, RebuildAtMidnight = false,
    };

    [Fact]
    public async Task Tick_CaseEntersSoonDueAndThenOverdue_AtTheirInstants_WithNoEvent()
    {
        using var db = TestDatabase.CreateWithReference();
        SetLimits(db, 48, "hours", 2, "workingHours");
        // Friday 27 November 2026, 16:00: 1.5 working hours that day, 0.5 on Monday morning; due Monday 09:00.
        var dispatchedAt = Local(2026, 11, 27, 16);
        var clock = new FixedClock(new DateTimeOffset(dispatchedAt.AddMinutes(1)));
        var live = new LiveTestPipeline(db.Connections, clock, BoundariesOnly);
        var cases = new CaseService(db.Connections, live.Reference, clock, live.Calendar);
        Assert.Equal(Local(2026, 11, 30, 9), (await DispatchAsync(cases, dispatchedAt, urgent: true)).DeadlineAt);
        await live.Tailer.TickAsync(CancellationToken.None);

        var oneMs = TimeSpan.FromMilliseconds(1);
        var expected = new (DateTime At, long SoonDue, long Overdue)[]
        {
            (Local(2026, 11, 27, 16, 59), 0, 0),
            // Exactly one working hour left (17:00–17:30 and 08:30–09:00): not yet.
            (Local(2026, 11, 27, 17), 0, 0),
            (Local(2026, 11, 27, 17) + oneMs, 1, 0),
            (Local(2026, 11, 28, 12), 1, 0),
            (Local(2026, 11, 30, 9), 1, 0),
            (Local(2026, 11, 30, 9) + oneMs, 0, 1),
        };
        foreach (var (at, soonDue, overdue) in expected)
        {
            clock.Now = new DateTimeOffset(at);
            await live.Tailer.TickAsync(CancellationToken.None);

            var today = live.Notifier.Current!.Today;
            Assert.True((soonDue, overdue) == (today.SoonDue, today.Overdue),
                $"at {at:O}: soon due {today.SoonDue}, overdue {today.Overdue}; expected {soonDue}, {overdue}");
        }
    }

    [Fact]
    public async Task CalendarEdit_OnTheAdminPage_ReachesTheLiveSoonDue_WithoutARestart()
    {
        using var db = TestDatabase.CreateWithReference();
        SetLimits(db, 48, "hours", 4, "workingHours");
        using var node = new SecurityNode(db.Connections);
        await node.Changes.ApplyNewAsync();
        // Thursday 3 December 2026, 16:00: 1.5 h that day, 2.5 h on Friday morning; due Friday 11:00.
        var clock = new FixedClock(new DateTimeOffset(Local(2026, 12, 3, 16, 1)));
        var live = new LiveTestPipeline(db.Connections, clock, BoundariesOnly, node.Reference);
        var cases = new CaseService(db.Connections, node.Reference, clock, live.Calendar);
        Assert.Equal(Local(2026, 12, 4, 11), (await DispatchAsync(cases, Local(2026, 12, 3, 16), urgent: true)).DeadlineAt);
        clock.Now = new DateTimeOffset(Local(2026, 12, 3, 17, 10));
        await live.Tailer.TickAsync(CancellationToken.None);
        Assert.Equal(0, live.Notifier.Current!.Today.SoonDue);

        // Friday becomes a day off: the deadline stays, and only the 20 minutes left on Thursday are working time.
        await new WorkCalendarStore(db.Connections, node.Changes).SaveDayAsync(new CalendarDay(new DateOnly(2026, 12, 4), "临时休息日", IsOffDay: true));
        await live.Tailer.TickAsync(CancellationToken.None);

        Assert.Equal(1, live.Notifier.Current!.Today.SoonDue);
    }
}
