using System.Globalization;
using Bunit;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Wall.Boards;

namespace CommandCenter.Tests.Features.Wall;

/// <summary>
/// One name and one definition per live figure, shown on the board (issue 15, "Figures that contradict each other"), and
/// the 721 shares rounded once (<see cref="CommandCenter.Domain.Shares"/>): the tile and its bar show the same digits,
/// adding up to 100.
/// </summary>
public sealed class FigureDefinitionsTests : WallTestContext
{
    [Fact]
    public void Methods_SharesThatRoundingEachWouldNotAddUp_TileAndBarShowTheSameDigitsAddingUpTo100()
    {
        // 6 : 5 : 2 of 13 = 46.153…, 38.461…, 15.384…: rounded each on its own, 99.99 %.
        var cut = Render<MethodsBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample() with { Methods = new MethodMix(6, 5, 2) }));

        string[] tiles = [.. new[] { "service", "management", "enforcement" }.Select(m => cut.Find($"[data-testid={m}-value]").TextContent)];
        Assert.Equal(["46.15%", "38.46%", "15.39%"], tiles);
        cut.WaitForAssertion(() => Assert.Equal(2, ChartCalls("create")));
        var mix = Chart.Invocations["create"].Single(i => OverviewBoardTests.Json(i.Arguments[2]).Contains("\"目标\""));
        Assert.Contains("\"data\":[46.15,38.46,15.39]", OverviewBoardTests.Json(mix.Arguments[2]));
        Assert.Equal(100m, tiles.Sum(t => decimal.Parse(t.TrimEnd('%'), CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("zh-CN", "待处置 28 件", "待处置：已立案、尚未处置（待派遣 + 处置中）")]
    [InlineData("en", "28 awaiting resolution", "Awaiting resolution: registered, not resolved (awaiting dispatch + in progress)")]
    public void Methods_Escalation_IsNamedAwaitingResolutionAndDefinedOnTheBoard(string culture, string total, string caption)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);

        var cut = Render<MethodsBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));

        Assert.Equal(total, cut.Find("[data-testid=escalation-total]").TextContent);
        Assert.Equal(caption, cut.Find("[data-testid=escalation-caption]").TextContent);
        Assert.DoesNotContain("在办", cut.Markup);
    }

    [Theory]
    [InlineData("zh-CN", "处置中：已派遣未处置", "超期未处置：已过处置时限", "紧急未结：紧急且未结案或不予立案", "今日各数：0 时起累计，只增不减")]
    [InlineData("en", "In progress: dispatched, unresolved", "Overdue: past deadline", "Urgent, open: not closed/rejected", "Today: counts since 00:00")]
    public void Overview_Legend_DefinesEachLiveFigureUnderTheNameOfItsTile(string culture, string inProgress, string overdue, string urgent, string today)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);

        var cut = Render<OverviewBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));

        var legend = cut.Find("[data-testid=overview-legend]").TextContent;
        Assert.All([inProgress, overdue, urgent, today], d => Assert.Contains(d, legend));
        Assert.StartsWith(cut.Find("[data-testid=figure-in-progress] .figure-label").TextContent + (culture == "en" ? ":" : "："), inProgress);
        Assert.StartsWith(cut.Find("[data-testid=figure-overdue] .figure-label").TextContent + (culture == "en" ? ":" : "："), overdue);
        Assert.StartsWith(cut.Find("[data-testid=figure-urgent] .figure-label").TextContent + (culture == "en" ? ":" : "："), urgent);
    }

    [Theory]
    [InlineData("zh-CN", "超期未处置")]
    [InlineData("en", "Overdue")]
    public void Roads_OverdueProblems_CarryTheOverviewsName(string culture, string name)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        var overview = Render<OverviewBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));
        var roads = Render<RoadsBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));

        Assert.Equal(name, overview.Find("[data-testid=figure-overdue] .figure-label").TextContent);
        Assert.Contains($"/ {name}", roads.Find("[data-testid=roads-legend] .legend-caption").TextContent);
        Assert.Equal(name, roads.Find("[data-testid=overdue]").NextElementSibling!.TextContent);
    }
}
