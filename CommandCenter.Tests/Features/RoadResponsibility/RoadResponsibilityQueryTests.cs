using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;
using static CommandCenter.Tests.Features.RoadResponsibility.RoadResponsibilityTestData;

namespace CommandCenter.Tests.Features.RoadResponsibility;

public sealed class RoadResponsibilityQueryTests : IDisposable
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");
    /// 2026-W47: Monday 2026-11-16 to Sunday 2026-11-22 local = [2026-11-15T16:00Z, 2026-11-22T16:00Z).
    private static readonly Period Week47 = Period.Week(new DateOnly(2026, 11, 16));

    private readonly TestDatabase _db = TestDatabase.CreateWithReference();

    public RoadResponsibilityQueryTests()
    {
        InsertWeek47Scenario(_db);
    }

    public void Dispose() => _db.Dispose();

    private RoadResponsibilityQuery Query(DateTimeOffset now) => new(_db.Connections, Shanghai, new FixedClock(now));

    [Fact]
    public async Task GetWeek_FinishedWeek_CountsPatrolsAndProblemsExactly()
    {
        var rows = await Query(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero)).GetWeekAsync(Week47);

        Assert.Equal([MainLeader, Leader], rows.Select(r => r.LeaderId));
        var main = rows[0];
        Assert.Equal(("张局长", "局长", "纬二路", "济阳街道"), (main.LeaderName, main.LeaderTitle, main.RoadName, main.StreetName));
        Assert.Equal(new PatrolCounts(3, 1, 1, 1, Utc(11, 22, 15, 50)), main.Patrols);
        Assert.Equal(3, main.RequiredPerWeek);
        Assert.Equal(new RoadProblemCounts(2, 1, 1, 1), main.ProblemsInPeriod);
        Assert.Equal(new RoadProblemCounts(3, 2, 1, 1), main.ProblemsSinceCampaign);
        Assert.Equal(new RoadStatus(RoadStatusColour.Red, RoadStatusReason.ProblemsOverdue), main.Status);

        var other = rows[1];
        Assert.Equal(new PatrolCounts(0, 0, 0, 0, Utc(11, 12, 2)), other.Patrols);
        Assert.Equal(RoadProblemCounts.Zero, other.ProblemsInPeriod);
        Assert.Equal(new RoadStatus(RoadStatusColour.Red, RoadStatusReason.PatrolsMissed), other.Status);
        Assert.Equal(1, other.PatrolsMissing);
    }

    [Fact]
    public async Task GetWeek_SundayNoonWithOnePatrolMissing_IsAmber()
    {
        // Sunday 2026-11-22 12:00 local: the Sunday 23:50 patrol has not happened yet.
        var rows = await Query(new DateTimeOffset(2026, 11, 22, 4, 0, 0, TimeSpan.Zero)).GetWeekAsync(Week47);

        var other = rows.Single(r => r.LeaderId == Leader);
        Assert.Equal(new RoadStatus(RoadStatusColour.Amber, RoadStatusReason.PatrolsBehind), other.Status);
        var main = rows.Single(r => r.LeaderId == MainLeader);
        Assert.Equal(2, main.Patrols.Total);
    }

    [Fact]
    public async Task GetWeek_NextWeek_CountsTheMondayPatrolJustAfterMidnight()
    {
        var rows = await Query(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero)).GetWeekAsync(Period.Week(new DateOnly(2026, 11, 23)));

        var main = rows.Single(r => r.LeaderId == MainLeader);
        Assert.Equal(new PatrolCounts(1, 1, 0, 0, Utc(11, 22, 16, 5)), main.Patrols);
        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), main.ProblemsInPeriod);
        // Wednesday with 1 of 3 would be amber, but the W47 case, overdue since Thursday, counts since the campaign start.
        Assert.Equal(RoadStatusReason.ProblemsOverdue, main.Status.Reason);
    }

    [Fact]
    public async Task Get_Month_CountsTheMonthAndScalesTheRequirement()
    {
        var november = Shanghai.ToUtc(Period.Month(2026, 11));
        var asOf = november.ToUtc;

        var rows = await Query(DateTimeOffset.UnixEpoch).GetAsync(november, asOf, new DateOnly(2026, 12, 1));

        var main = rows.Single(r => r.LeaderId == MainLeader);
        Assert.Equal(4, main.Patrols.Total);
        Assert.Equal(13, main.RequiredInPeriod); // ⌈3 × 30 / 7⌉
        Assert.Equal(9, main.PatrolsMissing);
        Assert.Equal(new RoadProblemCounts(3, 1, 2, 1), main.ProblemsInPeriod);
        Assert.Equal(new RoadStatus(RoadStatusColour.Red, RoadStatusReason.ProblemsOverdue), main.Status);
        var other = rows.Single(r => r.LeaderId == Leader);
        Assert.Equal(1, other.Patrols.Total);
        Assert.Equal(5, other.RequiredInPeriod);
        Assert.Equal(4, other.PatrolsMissing);
    }

    [Fact]
    public async Task GetWeek_CampaignStartsOnTheWeeksLastDay_CountsTheWeeksEarlierProblemInTheWeekOnly()
    {
        // 2026-W09 is Monday 23 February to Sunday 1 March; the campaign starts on Sunday 1 March.
        InsertCase(_db, TestDatabase.Ref.Road, Utc(2, 25, 2));

        var rows = await Query(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero)).GetWeekAsync(Period.Week(new DateOnly(2026, 2, 23)));

        var main = rows.Single(r => r.LeaderId == MainLeader);
        Assert.Equal(new RoadProblemCounts(1, 0, 1, 0), main.ProblemsInPeriod);
        Assert.Equal(RoadProblemCounts.Zero, main.ProblemsSinceCampaign);
    }

    [Fact]
    public async Task GetWeek_NoAssignmentCoversTheWeek_IsEmpty()
    {
        var rows = await Query(new DateTimeOffset(2027, 1, 6, 2, 0, 0, TimeSpan.Zero)).GetWeekAsync(Period.Week(new DateOnly(2027, 1, 4)));

        Assert.Empty(rows);
    }
}
