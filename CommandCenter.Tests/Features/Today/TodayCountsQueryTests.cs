using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using CommandCenter.Features.Today;

namespace CommandCenter.Tests.Features.Today;

public class TodayCountsQueryTests
{
    // 2026-11-22 10:00 in Shanghai; the business day runs from 2026-11-21T16:00Z to 2026-11-22T16:00Z.
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Get_CasesAroundLocalMidnight_CountsOnlyTodaysBusinessDay()
    {
        using var db = TestDatabase.CreateWithReference();
        var clock = new FixedClock(Now);
        var calendar = BusinessCalendar.For("Asia/Shanghai");
        var cases = new CaseService(db.Connections, new ReferenceCatalog(db.Connections), clock, calendar);
        async Task<CaseRow> Report(DateTime at, bool urgent = false) =>
            (await cases.CreateAsync(new NewCase(null, CaseSource.Hotline, TestDatabase.Ref.Category, TestDatabase.Ref.Grid, null,
                "井盖缺失", null, null, null, null, urgent, at), "test")).Case;
        async Task Step(CaseRow c, CaseCommand command) =>
            Assert.Equal(StepOutcome.Applied, (await cases.ApplyAsync(c.CaseNo, new CaseStepRequest(Guid.NewGuid().ToString(), command), "test")).Outcome);

        // Yesterday 23:30 local: reported yesterday, registered and dispatched today (00:10 local), overdue by now (urgent, 4 h).
        var lateYesterday = await Report(new DateTime(2026, 11, 21, 15, 30, 0, DateTimeKind.Utc), urgent: true);
        await Step(lateYesterday, new CaseCommand(CaseStep.Register, new DateTime(2026, 11, 21, 16, 5, 0, DateTimeKind.Utc)));
        await Step(lateYesterday, new CaseCommand(CaseStep.Dispatch, new DateTime(2026, 11, 21, 16, 10, 0, DateTimeKind.Utc), DepartmentId: TestDatabase.Ref.Department));
        // Today 08:00 local: reported, registered, dispatched, resolved, closed today.
        var today = await Report(new DateTime(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc));
        await Step(today, new CaseCommand(CaseStep.Register, new DateTime(2026, 11, 22, 0, 10, 0, DateTimeKind.Utc)));
        await Step(today, new CaseCommand(CaseStep.Dispatch, new DateTime(2026, 11, 22, 0, 20, 0, DateTimeKind.Utc), DepartmentId: TestDatabase.Ref.Department));
        await Step(today, new CaseCommand(CaseStep.Resolve, new DateTime(2026, 11, 22, 1, 0, 0, DateTimeKind.Utc), Method: ResolutionMethod.Service));
        await Step(today, new CaseCommand(CaseStep.Verify, new DateTime(2026, 11, 22, 1, 30, 0, DateTimeKind.Utc), Passed: true));
        // Today 09:00 local: reported only, urgent.
        await Report(new DateTime(2026, 11, 22, 1, 0, 0, DateTimeKind.Utc), urgent: true);
        // Yesterday 23:59 local: not today.
        await Report(new DateTime(2026, 11, 21, 15, 59, 0, DateTimeKind.Utc));

        var counts = await new TodayCountsQuery(db.Connections, calendar, clock).GetAsync();

        Assert.Equal(2, counts.Reported);
        Assert.Equal(2, counts.Registered);
        Assert.Equal(2, counts.Dispatched);
        Assert.Equal(1, counts.Resolved);
        Assert.Equal(1, counts.Closed);
        Assert.Equal(1, counts.InProgress);
        Assert.Equal(1, counts.Overdue);
        Assert.Equal(2, counts.UrgentOpen);
    }

    [Fact]
    public async Task Get_EmptyDatabase_AllZero()
    {
        using var db = TestDatabase.CreateMigrated();

        var counts = await new TodayCountsQuery(db.Connections, BusinessCalendar.For("Asia/Shanghai"), new FixedClock(Now)).GetAsync();

        Assert.Equal(new TodayCounts(0, 0, 0, 0, 0, 0, 0, 0, Now.UtcDateTime), counts);
    }
}
