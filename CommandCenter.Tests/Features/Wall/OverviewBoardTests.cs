using Bunit;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Wall.Boards;

namespace CommandCenter.Tests.Features.Wall;

public sealed class OverviewBoardTests : WallTestContext
{
    [Fact]
    public void Overview_FixedSnapshot_ShowsItsCountsWithTheChangeAgainstYesterday()
    {
        var cut = Render<OverviewBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));

        Assert.Equal("1,234", cut.Find("[data-testid=reported-value]").TextContent);
        Assert.Equal("96", cut.Find("[data-testid=registered-value]").TextContent);
        Assert.Equal("80", cut.Find("[data-testid=dispatched-value]").TextContent);
        Assert.Equal("41", cut.Find("[data-testid=in-progress-value]").TextContent);
        Assert.Equal("75", cut.Find("[data-testid=closed-value]").TextContent);
        Assert.Equal("3", cut.Find("[data-testid=overdue-value]").TextContent);
        Assert.Equal("0", cut.Find("[data-testid=urgent-value]").TextContent);
        Assert.Equal("2", cut.Find("[data-testid=soon-due-value]").TextContent);
        Assert.Contains("▲ 28", cut.Find("[data-testid=reported-compare]").TextContent);
        Assert.Contains("环比", cut.Find("[data-testid=reported-compare]").TextContent);
        Assert.Contains("▼ 10", cut.Find("[data-testid=dispatched-compare]").TextContent);
        Assert.Contains("持平", cut.Find("[data-testid=closed-compare]").TextContent);
        // No comparison when yesterday has none: no arrow at all.
        Assert.Equal("", cut.Find("[data-testid=registered-compare]").TextContent.Trim());
        Assert.Contains("figure--alert", cut.Find("[data-testid=figure-overdue]").ClassName);
        Assert.DoesNotContain("figure--alert", cut.Find("[data-testid=figure-urgent]").ClassName);
    }

    [Fact]
    public void Overview_SoonDue_StandsBesideOverdueAsAWarningOnlyWhenThereIsOne()
    {
        var sample = WallSnapshots.Sample();
        var cut = Render<OverviewBoard>(p => p.Add(x => x.Snapshot, sample));

        var labels = cut.FindAll(".figure-label").Select(l => l.TextContent).ToList();
        Assert.Equal(labels.IndexOf("超期未处置") + 1, labels.IndexOf("即将超期"));
        Assert.Contains("figure--warn", cut.Find("[data-testid=figure-soon-due]").ClassName);
        Assert.Contains("即将超期：距时限不足 1 工作时", cut.Find("[data-testid=overview-legend]").TextContent);

        cut.Render(p => p.Add(x => x.Snapshot, sample with { Version = 2, Today = sample.Today with { SoonDue = 0 } }));

        Assert.Equal("0", cut.Find("[data-testid=soon-due-value]").TextContent);
        Assert.DoesNotContain("figure--warn", cut.Find("[data-testid=figure-soon-due]").ClassName);
    }

    [Fact]
    public void Overview_NoReportYetToday_SaysSoInsteadOfAnEmptyCategoryChart()
    {
        var sample = WallSnapshots.Sample();
        var cut = Render<OverviewBoard>(p => p.Add(x => x.Snapshot, sample with { TopCategories = [] }));

        Assert.Equal("今日暂无案件", cut.Find("[data-testid=categories-empty]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=chart-categories]"));

        cut.Render(p => p.Add(x => x.Snapshot, sample with { Version = 2 }));

        Assert.Empty(cut.FindAll("[data-testid=categories-empty]"));
        Assert.Single(cut.FindAll("[data-testid=chart-categories]"));
    }

    [Fact]
    public void Overview_Ticker_ShowsDescriptionsAsTextAndPhonesMasked()
    {
        var cut = Render<OverviewBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));

        var rows = cut.FindAll("[data-testid=ticker-row]");
        Assert.Equal(3, rows.Count);
        Assert.Equal("<script>alert(1)</script>", cut.FindAll("[data-testid=ticker-description]")[0].TextContent);
        Assert.Empty(cut.FindAll("[data-testid=ticker] script"));
        Assert.Contains("&lt;script&gt;", cut.Markup);
        Assert.Contains("138****5678", rows[0].TextContent);
        Assert.Contains("立案", rows[0].TextContent);
        // Times in the business time zone: 02:00 UTC is 10:00 in Shanghai; the newest event is 3 s before.
        Assert.Contains("09:59:57", rows[0].TextContent);
    }

    [Fact]
    public void Overview_FirstRender_CreatesEachChartOnceWithTheSnapshotsSeries()
    {
        var cut = Render<OverviewBoard>(p => p.Add(x => x.Snapshot, WallSnapshots.Sample()));

        cut.WaitForAssertion(() => Assert.Equal(3, ChartCalls("create")));
        var donut = Chart.Invocations["create"].Single(i => Json(i.Arguments[1]).Contains("\"donut\""));
        Assert.Equal("[600,400,234]", Json(donut.Arguments[2]));
        Assert.Equal("""["监督员巡查","12345 热线","物联感知"]""", Json(donut.Arguments[3]));
        Assert.Equal(0, ChartCalls("updateSeries"));
    }

    [Fact]
    public void Overview_NewSnapshot_UpdatesTheSeriesInPlaceAndNeverRecreatesACharts()
    {
        var first = WallSnapshots.Sample();
        var cut = Render<OverviewBoard>(p => p.Add(x => x.Snapshot, first));
        cut.WaitForAssertion(() => Assert.Equal(3, ChartCalls("create")));

        var second = first with
        {
            Version = 2,
            BySource = [.. first.BySource.Select(s => s.Code == "hotline" ? s with { Count = 401 } : s)],
        };
        cut.Render(p => p.Add(x => x.Snapshot, second));

        cut.WaitForAssertion(() => Assert.Equal(1, ChartCalls("updateSeries")));
        Assert.Equal("[600,401,234]", Json(Chart.Invocations["updateSeries"].Single().Arguments[1]));
        Assert.Equal(3, ChartCalls("create"));
        Assert.Equal(0, ChartCalls("updateCategories"));
        Assert.Equal(0, ChartCalls("destroy"));
    }

    [Fact]
    public void Overview_NewCategoryInTheTop10_UpdatesTheCategoriesOnlyOfThatChart()
    {
        var first = WallSnapshots.Sample();
        var cut = Render<OverviewBoard>(p => p.Add(x => x.Snapshot, first));
        cut.WaitForAssertion(() => Assert.Equal(3, ChartCalls("create")));

        cut.Render(p => p.Add(x => x.Snapshot, first with
        {
            Version = 2,
            TopCategories = [.. first.TopCategories, new NamedCount("E09", "渣土车辆遗撒", 7)],
        }));

        cut.WaitForAssertion(() => Assert.Equal(1, ChartCalls("updateCategories")));
        Assert.Contains("渣土车辆遗撒", Json(Chart.Invocations["updateCategories"].Single().Arguments[1]));
        Assert.Equal(1, ChartCalls("updateSeries"));
        Assert.Equal(3, ChartCalls("create"));
    }

    [Fact]
    public void Overview_SameSnapshotAgain_SendsNothingToTheBrowser()
    {
        var snapshot = WallSnapshots.Sample();
        var cut = Render<OverviewBoard>(p => p.Add(x => x.Snapshot, snapshot));
        cut.WaitForAssertion(() => Assert.Equal(3, ChartCalls("create")));

        cut.Render(p => p.Add(x => x.Snapshot, snapshot with { Version = 2 }));

        Assert.Equal(0, ChartCalls("updateSeries"));
        Assert.Equal(0, ChartCalls("updateCategories"));
    }

    private static readonly System.Text.Json.JsonSerializerOptions Readable =
        new(System.Text.Json.JsonSerializerOptions.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JS call's argument as the browser gets it (Chinese left readable).</summary>
    internal static string Json(object? value) => System.Text.Json.JsonSerializer.Serialize(value, Readable);
}
