using CommandCenter.Domain;
using CommandCenter.Features.Cases;
using CommandCenter.Features.Reference;
using CommandCenter.Features.RoadResponsibility;
using CommandCenter.Features.Schedule;
using static CommandCenter.Tests.Features.RoadResponsibility.RoadResponsibilityTestData;

namespace CommandCenter.Tests.Features.Cases;

/// <summary>
/// "One definition per figure" for /schedule: each problem count of the road table (本周 and 累计: 发现, 已整改, 整改中, 超期)
/// and the drill-down's open problems have exactly as many cases in the list behind their link (<see cref="FigureLinks"/>)
/// — for W47 (over), W48 (over) and W49 (running on Wednesday 2 December 10:00 local), W49 crossing the month boundary,
/// with problems a few minutes either side of local midnight on 30 November and 1 December.
/// </summary>
public sealed class RoadFigureLinksTests : IDisposable
{
    private static readonly BusinessCalendar Shanghai = BusinessCalendar.For("Asia/Shanghai");
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _db = TestDatabase.CreateWithReference();

    public RoadFigureLinksTests()
    {
        InsertWeek47Scenario(_db);
        var road = TestDatabase.Ref.Road;
        // Sunday 29 November 23:55 local (W48) and Monday 30 November 00:05 local (W49).
        InsertCase(_db, road, Utc(11, 29, 15, 55), dispatched: Utc(11, 29, 16), deadline: Utc(11, 30, 16));
        InsertCase(_db, road, Utc(11, 29, 16, 5), dispatched: Utc(11, 29, 17), deadline: Utc(11, 30, 1), resolved: Utc(11, 30, 2));
        // 30 November 23:55 local and 1 December 00:05 local: the month boundary inside W49.
        InsertCase(_db, road, Utc(11, 30, 15, 55), rejected: Utc(12, 1, 1));
        InsertCase(_db, road, Utc(11, 30, 16, 5), dispatched: Utc(11, 30, 17), deadline: Utc(12, 2, 1, 59));
        InsertCase(_db, road, Utc(12, 1, 3), dispatched: Utc(12, 1, 4), deadline: Utc(12, 3, 4));
        // Rejected, resolved and closed only after now: as of W49's T they are still found and open.
        InsertCase(_db, road, Utc(11, 28, 2), dispatched: Utc(11, 28, 3), deadline: Utc(11, 28, 5), resolved: Utc(12, 3, 1), closed: Utc(12, 3, 2));
        InsertCase(_db, Road2, Utc(12, 1, 5), rejected: Utc(12, 4, 1));
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task EveryProblemCount_OfTheRoadTableAndTheDrillDown_HasExactlyItsCountInTheList()
    {
        var clock = new FixedClock(Now);
        var reference = new ReferenceCatalog(_db.Connections);
        var refData = await reference.GetAsync();
        var roads = new RoadResponsibilityQuery(_db.Connections, Shanghai, clock);
        var drill = new RoadDrillDownQuery(_db.Connections, Shanghai);
        var list = new CaseListQuery(_db.Connections, reference, Shanghai, clock);
        async Task<long> TotalAsync(CaseFilter filter)
        {
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("?" + filter.ToQueryString());
            var errors = new Dictionary<string, string>();
            var request = CaseFilters.Parse(n => query.TryGetValue(n, out var v) ? v.ToString() : null, refData, errors);
            Assert.True(request is not null, string.Join("; ", errors.Values));
            return (await list.GetAsync(request!)).Total;
        }

        long found = 0, overdue = 0;
        foreach (var monday in new[] { new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 30) })
        {
            var week = Period.Week(monday);
            foreach (var row in await roads.GetWeekAsync(week))
            {
                foreach (var (problem, inWeek, since) in new[]
                {
                    (RoadProblem.Found, row.ProblemsInPeriod.Found, row.ProblemsSinceCampaign.Found),
                    (RoadProblem.Resolved, row.ProblemsInPeriod.Resolved, row.ProblemsSinceCampaign.Resolved),
                    (RoadProblem.Open, row.ProblemsInPeriod.Open, row.ProblemsSinceCampaign.Open),
                    (RoadProblem.Overdue, row.ProblemsInPeriod.Overdue, row.ProblemsSinceCampaign.Overdue),
                })
                {
                    var where = $"{week.Label} {row.RoadCode} {problem}";
                    Assert.True(inWeek == await TotalAsync(FigureLinks.RoadWeek(row, week, problem)), $"{where} in the week: {inWeek}");
                    Assert.True(since == await TotalAsync(FigureLinks.RoadSinceCampaign(row, week, problem)), $"{where} since the campaign: {since}");
                }
                var open = await drill.OpenProblemsAsync(row.RoadId, row.CampaignFrom, Shanghai.AsOf(week, Now.UtcDateTime));
                Assert.Equal(open.Count, await TotalAsync(FigureLinks.RoadSinceCampaign(row, week, RoadProblem.Open)));
                found += row.ProblemsInPeriod.Found;
                overdue += row.ProblemsInPeriod.Overdue;
            }
        }
        // Not all zero: a filter that selects nothing would not pass.
        Assert.True(found >= 6 && overdue >= 2, $"found {found}, overdue {overdue}");
    }
}
