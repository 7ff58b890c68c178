using Bunit;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Wall.Boards;

namespace CommandCenter.Tests.Features.Wall;

public sealed class MethodsBoardTests : WallTestContext
{
    [Fact]
    public void Methods_FixedSnapshot_ShowsTheMixAgainstItsTargetAndOpenCasesByLevel()
    {
        var sample = WallSnapshots.Sample();
        var cut = Render<MethodsBoard>(p => p.Add(x => x.Snapshot, sample with { Methods = new MethodMix(686, 195, 119) }));

        Assert.Equal("68.60%", cut.Find("[data-testid=service-value]").TextContent);
        Assert.Equal("19.50%", cut.Find("[data-testid=management-value]").TextContent);
        Assert.Equal("11.90%", cut.Find("[data-testid=enforcement-value]").TextContent);
        Assert.Equal("目标 70.00%", cut.Find("[data-testid=target-service]").TextContent);
        Assert.Equal("目标 10.00%", cut.Find("[data-testid=target-enforcement]").TextContent);
        Assert.Contains("1,000", cut.Find("[data-testid=methods-total]").TextContent);
        Assert.Equal("22", cut.Find("[data-testid=level-grid-value]").TextContent);
        Assert.Equal("5", cut.Find("[data-testid=level-community-value]").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=level-street-value]").TextContent);
        Assert.Contains("待处置 28 件", cut.Find("[data-testid=escalation-total]").TextContent);
    }

    [Fact]
    public void Methods_NoResolutionYet_ShowsDashesNotZeroPercent()
    {
        var cut = Render<MethodsBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample() with { Methods = new MethodMix(0, 0, 0) }));

        Assert.Equal("—", cut.Find("[data-testid=service-value]").TextContent);
        Assert.Equal("—", cut.Find("[data-testid=management-value]").TextContent);
        Assert.Equal("—", cut.Find("[data-testid=enforcement-value]").TextContent);
        cut.WaitForAssertion(() => Assert.Equal(2, ChartCalls("create")));
        Assert.Contains("\"data\":[null,null,null]", OverviewBoardTests.Json(Chart.Invocations["create"].First().Arguments[2]));
    }
}
