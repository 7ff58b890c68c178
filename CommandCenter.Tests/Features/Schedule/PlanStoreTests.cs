using CommandCenter.Domain;
using CommandCenter.Features.Schedule;
using CommandCenter.Security;
using static CommandCenter.Tests.Features.RoadResponsibility.RoadResponsibilityTestData;

namespace CommandCenter.Tests.Features.Schedule;

public sealed class PlanStoreTests : IDisposable
{
    /// 2026-W48, the week the plan is for.
    private static readonly Period Week = Period.Week(new DateOnly(2026, 11, 23));
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _db = TestDatabase.CreateWithReference();
    private readonly PatrolPlanStore _plans;
    private readonly DutyRosterStore _roster;

    public PlanStoreTests()
    {
        InsertLeadersAndRoads(_db);
        var audit = new AuditLog(_db.Connections, new FixedClock(Now));
        _plans = new PatrolPlanStore(_db.Connections, audit, new FixedClock(Now));
        _roster = new DutyRosterStore(_db.Connections, audit, new FixedClock(Now));
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Week_NoPlansYet_ListsLeadersWhoseCampaignCoversTheWeekAtVersionZero()
    {
        var rows = await _plans.WeekAsync(Week);

        Assert.Equal([MainLeader, Leader], rows.Select(r => r.LeaderId));
        Assert.All(rows, r => Assert.Equal((0, 0), (r.Version, r.PlannedDays)));
        Assert.Equal(3, rows[0].RequiredPerWeek);
    }

    [Fact]
    public async Task Save_NewThenChanged_StoresTheDaysBumpsTheVersionAndAudits()
    {
        var saved = await _plans.SaveAsync(ScheduleTestUsers.Scheduler("调度员"), Week, [new PatrolPlanEdit(MainLeader, 0b10101, "周三陪同检查", 0)]);
        var first = (await _plans.WeekAsync(Week))[0];
        var again = await _plans.SaveAsync(ScheduleTestUsers.Scheduler("调度员"), Week, [new PatrolPlanEdit(MainLeader, 0b111, null, first.Version)]);
        var second = (await _plans.WeekAsync(Week))[0];

        Assert.Equal(ScheduleSaveOutcome.Saved, saved.Outcome);
        Assert.Equal((0b10101, "周三陪同检查", 1, "调度员"), (first.PlannedDays, first.Note, first.Version, first.UpdatedBy));
        Assert.Equal(Now.UtcDateTime, first.UpdatedAt);
        Assert.Equal(ScheduleSaveOutcome.Saved, again.Outcome);
        Assert.Equal((0b111, (string?)null, 2), (second.PlannedDays, second.Note, second.Version));
        Assert.Equal(2, _db.Count("audit_log", "action = @A AND actor = @B AND target = @T",
            new { A = ScheduleAuditActions.PlanSaved, B = "调度员", T = "week:2026-W48" }));
    }

    [Fact]
    public async Task Save_SecondEditorWithAStaleVersion_GetsAConflictAndNothingOfTheirsIsWritten()
    {
        await _plans.SaveAsync(ScheduleTestUsers.Scheduler(), Week, [new PatrolPlanEdit(MainLeader, 0b1, null, 0)]);
        var read = await _plans.WeekAsync(Week); // both editors read version 1 of the main leader's plan
        await _plans.SaveAsync(ScheduleTestUsers.Admin("first"), Week, [new PatrolPlanEdit(MainLeader, 0b11, null, read[0].Version)]);

        // The second editor changed both rows; the main leader's row is stale, the other is new.
        var result = await _plans.SaveAsync(ScheduleTestUsers.Scheduler("second"), Week,
            [new PatrolPlanEdit(MainLeader, 0b1111111, null, read[0].Version), new PatrolPlanEdit(Leader, 0b100, null, read[1].Version)]);

        Assert.Equal(ScheduleSaveOutcome.Conflict, result.Outcome);
        Assert.Equal(["1"], result.ConflictKeys);
        var now = await _plans.WeekAsync(Week);
        Assert.Equal((0b11, 2, "first"), (now[0].PlannedDays, now[0].Version, now[0].UpdatedBy));
        Assert.Equal(0, now[1].Version); // the other row was rolled back with it
        Assert.Equal(0, _db.Count("audit_log", "actor = 'second'"));
    }

    [Fact]
    public async Task Save_TwoEditorsCreatingTheSamePlan_SecondGetsAConflict()
    {
        await _plans.SaveAsync(ScheduleTestUsers.Scheduler("first"), Week, [new PatrolPlanEdit(Leader, 0b1, null, 0)]);

        var result = await _plans.SaveAsync(ScheduleTestUsers.Scheduler("second"), Week, [new PatrolPlanEdit(Leader, 0b10, null, 0)]);

        Assert.Equal(ScheduleSaveOutcome.Conflict, result.Outcome);
        Assert.Equal(0b1, (await _plans.WeekAsync(Week))[1].PlannedDays);
    }

    [Fact]
    public async Task Save_EightEditorsAtOnceOnANewPlan_ExactlyOneWinsTheOthersGetConflicts()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            _plans.SaveAsync(ScheduleTestUsers.Scheduler($"editor{i}"), Week, [new PatrolPlanEdit(MainLeader, 1 << (i % 7), null, 0)]))));

        Assert.Single(results, r => r.Outcome == ScheduleSaveOutcome.Saved);
        Assert.Equal(7, results.Count(r => r.Outcome == ScheduleSaveOutcome.Conflict));
        Assert.Equal(1, _db.Count("patrol_plans"));
        Assert.Equal(1, _db.Count("audit_log"));
    }

    [Fact]
    public async Task Save_LeaderEditingSomeoneElsesPlan_IsForbiddenAndWritesNothing()
    {
        var own = await _plans.SaveAsync(ScheduleTestUsers.LeaderOf(Leader), Week, [new PatrolPlanEdit(Leader, 0b1, null, 0)]);
        var other = await _plans.SaveAsync(ScheduleTestUsers.LeaderOf(Leader), Week,
            [new PatrolPlanEdit(MainLeader, 0b1, null, 0)]);
        var staff = await _plans.SaveAsync(ScheduleTestUsers.Staff(), Week, [new PatrolPlanEdit(Leader, 0b11, null, 1)]);

        Assert.Equal(ScheduleSaveOutcome.Saved, own.Outcome);
        Assert.Equal(ScheduleSaveOutcome.Forbidden, other.Outcome);
        Assert.Equal(ScheduleSaveOutcome.Forbidden, staff.Outcome);
        Assert.Equal(1, _db.Count("patrol_plans"));
    }

    [Theory]
    [InlineData(128)]
    [InlineData(-1)]
    public async Task Save_DaysOutsideTheWeek_IsInvalid(int days)
    {
        var result = await _plans.SaveAsync(ScheduleTestUsers.Scheduler(), Week, [new PatrolPlanEdit(Leader, days, null, 0)]);

        Assert.Equal(ScheduleSaveOutcome.Invalid, result.Outcome);
        Assert.Equal(0, _db.Count("patrol_plans"));
    }

    [Fact]
    public async Task Save_UnknownLeader_IsInvalid()
    {
        var result = await _plans.SaveAsync(ScheduleTestUsers.Scheduler(), Week, [new PatrolPlanEdit(42, 0b1, null, 0)]);

        Assert.Equal(["Schedule.Error.UnknownLeader"], result.Errors);
    }

    [Fact]
    public async Task Week_AfterALastWeekPlan_OffersItsDaysToCopy()
    {
        await _plans.SaveAsync(ScheduleTestUsers.Scheduler(), Week.Previous(), [new PatrolPlanEdit(MainLeader, 0b1010100, null, 0)]);

        var rows = await _plans.WeekAsync(Week);

        Assert.Equal(0b1010100, rows[0].PreviousPlannedDays);
        Assert.Equal(0, rows[0].PlannedDays);
    }

    [Fact]
    public async Task Roster_SaveThenStaleSave_ConflictsOnThatDayAndKeepsTheFirst()
    {
        var week = await _roster.WeekAsync(Week);
        var first = await _roster.SaveAsync(ScheduleTestUsers.Scheduler("first"), Week,
            [new DutyRosterEdit(Week.Start, MainLeader, week[0].Version), new DutyRosterEdit(Week.Start.AddDays(1), Leader, week[1].Version)]);

        var second = await _roster.SaveAsync(ScheduleTestUsers.Scheduler("second"), Week,
            [new DutyRosterEdit(Week.Start, Leader, week[0].Version)]);

        Assert.Equal(ScheduleSaveOutcome.Saved, first.Outcome);
        Assert.Equal(ScheduleSaveOutcome.Conflict, second.Outcome);
        Assert.Equal(["2026-11-23"], second.ConflictKeys);
        var now = await _roster.WeekAsync(Week);
        Assert.Equal(7, now.Count);
        Assert.Equal(("张局长", 1, "first"), (now[0].LeaderName, now[0].Version, now[0].UpdatedBy));
        Assert.Equal("李副局长", now[1].LeaderName);
        Assert.Null(now[2].LeaderId);
    }

    [Fact]
    public async Task Roster_ClearADay_DeletesItsRow()
    {
        await _roster.SaveAsync(ScheduleTestUsers.Scheduler(), Week, [new DutyRosterEdit(Week.Start, MainLeader, 0)]);

        var result = await _roster.SaveAsync(ScheduleTestUsers.Scheduler(), Week, [new DutyRosterEdit(Week.Start, null, 1)]);

        Assert.Equal(ScheduleSaveOutcome.Saved, result.Outcome);
        Assert.Equal(0, _db.Count("duty_roster"));
    }

    [Fact]
    public async Task Roster_LeaderAccount_IsForbidden()
    {
        var result = await _roster.SaveAsync(ScheduleTestUsers.LeaderOf(MainLeader), Week, [new DutyRosterEdit(Week.Start, MainLeader, 0)]);

        Assert.Equal(ScheduleSaveOutcome.Forbidden, result.Outcome);
        Assert.Equal(0, _db.Count("duty_roster"));
    }

    [Fact]
    public async Task Roster_SameDayTwiceOrOutsideTheWeek_IsInvalidAndWritesNothing()
    {
        var twice = await _roster.SaveAsync(ScheduleTestUsers.Scheduler(), Week,
            [new DutyRosterEdit(Week.Start, MainLeader, 0), new DutyRosterEdit(Week.Start, Leader, 0)]);
        var outside = await _roster.SaveAsync(ScheduleTestUsers.Scheduler(), Week, [new DutyRosterEdit(Week.End, MainLeader, 0)]);

        Assert.Equal(["Schedule.Rule.DayListedTwice"], twice.Errors);
        Assert.Equal(["Schedule.Rule.DayOutsideWeek"], outside.Errors);
        Assert.Equal(0, _db.Count("duty_roster"));
    }
}
