using Bunit;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Wall;
using CommandCenter.Features.Wall.Boards;

namespace CommandCenter.Tests.Features.Wall;

/// <summary>
/// The wall read from across the hall: lists turn pages of whole rows instead of scrolling, ties say 并列, ▲ / ▼ are
/// coloured by what the change means, the hourly chart is columns with the running hour marked, the ticker is in event order.
/// </summary>
public sealed class WallReadingTests : WallTestContext
{
    private static IRenderedComponent<T> RenderBoard<T>(BunitContext context, DashboardSnapshot snapshot, int turns = 0) where T : WallBoardBase =>
        context.Render<T>(p => p.Add(x => x.Snapshot, snapshot).Add(x => x.PageTurns, turns));

    [Fact]
    public void EveryBoardsCharts_AskForTheWallsSizing()
    {
        var sample = WallSnapshots.Sample();

        RenderBoard<OverviewBoard>(this, sample);
        RenderBoard<RankingsBoard>(this, sample);
        RenderBoard<SatisfactionBoard>(this, sample);
        RenderBoard<MethodsBoard>(this, sample);

        // create(element, options, series, categories, wallScale): 3 overview, 2 rankings, 1 satisfaction, 2 methods charts.
        Assert.Equal(8, ChartCalls("create"));
        Assert.All(Chart.Invocations["create"], c => Assert.Equal(true, c.Arguments[4]));
    }

    [Fact]
    public void Overview_ClosuresUpOverdueAlert_ColoursFollowTheMeaningNotTheArrow()
    {
        var sample = WallSnapshots.Sample();
        var snapshot = sample with { Today = sample.Today with { Closed = new Compared(80, 75), Reported = new Compared(1234, 1206) } };

        var cut = RenderBoard<OverviewBoard>(this, snapshot);

        var closed = cut.Find("[data-testid=closed-change]");
        Assert.Equal("▲ 5", closed.TextContent);
        Assert.Contains("change--good", closed.ClassName);
        // More reports, fewer dispatches: neither good nor bad news.
        Assert.Contains("change--neutral", cut.Find("[data-testid=reported-change]").ClassName);
        Assert.Contains("change--neutral", cut.Find("[data-testid=dispatched-change]").ClassName);

        cut.Render(p => p.Add(x => x.Snapshot, snapshot with { Version = 2, Today = snapshot.Today with { Closed = new Compared(70, 75) } }));
        var fewer = cut.Find("[data-testid=closed-change]");
        Assert.Equal("▼ 5", fewer.TextContent);
        Assert.Contains("change--bad", fewer.ClassName);
    }

    [Fact]
    public void Overview_Ticker_IsInEventTimeOrderNotArrivalOrder()
    {
        var sample = WallSnapshots.Sample();
        // Recorded (event id) in one order, happened in another: an 08:36 step arrives before an 08:19 one.
        LatestEvent At(long id, int hour, int minute) => WallSnapshots.Event(id, "register", $"事件{id}") with
        {
            At = new DateTime(2026, 11, 23, hour - 8, minute, 0, DateTimeKind.Utc),
        };
        var snapshot = sample with { LatestEvents = [At(3, 8, 19), At(2, 8, 36), At(1, 8, 20)] };

        var cut = RenderBoard<OverviewBoard>(this, snapshot);

        Assert.Equal(["事件2", "事件1", "事件3"], cut.FindAll("[data-testid=ticker-description]").Select(e => e.TextContent));
    }

    [Fact]
    public void Overview_TickerLongerThanAPage_HoldsAPageOfWholeRowsThenTurns()
    {
        var sample = WallSnapshots.Sample();
        var events = Enumerable.Range(1, 10).Select(i => WallSnapshots.Event(i, "report", $"事件{i}")).Reverse().ToList();
        var snapshot = sample with { LatestEvents = events };

        var cut = RenderBoard<OverviewBoard>(this, snapshot);

        // Newest first, three to a page (the legend under the eight tiles takes the room of a fourth), nothing scrolling.
        Assert.Equal(["事件10", "事件9", "事件8"], Descriptions(cut));
        Assert.Equal("第 1/4 页", cut.Find("[data-testid=ticker]").ParentElement!.QuerySelector("[data-testid=page-note]")!.TextContent);
        Assert.DoesNotContain("autoscroll", cut.Markup);
        cut.Render(p => p.Add(x => x.PageTurns, 1));
        Assert.Equal(["事件7", "事件6", "事件5"], Descriptions(cut));
        cut.Render(p => p.Add(x => x.PageTurns, 3));
        Assert.Equal(["事件1"], Descriptions(cut));
        cut.Render(p => p.Add(x => x.PageTurns, 4));
        Assert.Equal(["事件10", "事件9", "事件8"], Descriptions(cut));
    }

    private static IEnumerable<string> Descriptions(IRenderedComponent<OverviewBoard> cut) =>
        cut.FindAll("[data-testid=ticker-description]").Select(e => e.TextContent).ToList();

    [Fact]
    public void Overview_HourlyChart_IsColumnsWithTheRunningHourPaleAndNamed()
    {
        // The sample's day runs to 10:00 (hours 0–10 have counts).
        var cut = RenderBoard<OverviewBoard>(this, WallSnapshots.Sample());

        cut.WaitForAssertion(() => Assert.Equal(3, ChartCalls("create")));
        var hourly = Chart.Invocations["create"].Single(i => OverviewBoardTests.Json(i.Arguments[2]).Contains("\"昨日\""));
        var options = OverviewBoardTests.Json(hourly.Arguments[1]);
        Assert.Contains("\"type\":\"bar\"", options);
        Assert.DoesNotContain("smooth", options);
        var series = OverviewBoardTests.Json(hourly.Arguments[2]);
        Assert.Contains($"{{\"x\":\"10\",\"y\":20,\"fillColor\":\"{OverviewBoard.PartialHourColour}\"}}", series);
        Assert.Contains("{\"x\":\"9\",\"y\":18}", series);
        Assert.Contains("{\"x\":\"11\",\"y\":null}", series);
        Assert.Contains("10 时", cut.Find("[data-testid=partial-hour]").TextContent);
    }

    [Fact]
    public void Rankings_TiedScores_ShareTheRankAndSay并列()
    {
        var sample = WallSnapshots.Sample();
        var counts = WallSnapshots.Counts(due: 100, closed: 100, onTime: 95, reworked: 0, callbacks: 10, satisfied: 10);
        var snapshot = sample with
        {
            StreetRanking =
            [
                WallSnapshots.Row(1, "S01", "济阳街道", counts),
                WallSnapshots.Row(1, "S02", "济北街道", counts),
                WallSnapshots.Row(3, "S03", "回河街道", WallSnapshots.Counts(due: 100, closed: 90, onTime: 80, reworked: 2, callbacks: 5, satisfied: 5)),
            ],
        };

        var cut = RenderBoard<RankingsBoard>(this, snapshot);

        Assert.Equal("并列", cut.Find("[data-code=S01] [data-testid=tied]").TextContent);
        Assert.Equal("1", cut.Find("[data-code=S01] [data-testid=rank-number]").TextContent);
        Assert.Equal("并列", cut.Find("[data-code=S02] [data-testid=tied]").TextContent);
        Assert.Equal("1", cut.Find("[data-code=S02] [data-testid=rank-number]").TextContent);
        Assert.Empty(cut.FindAll("[data-code=S03] [data-testid=tied]"));
        Assert.Equal("3", cut.Find("[data-code=S03] [data-testid=rank-number]").TextContent);
        // One department alone is not tied with anything.
        Assert.Empty(cut.FindAll("[data-testid=ranking-departments] [data-testid=tied]"));
    }

    [Fact]
    public void Rankings_LongerThanAPage_Rank1OpensTheFirstPageAndThePageTurnsWhole()
    {
        var sample = WallSnapshots.Sample();
        var streets = Enumerable.Range(1, 13)
            .Select(i => WallSnapshots.Row(i, $"S{i:00}", $"街道{i}", WallSnapshots.Counts(due: 100, closed: 100, onTime: 100 - i, reworked: 0, callbacks: 0, satisfied: 0)))
            .ToList();
        var cut = RenderBoard<RankingsBoard>(this, sample with { StreetRanking = streets });

        var ranks = Ranks(cut);
        Assert.Equal(RankingPanel.PageSize, ranks.Count);
        Assert.Equal("1", ranks[0]);
        Assert.Equal("第 1/2 页", cut.Find("[data-testid=ranking-streets] [data-testid=page-note]").TextContent);
        Assert.DoesNotContain("autoscroll", cut.Markup);
        Assert.DoesNotContain("translate", cut.Markup);

        cut.Render(p => p.Add(x => x.PageTurns, 1));
        Assert.Equal(["11", "12", "13"], Ranks(cut));
        cut.WaitForAssertion(() => Assert.Contains("\"街道13\"", OverviewBoardTests.Json(Chart.Invocations["updateCategories"][0].Arguments[1])));

        cut.Render(p => p.Add(x => x.PageTurns, 2));
        Assert.Equal("1", Ranks(cut)[0]);
    }

    private static List<string> Ranks(IRenderedComponent<RankingsBoard> cut) =>
        cut.FindAll("[data-testid=ranking-streets] [data-testid=rank-number]").Select(e => e.TextContent).ToList();

    [Fact]
    public void Roads_MoreThanTwelveLeaders_TurnPagesOfTwelveTiles()
    {
        var sample = WallSnapshots.Sample();
        var leaders = Enumerable.Range(1, 14)
            .Select(i => WallSnapshots.Leader($"L{i:00}", $"领导{i}", patrols: 1, required: 1, new RoadProblemCounts(1, 1, 0, 0), daysLeft: 3))
            .ToList();

        var cut = RenderBoard<RoadsBoard>(this, sample with { Leaders = leaders });

        Assert.Equal(RoadsBoard.PageSize, cut.FindAll("[data-testid=road-tile]").Count);
        cut.Render(p => p.Add(x => x.PageTurns, 1));
        Assert.Equal(["L13", "L14"], cut.FindAll("[data-testid=road-tile]").Select(t => t.GetAttribute("data-leader")));
    }

    [Fact]
    public void Paging_PageOfTurns_WrapsAroundAndKeepsWholeRows()
    {
        var items = Enumerable.Range(1, 7).ToList();

        Assert.Equal(3, WallPaging.PageCount(7, 3));
        Assert.Equal(1, WallPaging.PageCount(0, 3));
        Assert.Equal([1, 2, 3], WallPaging.Page(items, 3, 0));
        Assert.Equal([7], WallPaging.Page(items, 3, 2));
        Assert.Equal([1, 2, 3], WallPaging.Page(items, 3, 3));
    }
}
