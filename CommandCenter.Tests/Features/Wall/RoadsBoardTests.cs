using Bunit;
using CommandCenter.Domain;
using CommandCenter.Features.RoadResponsibility;
using CommandCenter.Features.Wall.Boards;

namespace CommandCenter.Tests.Features.Wall;

public sealed class RoadsBoardTests : WallTestContext
{
    [Fact]
    public void Roads_FixedSnapshot_ShowsPatrolsAndProblemsPerLeader()
    {
        var cut = Render<RoadsBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));

        Assert.Equal(4, cut.FindAll("[data-testid=road-tile]").Count);
        var wang = cut.Find("[data-leader=L02]");
        Assert.Contains("王立新", wang.TextContent);
        Assert.Contains("王立新的路", wang.TextContent);
        Assert.Equal("1 / 3", wang.QuerySelector("[data-testid=patrols]")!.TextContent.Trim());
        Assert.Equal("299", wang.QuerySelector("[data-testid=found]")!.TextContent);
        Assert.Equal("298", wang.QuerySelector("[data-testid=resolved]")!.TextContent);
        Assert.Equal("1", wang.QuerySelector("[data-testid=open]")!.TextContent);
        Assert.Equal("0", wang.QuerySelector("[data-testid=overdue]")!.TextContent);
    }

    [Theory]
    [InlineData("L01", "green", "正常")]            // 3 of 3 patrols, nothing overdue
    [InlineData("L02", "amber", "巡查次数不足（仍可完成）")] // 1 of 3, five days left
    [InlineData("L03", "red", "有超期问题")]         // patrols done, but a problem is overdue
    [InlineData("L04", "red", "应巡查次数已无法完成")] // 0 of 3 with two days left
    public void Roads_StatusColour_FollowsTheRoadResponsibilityRule(string leader, string colour, string reason)
    {
        var cut = Render<RoadsBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));

        var tile = cut.Find($"[data-leader={leader}]");
        Assert.Equal(colour, tile.GetAttribute("data-status"));
        Assert.Contains($"road-{colour}", tile.ClassName);
        Assert.Equal(reason, tile.QuerySelector("[data-testid=reason]")!.TextContent.Trim());
    }

    [Fact]
    public void Roads_Legend_StatesTheRuleOfEachColour()
    {
        var cut = Render<RoadsBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));

        var legend = cut.Find("[data-testid=roads-legend]").TextContent;
        Assert.Contains("巡查达标且无超期问题", legend);
        Assert.Contains("巡查次数不足，本期仍可完成", legend);
        Assert.Contains("有超期问题，或应巡查次数已无法完成", legend);
        Assert.Equal("red", RoadsBoard.ColourClass(CommandCenter.Domain.RoadResponsibility.StatusOf(0, 3, 0, 2).Colour));
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public void Roads_ReasonsAndLegend_AreTheSharedRoadStatusLabels(string culture)
    {
        var language = System.Globalization.CultureInfo.GetCultureInfo(culture);
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = language;
        try
        {
            var sample = WallSnapshots.Sample();

            var cut = Render<RoadsBoard>(p => p.Add(x => x.Snapshot, sample));

            foreach (var leader in sample.Leaders)
                Assert.Equal(RoadStatusLabels.Reason(leader.Status.Reason, language),
                    cut.Find($"[data-leader={leader.LeaderCode}] [data-testid=reason]").TextContent.Trim());
            var legend = cut.Find("[data-testid=roads-legend]").TextContent;
            Assert.All(Enum.GetValues<RoadStatusColour>(), c => Assert.Contains(RoadStatusLabels.Meaning(c, language), legend));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }
}
