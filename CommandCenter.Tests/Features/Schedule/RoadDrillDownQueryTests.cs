using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;
using CommandCenter.Features.Schedule;
using static CommandCenter.Tests.Features.RoadResponsibility.RoadResponsibilityTestData;

namespace CommandCenter.Tests.Features.Schedule;

public sealed class RoadDrillDownQueryTests : IDisposable
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");
    private static readonly Period Week47 = Period.Week(new DateOnly(2026, 11, 16));
    /// Wednesday 2026-11-25 10:00 local.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _db = TestDatabase.CreateWithReference();

    public RoadDrillDownQueryTests() => InsertWeek47Scenario(_db);

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task OpenProblems_AsOfTheWeeksEnd_AreTheOpenOnesTheTableCounts()
    {
        var asOf = Shanghai.AsOf(Week47, Now.UtcDateTime);
        var row = (await new RoadResponsibilityQuery(_db.Connections, Shanghai, new FixedClock(Now)).GetWeekAsync(Week47))
            .Single(r => r.LeaderId == MainLeader);

        var open = await new RoadDrillDownQuery(_db.Connections, Shanghai).OpenProblemsAsync(row.RoadId, row.CampaignFrom, asOf);

        Assert.Equal(row.ProblemsSinceCampaign.Open, open.Count);
        var problem = Assert.Single(open);
        Assert.True(problem.IsOverdue);
        Assert.Equal(("井盖", "市政", "grid"), (problem.CategoryName, problem.DepartmentName, problem.Level));
        Assert.Equal(Utc(11, 19, 3), problem.DeadlineAt);
        Assert.Equal(asOf - Utc(11, 18, 2), problem.Age);
    }

    [Fact]
    public async Task OpenProblems_Now_IncludeTheNewCaseNotYetDispatched()
    {
        var open = await new RoadDrillDownQuery(_db.Connections, Shanghai).OpenProblemsAsync(TestDatabase.Ref.Road, new DateOnly(2026, 3, 1), Now.UtcDateTime);

        Assert.Equal(2, open.Count);
        Assert.True(open[0].IsOverdue); // overdue first
        Assert.False(open[1].IsOverdue);
        Assert.Null(open[1].DepartmentName);
    }

    [Fact]
    public async Task OpenProblems_ComeWithTheirIdPointAndStageAtT()
    {
        using (var connection = _db.Open())
            Dapper.SqlMapper.Execute(connection, """
                UPDATE cases SET lat = 36.974, lng = 117.165, is_urgent = 1
                WHERE road_id = @Road AND resolved_at IS NULL AND deadline_at IS NOT NULL
                """, new { Road = TestDatabase.Ref.Road });

        var open = await new RoadDrillDownQuery(_db.Connections, Shanghai).OpenProblemsAsync(TestDatabase.Ref.Road, new DateOnly(2026, 3, 1), Now.UtcDateTime);

        var overdue = open[0];
        Assert.Equal(new CommandCenter.Domain.Geo.GeoPoint(36.974, 117.165), overdue.Point);
        Assert.Equal(CommandCenter.Domain.Geo.MapStage.Overdue, overdue.Stage);   // overdue wins over urgent, as on the map
        Assert.True(overdue.Id > 0);
        // The case reported on Monday, not dispatched: no point, waiting for dispatch.
        Assert.Null(open[1].Point);
        Assert.Equal(CommandCenter.Domain.Geo.MapStage.Dispatch, open[1].Stage);
        Assert.NotEqual(overdue.Id, open[1].Id);
    }

    [Fact]
    public async Task OpenProblems_AtTheWeeksEnd_TakeTheirStageAtThatT()
    {
        // W47's T is Sunday's end: the overdue problem was overdue then; at Wednesday 18 Nov 12:00 local it was in progress.
        var wednesday = new DateTime(2026, 11, 18, 4, 0, 0, DateTimeKind.Utc);

        var open = await new RoadDrillDownQuery(_db.Connections, Shanghai).OpenProblemsAsync(TestDatabase.Ref.Road, new DateOnly(2026, 3, 1), wednesday);

        var problem = Assert.Single(open, p => p.DispatchedAt is not null);
        Assert.Equal(CommandCenter.Domain.Geo.MapStage.InProgress, problem.Stage);
    }

    [Fact]
    public async Task Patrols_OfAMonth_AreTheLeadersOnTheirRoadInLocalTime()
    {
        var november = Shanghai.ToUtc(Period.Month(2026, 11));

        var patrols = await new RoadDrillDownQuery(_db.Connections, Shanghai).PatrolsAsync(MainLeader, TestDatabase.Ref.Road, november);

        Assert.Equal(["walk", "bike", "drive", "walk"], patrols.Select(p => p.Mode));
        Assert.Equal(new DateOnly(2026, 11, 22), Shanghai.LocalDate(patrols[2].StartedAt)); // 23:50 Sunday local
        Assert.Equal(new DateOnly(2026, 11, 23), Shanghai.LocalDate(patrols[3].StartedAt));
    }

    [Fact]
    public async Task MeetingSummary_InW48_ComparesW47WithW46AndListsWhoIsBehind()
    {
        var summary = await new MeetingSummaryQuery(new RoadResponsibilityQuery(_db.Connections, Shanghai, new FixedClock(Now)))
            .GetAsync(Period.Week(new DateOnly(2026, 11, 23)));

        Assert.Equal(new WeekProblemTotals("2026-W47", 2, 1, 1), summary.LastWeek);
        Assert.Equal(new WeekProblemTotals("2026-W46", 0, 0, 0), summary.WeekBefore);
        var road = Assert.Single(summary.RoadsWithMostProblems);
        Assert.Equal((MainLeader, 2L, 1L), (road.LeaderId, road.ProblemsSinceCampaign.Open, road.ProblemsSinceCampaign.Overdue));
        var behind = Assert.Single(summary.LeadersBelowRequirement);
        Assert.Equal(Leader, behind.LeaderId);
    }
}
