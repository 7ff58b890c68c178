using Bunit;
using CommandCenter.Features.Wall.Boards;

namespace CommandCenter.Tests.Features.Wall;

public sealed class RankingsBoardTests : WallTestContext
{
    [Fact]
    public void Rankings_FixedSnapshot_ShowsEachStreetsRatesAndScoreWithTwoDecimals()
    {
        var cut = Render<RankingsBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));

        var first = cut.Find("[data-testid=ranking-streets] [data-code=S01]");
        Assert.Contains("济阳街道", first.TextContent);
        Assert.Equal("95.00", first.QuerySelector("[data-testid=composite]")!.TextContent);
        Assert.Equal("A", first.QuerySelector("[data-testid=grade]")!.TextContent);
        Assert.Equal("95.00%", first.QuerySelector("[data-testid=on-time]")!.TextContent);
        Assert.Equal("99.00%", first.QuerySelector("[data-testid=closure]")!.TextContent);
        Assert.Equal("1.52%", first.QuerySelector("[data-testid=rework]")!.TextContent);
        Assert.Equal("100.00%", first.QuerySelector("[data-testid=satisfaction]")!.TextContent);
        Assert.Equal(3, cut.FindAll("[data-testid=ranking-streets] [data-testid=ranking-row]").Count);
        Assert.Single(cut.FindAll("[data-testid=ranking-departments] [data-testid=ranking-row]"));
    }

    [Fact]
    public void Rankings_ZeroDenominators_ShowADashNeverZeroOrHundredPercent()
    {
        var cut = Render<RankingsBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));

        // 济北街道 had no callbacks; 回河街道 had nothing due.
        Assert.Equal("—", cut.Find("[data-code=S02] [data-testid=satisfaction]").TextContent);
        Assert.Equal("61.00%", cut.Find("[data-code=S02] [data-testid=on-time]").TextContent);
        var empty = cut.Find("[data-code=S03]");
        foreach (var cell in new[] { "rank", "composite", "grade", "on-time", "closure", "rework", "satisfaction" })
            Assert.Equal("—", empty.QuerySelector($"[data-testid={cell}]")!.TextContent);
    }

    [Fact]
    public void Rankings_Chart_IsTheCompositePerStreetWithAGapForNone()
    {
        var cut = Render<RankingsBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));

        cut.WaitForAssertion(() => Assert.Equal(2, ChartCalls("create")));
        var streets = Chart.Invocations["create"].First();
        Assert.Equal("""["济阳街道","济北街道","回河街道"]""", OverviewBoardTests.Json(streets.Arguments[3]));
        Assert.Contains("\"data\":[95,61,null]", OverviewBoardTests.Json(streets.Arguments[2]));
    }
}
