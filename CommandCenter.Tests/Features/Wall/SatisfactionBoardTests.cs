using Bunit;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Wall.Boards;

namespace CommandCenter.Tests.Features.Wall;

public sealed class SatisfactionBoardTests : WallTestContext
{
    [Fact]
    public void Satisfaction_FixedSnapshot_ShowsThisMonthAndTheStreakInLargeType()
    {
        var cut = Render<SatisfactionBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));

        Assert.Equal("100.00%", cut.Find("[data-testid=month-rate]").TextContent);
        Assert.Contains("12345 回访 510 件，满意 510 件", cut.Find("[data-testid=month-callbacks]").TextContent);
        Assert.Equal("连续 45 个月 100%", cut.Find("[data-testid=streak]").TextContent.Trim());
    }

    [Fact]
    public void Satisfaction_NoCallbacksThisMonth_ShowsADash()
    {
        var sample = WallSnapshots.Sample();
        var snapshot = sample with
        {
            Satisfaction = sample.Satisfaction with { ThisMonth = new MonthSatisfaction("2026-11", 0, 0), Streak = 0 },
        };

        var cut = Render<SatisfactionBoard>(p => p.Add(x => x.Snapshot, snapshot));

        Assert.Equal("—", cut.Find("[data-testid=month-rate]").TextContent);
        Assert.DoesNotContain("连续 0 个月", cut.Find("[data-testid=streak]").TextContent);
    }

    [Fact]
    public void Satisfaction_Trend_Has12MonthsAndAGapForAMonthWithoutCallbacks()
    {
        var cut = Render<SatisfactionBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));

        cut.WaitForAssertion(() => Assert.Equal(1, ChartCalls("create")));
        var create = Chart.Invocations["create"].Single();
        Assert.Equal("""["2025-12","2026-01","2026-02","2026-03","2026-04","2026-05","2026-06","2026-07","2026-08","2026-09","2026-10","2026-11"]""",
            OverviewBoardTests.Json(create.Arguments[3]));
        Assert.Contains("\"data\":[100,100,100,null,100", OverviewBoardTests.Json(create.Arguments[2]));
    }
}
