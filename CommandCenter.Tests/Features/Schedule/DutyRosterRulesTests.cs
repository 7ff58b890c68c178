using CommandCenter.Domain;
using CommandCenter.Features.Schedule;

namespace CommandCenter.Tests.Features.Schedule;

public class DutyRosterRulesTests
{
    /// 2026-W48: Monday 2026-11-23 … Sunday 2026-11-29.
    private static readonly Period Week = Period.Week(new DateOnly(2026, 11, 23));
    private static readonly RosterLeader[] Leaders = [new(1, "张局长", 3), new(2, "李副局长", 1), new(3, "王主任", 1)];
    /// Everyone plans enough: 张 Mon Wed Fri, 李 Tue, 王 Thu.
    private static readonly Dictionary<long, int> EnoughPlanned = new() { [1] = 0b10101, [2] = 0b10, [3] = 0b1000 };

    private static DateOnly Day(int offset) => Week.Start.AddDays(offset);

    /// A full week rotating 1, 2, 3, 1, 2, 3, 1: no two days running.
    private static List<DutyDay> Rotation() => Enumerable.Range(0, 7).Select(d => new DutyDay(Day(d), d % 3 + 1)).ToList();

    [Fact]
    public void Check_FullRotationAndEnoughPlanned_HasNoIssue()
    {
        Assert.Empty(DutyRosterRules.Check(Week, Rotation(), Leaders, EnoughPlanned));
    }

    [Fact]
    public void Check_SameDayTwice_IsAnErrorOneLeaderPerDay()
    {
        var roster = Rotation();
        roster.Add(new DutyDay(Day(2), 1));

        var issue = Assert.Single(DutyRosterRules.Check(Week, roster, Leaders, EnoughPlanned));

        Assert.Equal(new RosterIssue(RosterIssueKind.DayListedTwice, Day(2), 1), issue);
        Assert.True(issue.IsError);
    }

    [Fact]
    public void Check_SameLeaderTwoDaysRunning_IsAWarning()
    {
        var roster = Rotation();
        roster[3] = new DutyDay(Day(3), 2); // Thursday and Friday both 李副局长
        roster[4] = new DutyDay(Day(4), 2);

        var issue = Assert.Single(DutyRosterRules.Check(Week, roster, Leaders, EnoughPlanned));

        Assert.Equal(new RosterIssue(RosterIssueKind.ConsecutiveDuty, Day(4), 2), issue);
        Assert.False(issue.IsError);
    }

    [Fact]
    public void Check_SundayBeforeAndMondaySameLeader_IsAWarningOnMonday()
    {
        var issue = Assert.Single(DutyRosterRules.Check(Week, Rotation(), Leaders, EnoughPlanned, onDutyDayBefore: 1));

        Assert.Equal(new RosterIssue(RosterIssueKind.ConsecutiveDuty, Day(0), 1), issue);
        Assert.Empty(DutyRosterRules.Check(Week, Rotation(), Leaders, EnoughPlanned, onDutyDayBefore: 2));
    }

    [Fact]
    public void Check_DayWithNobody_IsAWarningForThatDay()
    {
        var roster = Rotation();
        roster[6] = new DutyDay(Day(6), null);

        var issue = Assert.Single(DutyRosterRules.Check(Week, roster, Leaders, EnoughPlanned));

        Assert.Equal(new RosterIssue(RosterIssueKind.NoLeaderOnDay, Day(6)), issue);
    }

    [Fact]
    public void Check_PlannedDaysBelowRequirement_WarnsForThatLeaderOnly()
    {
        var planned = new Dictionary<long, int>(EnoughPlanned) { [1] = 0b11 }; // 2 days, 3 required

        var issue = Assert.Single(DutyRosterRules.Check(Week, Rotation(), Leaders, planned));

        Assert.Equal(new RosterIssue(RosterIssueKind.PlanBelowRequirement, null, 1), issue);
        Assert.False(issue.IsError);
    }

    [Fact]
    public void Check_LeaderWithoutAnyPlan_WarnsBelowRequirement()
    {
        var planned = new Dictionary<long, int> { [1] = 0b10101, [2] = 0b10 };

        Assert.Contains(new RosterIssue(RosterIssueKind.PlanBelowRequirement, null, 3), DutyRosterRules.Check(Week, Rotation(), Leaders, planned));
    }

    [Fact]
    public void Check_DayOutsideTheWeekAndUnknownLeader_AreErrors()
    {
        var roster = Rotation();
        roster.Add(new DutyDay(Week.End, 1));
        roster[0] = new DutyDay(Day(0), 99);

        var issues = DutyRosterRules.Check(Week, roster, Leaders, EnoughPlanned);

        Assert.Contains(new RosterIssue(RosterIssueKind.DayOutsideWeek, Week.End, 1), issues);
        Assert.Contains(new RosterIssue(RosterIssueKind.UnknownLeader, Day(0), 99), issues);
        Assert.All(issues, i => Assert.True(i.IsError));
    }

    [Theory]
    [InlineData(0b0000000, 0)]
    [InlineData(0b1111111, 7)]
    [InlineData(0b1000001, 2)]
    public void PatrolDays_Count_CountsTheDays(int mask, int expected)
    {
        Assert.Equal(expected, PatrolDays.Count(mask));
    }

    [Fact]
    public void PatrolDays_IndexOf_MondayIsZeroSundayIsSix()
    {
        Assert.Equal(0, PatrolDays.IndexOf(new DateOnly(2026, 11, 23)));
        Assert.Equal(6, PatrolDays.IndexOf(new DateOnly(2026, 11, 29)));
    }
}
