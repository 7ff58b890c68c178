using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Tests.Security;
using Dapper;

namespace CommandCenter.Tests.Features.Live;

/// <summary>
/// Deadlines in working time on the write path and in the live pipeline: the category's unit and the holiday calendar the
/// migration seeds decide the deadline; a deadline that passes with no event at all (Monday morning) changes the snapshot's
/// overdue figure at its moment; a calendar edit reaches the next dispatch without a restart.
/// </summary>
public sealed class WorkingTimeDeadlineTests
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");

    internal static DateTime Local(int year, int month, int day, int hour, int minute = 0) =>
        Shanghai.ToUtc(new DateTime(year, month, day, hour, minute, 0));

    private static NewCase Case(DateTime reportedAt, bool urgent) => new(null, CaseSource.Grid, TestDatabase.Ref.Category,
        TestDatabase.Ref.Grid, null, "井盖缺失", null, null, null, null, urgent, reportedAt);

    internal static void SetLimits(TestDatabase db, double hours, string unit, double urgentHours, string urgentUnit)
    {
        using var connection = db.Open();
        connection.Execute("""
            UPDATE categories SET time_limit_hours = @Hours, time_limit_unit = @Unit,
                urgent_time_limit_hours = @UrgentHours, urgent_time_limit_unit = @UrgentUnit WHERE id = @Id
            """, new { Hours = hours, Unit = unit, UrgentHours = urgentHours, UrgentUnit = urgentUnit, Id = TestDatabase.Ref.Category });
    }

    internal static async Task<CaseRow> DispatchAsync(CaseService cases, DateTime at, bool urgent)
    {
        var created = await cases.CreateAsync(Case(at.AddMinutes(-20), urgent), "test");
        await cases.ApplyAsync(created.Case.CaseNo, new CaseStepRequest($"r-{created.Case.CaseNo}", new CaseCommand(CaseStep.Register, at.AddMinutes(-10))), "test");
        var dispatched = await cases.ApplyAsync(created.Case.CaseNo, new CaseStepRequest($"d-{created.Case.CaseNo}",
            new CaseCommand(CaseStep.Dispatch, at, DepartmentId: TestDatabase.Ref.Department)), "test");
        Assert.Equal(StepOutcome.Applied, dispatched.Outcome);
        return dispatched.Case!;
    }

    [Theory]
    // The eve of National Day 2025 (the seeded calendar: 1–8 October off): 4 工作时 are due on 9 October at 12:00.
    [InlineData(true, "2025-10-09T04:00:00Z")]
    // The ordinary limit of the same category, 2 工作日 (15 working hours): 0.5 h on 30 September, 7.5 h on 9 October, 7 h
    // on 10 October up to 17:00.
    [InlineData(false, "2025-10-10T09:00:00Z")]
    public async Task Dispatch_OnTheEveOfTheHoliday_IsDueAfterTheLimitInWorkingTime(bool urgent, string due)
    {
        using var db = TestDatabase.CreateWithReference();
        SetLimits(db, 2, "workingDays", 4, "workingHours");
        var cases = new CaseService(db.Connections, new CommandCenter.Features.Reference.ReferenceCatalog(db.Connections),
            new FixedClock(new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero)), Shanghai);

        var dispatched = await DispatchAsync(cases, Local(2025, 9, 30, 17), urgent);

        var expected = DateTime.Parse(due, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.Equal(expected, dispatched.DeadlineAt);
        // The event the live fold reads records the same deadline.
        using var connection = db.Open();
        Assert.Equal(expected, EventData.Parse(connection.ExecuteScalar<string>("SELECT data FROM case_events WHERE type = 'dispatch'")).DeadlineAt);
    }

    [Fact]
    public async Task Tick_WorkingTimeDeadlinePassesOnMondayMorning_WithNoEvent_TheSnapshotTurnsOverdueThen()
    {
        using var db = TestDatabase.CreateWithReference();
        SetLimits(db, 48, "hours", 1, "workingHours");
        // Friday 27 November 2026, 17:00: half an hour that day, the weekend off, half an hour from 08:30 on Monday.
        var dispatchedAt = Local(2026, 11, 27, 17);
        var clock = new FixedClock(new DateTimeOffset(dispatchedAt.AddMinutes(1)));
        var live = new LiveTestPipeline(db.Connections, clock);
        var cases = new CaseService(db.Connections, live.Reference, clock, live.Calendar);
        var dispatched = await DispatchAsync(cases, dispatchedAt, urgent: true);
        Assert.Equal(Local(2026, 11, 30, 9), dispatched.DeadlineAt);
        await live.Tailer.TickAsync(CancellationToken.None);
        Assert.Equal(0, live.Notifier.Current!.Today.Overdue);

        // In calendar hours it would be overdue from Friday 18:00; in working time not all weekend.
        foreach (var at in new[] { Local(2026, 11, 27, 18, 30), Local(2026, 11, 28, 12), Local(2026, 11, 30, 8, 59) })
        {
            clock.Now = new DateTimeOffset(at);
            await live.Tailer.TickAsync(CancellationToken.None);
            Assert.Equal(0, live.Notifier.Current!.Today.Overdue);
        }

        clock.Now = new DateTimeOffset(Local(2026, 11, 30, 9, 1));
        await live.Tailer.TickAsync(CancellationToken.None);

        Assert.Equal(1, live.Notifier.Current!.Today.Overdue);
    }

    [Fact]
    public async Task CalendarEdit_OnAnotherNode_MovesTheNextDispatchsDeadline_AfterThePoll_WithoutARestart()
    {
        using var db = TestDatabase.CreateWithReference();
        SetLimits(db, 48, "hours", 4, "workingHours");
        using var node = new SecurityNode(db.Connections);
        await node.Changes.ApplyNewAsync();
        var cases = new CaseService(db.Connections, node.Reference, new FixedClock(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)), Shanghai);
        // Thursday 3 December 2026, 16:00: 1.5 h that day, 2.5 h on Friday morning.
        var first = await DispatchAsync(cases, Local(2026, 12, 3, 16), urgent: true);
        Assert.Equal(Local(2026, 12, 4, 11), first.DeadlineAt);

        // Another node (or plain SQL) declares Friday 4 December a day off.
        using (var connection = db.Open())
            connection.Execute("INSERT INTO work_calendar (day, name, is_off_day) VALUES ('2026-12-04', '临时休息日', 1)");
        await node.Changes.ApplyNewAsync();
        var second = await DispatchAsync(cases, Local(2026, 12, 3, 16), urgent: true);

        Assert.Equal(Local(2026, 12, 7, 11), second.DeadlineAt);
        Assert.Equal(Local(2026, 12, 4, 11), (await cases.FindAsync(first.CaseNo))!.DeadlineAt);
    }
}
