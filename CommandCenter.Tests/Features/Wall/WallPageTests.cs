using System.Security.Claims;
using Bunit;
using CommandCenter.Domain;
using CommandCenter.Domain.Dashboard;
using CommandCenter.Features.Wall;
using CommandCenter.Features.Wall.Boards;
using CommandCenter.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Features.Wall;

public sealed class WallPageTests : WallTestContext, IDisposable
{
    private readonly TestDatabase _db = TestDatabase.CreateMigrated();
    private readonly ManualClock _clock = new(WallSnapshots.Now);
    private readonly WallOptions _options = new() { OverdueAlertThreshold = 20, AlertSeconds = 15, StaleAfterSeconds = 30 };
    private readonly DisplayDeviceStore _store;
    private TestDashboardFeed _feed = new(WallSnapshots.Sample());

    public WallPageTests()
    {
        _store = new DisplayDeviceStore(_db.Connections, _clock);
        Services.AddSingleton<IDashboardFeed>(_ => _feed);
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton(Options.Create(_options));
        Services.AddSingleton(_store);
        Services.AddSingleton<IMemoryCache>(new MemoryCache(new MemoryCacheOptions()));
        Services.AddSingleton<WallDeviceSettings>();
    }

    private IRenderedComponent<WallPage> RenderWall(string? board = null, Claim[]? claims = null)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(claims is null ? "staff" : "hall-left");
        if (claims is not null) auth.SetClaims(claims);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Render<WallPage>(p => p.Add(x => x.Board, board));
    }

    private async Task TickAsync(IRenderedComponent<WallPage> cut, int seconds = 1)
    {
        for (var i = 0; i < seconds; i++)
        {
            _clock.Now = _clock.Now.AddSeconds(1);
            await cut.InvokeAsync(() => cut.Instance.TickAsync());
        }
    }

    private static string BoardShown(IRenderedComponent<WallPage> cut) => cut.Find(".wall-screen").GetAttribute("data-board")!;

    [Fact]
    public async Task WallPage_SignedInPersonWithoutDevice_RotatesThroughEveryBoardEvery20Seconds()
    {
        var cut = RenderWall();
        Assert.Equal("overview", BoardShown(cut));
        cut.Find("[data-testid=board-overview]");

        await TickAsync(cut, 19);
        Assert.Equal("overview", BoardShown(cut));
        await TickAsync(cut);
        Assert.Equal("rankings", BoardShown(cut));
        cut.Find("[data-testid=board-rankings]");
        Assert.Equal("考核排名", cut.Find("[data-testid=board-title]").TextContent);

        await TickAsync(cut, 3 * 20);
        Assert.Equal("methods", BoardShown(cut));
        await TickAsync(cut, 20);
        Assert.Equal("map", BoardShown(cut));
        await TickAsync(cut, 20);
        Assert.Equal("overview", BoardShown(cut));
    }

    [Fact]
    public async Task WallPage_ListLongerThanItsBox_HoldsStillForAPageTimeThenTurnsAPage()
    {
        var sample = WallSnapshots.Sample();
        _feed = new TestDashboardFeed(sample with
        {
            StreetRanking = [.. Enumerable.Range(1, 13).Select(i => WallSnapshots.Row(i, $"S{i:00}", $"街道{i}",
                WallSnapshots.Counts(due: 100, closed: 100, onTime: 100 - i, reworked: 0, callbacks: 0, satisfied: 0)))],
        });
        var cut = RenderWall("rankings");
        string FirstRank() => cut.Find("[data-testid=ranking-streets] [data-testid=rank-number]").TextContent;

        await TickAsync(cut, WallPaging.PageSeconds - 1);
        Assert.Equal("1", FirstRank());
        await TickAsync(cut);
        Assert.Equal("11", FirstRank());
        await TickAsync(cut, WallPaging.PageSeconds - 1);
        Assert.Equal("11", FirstRank());
        await TickAsync(cut);
        Assert.Equal("1", FirstRank());
    }

    /// <summary>The sample with a ticker of several pages (events 1–8, three to a page).</summary>
    private static DashboardSnapshot WithLongTicker(DashboardSnapshot sample) =>
        sample with { LatestEvents = [.. Enumerable.Range(1, 8).Reverse().Select(i => WallSnapshots.Event(i, "report", $"事件{i}"))] };

    [Fact]
    public async Task WallPage_NewEventOnTheOverview_TickerGoesBackToItsFirstPage()
    {
        var sample = WithLongTicker(WallSnapshots.Sample());
        _feed = new TestDashboardFeed(sample);
        var cut = RenderWall("overview");
        await TickAsync(cut, WallPaging.PageSeconds);
        Assert.Equal(1, cut.Instance.PageTurns);

        await cut.InvokeAsync(() => _feed.PublishAsync(sample with { Version = 2, LatestEvents = [WallSnapshots.Event(9, "report", "新案件"), .. sample.LatestEvents] }));

        Assert.Equal(0, cut.Instance.PageTurns);
        Assert.Equal("新案件", cut.Find("[data-testid=ticker-description]").TextContent);
    }

    [Fact]
    public async Task WallPage_NextBoardOfTheRotation_StartsOnItsFirstPage()
    {
        _feed = new TestDashboardFeed(WithLongTicker(WallSnapshots.Sample()));
        var cut = RenderWall();
        await TickAsync(cut, 16);
        Assert.Equal(2, cut.Instance.PageTurns);

        await TickAsync(cut, 4);

        Assert.Equal("rankings", BoardShown(cut));
        Assert.Equal(0, cut.Instance.PageTurns);
    }

    [Fact]
    public async Task WallPage_NewEventEveryFewSeconds_TickerStillShowsItsLaterPages()
    {
        var sample = WithLongTicker(WallSnapshots.Sample());
        _feed = new TestDashboardFeed(sample);
        var cut = RenderWall("overview");
        var pagesShown = new HashSet<int> { 0 };

        // A demo's pace: a new event every 3 s for two full cycles of the ticker's three pages (the new one and 1–8).
        for (var second = 1; second <= 2 * 3 * WallPaging.PageSeconds; second++)
        {
            await TickAsync(cut);
            if (second % 3 == 0)
            {
                var id = 100 + second;
                await cut.InvokeAsync(() => _feed.PublishAsync(sample with { Version = id, LatestEvents = [WallSnapshots.Event(id, "report", $"新{id}"), .. sample.LatestEvents] }));
            }
            pagesShown.Add(WallPaging.PageIndex(9, OverviewBoard.TickerPageSize, cut.Instance.PageTurns));
        }

        Assert.Equal([0, 1, 2], pagesShown.Order());
    }

    [Fact]
    public async Task WallPage_BoardWithOnePage_IsNotDrawnAgainOnThePageTimer()
    {
        // The sample's ticker has three events: one page.
        var cut = RenderWall("overview");
        var board = cut.FindComponent<OverviewBoard>();
        var renders = board.RenderCount;

        await TickAsync(cut, 2 * WallPaging.PageSeconds);

        Assert.Equal(0, cut.Instance.PageTurns);
        Assert.Equal(renders, board.RenderCount);
    }

    [Fact]
    public void WallPage_UnknownBoard_ShowsTheWallsOwnNoSuchBoardScreen()
    {
        var cut = RenderWall("xyz");

        Assert.Contains("“xyz”", cut.Find("[data-testid=unknown-name]").TextContent);
        Assert.Equal("看板不存在", cut.Find("[data-testid=board-title]").TextContent);
        Assert.Contains("/wall/roads", cut.Find("[data-testid=unknown-board]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid^=board-overview]"));
        Assert.Empty(cut.FindAll("[data-testid=logout]"));
    }

    [Fact]
    public async Task WallPage_PinnedBoard_StaysOnItWithoutRotationDots()
    {
        var cut = RenderWall("roads");

        await TickAsync(cut, 100);

        Assert.Equal("roads", BoardShown(cut));
        cut.Find("[data-testid=board-roads]");
        Assert.Empty(cut.FindAll(".wall-dot"));
    }

    [Fact]
    public void WallPage_SentToAnotherBoard_PinsThatOne()
    {
        var cut = RenderWall("roads");

        cut.Render(p => p.Add(x => x.Board, "methods"));

        Assert.Equal("methods", BoardShown(cut));
        cut.Find("[data-testid=board-methods]");
    }

    [Fact]
    public async Task WallPage_DeviceWithPlaylist_RotatesThroughItsBoardsAtItsInterval()
    {
        var store = _store;
        await store.CreateAsync("hall-left");
        var device = (await store.ListAsync()).Single();
        await store.SetRotationAsync(device.Id, "roads,satisfaction", 7);

        var cut = RenderWall(claims: [new Claim(SecurityClaims.DeviceId, device.Id.ToString())]);

        cut.WaitForAssertion(() => Assert.Equal("roads", BoardShown(cut)));
        Assert.Equal(2, cut.FindAll(".wall-dot").Count);
        await TickAsync(cut, 7);
        Assert.Equal("satisfaction", BoardShown(cut));
        await TickAsync(cut, 7);
        Assert.Equal("roads", BoardShown(cut));
    }

    [Fact]
    public async Task WallPage_NewSnapshot_ShowsItsFiguresAtOnce()
    {
        var cut = RenderWall("overview");
        var sample = WallSnapshots.Sample();

        await cut.InvokeAsync(() => _feed.PublishAsync(sample with
        {
            Version = 2,
            Today = sample.Today with { Reported = new Compared(1300, 1206) },
        }));

        cut.WaitForAssertion(() => Assert.Equal("1,300", cut.Find("[data-testid=reported-value]").TextContent));
        Assert.Contains("▲ 94", cut.Find("[data-testid=reported-compare]").TextContent);
        Assert.Equal("2", cut.Find(".wall-screen").GetAttribute("data-version"));
    }

    [Fact]
    public async Task WallPage_UrgentCaseRegistered_TakesOverTheScreenForTheAlertTime()
    {
        var cut = RenderWall();
        var sample = WallSnapshots.Sample();
        Assert.Empty(cut.FindAll("[data-testid=alert-board]"));

        await cut.InvokeAsync(() => _feed.PublishAsync(sample with
        {
            Version = 2,
            LatestEvents = [WallSnapshots.Event(9, "register", "井盖缺失 <b>危险</b>", urgent: true), .. sample.LatestEvents],
        }));

        var alert = cut.Find("[data-testid=alert-board]");
        Assert.Equal("UrgentCase", alert.GetAttribute("data-kind"));
        Assert.Contains("紧急案件立案", alert.TextContent);
        Assert.Equal("井盖缺失 <b>危险</b>", cut.Find("[data-testid=alert-description]").TextContent);
        Assert.Equal("预警", cut.Find("[data-testid=board-title]").TextContent);

        await TickAsync(cut, 14);
        Assert.NotEmpty(cut.FindAll("[data-testid=alert-board]"));
        await TickAsync(cut);
        Assert.Empty(cut.FindAll("[data-testid=alert-board]"));
        Assert.Equal("overview", BoardShown(cut));
    }

    [Fact]
    public async Task WallPage_UrgentCaseReportedButNotRegistered_IsNoAlert()
    {
        var cut = RenderWall();
        var sample = WallSnapshots.Sample();

        await cut.InvokeAsync(() => _feed.PublishAsync(sample with
        {
            Version = 2,
            LatestEvents = [WallSnapshots.Event(9, "report", "井盖缺失", urgent: true), .. sample.LatestEvents],
        }));

        Assert.Empty(cut.FindAll("[data-testid=alert-board]"));
    }

    [Fact]
    public async Task WallPage_StreetOverdueRisesAboveTheThreshold_ShowsTheOverdueAlert()
    {
        // 济北街道: 100 due, 80 closed = 20 overdue, at the threshold (20) but not above it.
        var cut = RenderWall();
        var sample = WallSnapshots.Sample();
        Assert.Empty(cut.FindAll("[data-testid=alert-board]"));

        var worse = sample.StreetRanking[1] with { Counts = sample.StreetRanking[1].Counts with { Due = 101 } };
        await cut.InvokeAsync(() => _feed.PublishAsync(sample with { Version = 2, StreetRanking = [sample.StreetRanking[0], worse, sample.StreetRanking[2]] }));

        var alert = cut.Find("[data-testid=alert-board]");
        Assert.Equal("StreetOverdue", alert.GetAttribute("data-kind"));
        Assert.Contains("济北街道 本月应结未结案件 21 件，超过预警值 20 件", alert.TextContent);
    }

    [Fact]
    public async Task WallPage_DataOlderThanTheThreshold_ShowsTheStaleBanner()
    {
        var cut = RenderWall();
        Assert.Empty(cut.FindAll("[data-testid=stale-banner]"));
        Assert.Contains("wall-connection--live", cut.Find("[data-testid=connection]").ClassName);

        // The data is from 2 s before the page opened: 28 s later it is 30 s old, at the threshold, not past it.
        await TickAsync(cut, 28);
        Assert.Empty(cut.FindAll("[data-testid=stale-banner]"));
        await TickAsync(cut, 1);

        Assert.Contains("已超过 30 秒没有新数据（数据时间 09:59:58）", cut.Find("[data-testid=stale-banner]").TextContent);
        Assert.Contains("wall-connection--stale", cut.Find("[data-testid=connection]").ClassName);
    }

    [Fact]
    public async Task WallPage_QuietFeedWithHeartbeats_ShowsNoStaleBanner()
    {
        var cut = RenderWall();
        await TickAsync(cut, 40);
        Assert.NotEmpty(cut.FindAll("[data-testid=stale-banner]"));

        // Nothing happened in the city, but the node read the feed just now: the figures are current.
        await cut.InvokeAsync(() => _feed.PublishAsync(WallSnapshots.Sample() with { Version = 2, CheckedAt = _clock.Now.UtcDateTime }));
        await TickAsync(cut);

        Assert.Empty(cut.FindAll("[data-testid=stale-banner]"));
        Assert.Contains("wall-connection--live", cut.Find("[data-testid=connection]").ClassName);
    }

    [Fact]
    public async Task WallPage_StaleSnapshot_ShowsTheBannerAndKeepsTheFigures()
    {
        var cut = RenderWall("overview");

        await cut.InvokeAsync(() => _feed.PublishAsync(WallSnapshots.Sample() with { Version = 2, Stale = true, StaleReason = "database" }));

        Assert.Contains("数据源暂时不可用", cut.Find("[data-testid=stale-banner]").TextContent);
        Assert.DoesNotContain("database", cut.Markup);
        Assert.Equal("1,234", cut.Find("[data-testid=reported-value]").TextContent);
    }

    [Fact]
    public async Task WallPage_NoSnapshotYet_WaitsAndShowsTheFirstOne()
    {
        _feed = new TestDashboardFeed();
        var cut = RenderWall();
        cut.Find("[data-testid=waiting]");

        await cut.InvokeAsync(() => _feed.PublishAsync(WallSnapshots.Sample()));

        Assert.Equal("1,234", cut.Find("[data-testid=reported-value]").TextContent);
    }

    [Fact]
    public async Task WallPage_Clock_ShowsBusinessTimeAndHandsTheSecondsToTheBrowser()
    {
        var cut = RenderWall("overview");
        var clock = cut.Find("[data-testid=wall-clock]");
        Assert.Contains("2026-11-23 星期一", clock.TextContent);
        Assert.Contains("10:00:00", clock.TextContent);
        Assert.Equal("Asia/Shanghai", clock.GetAttribute("data-zone"));
        Assert.Equal(_clock.Now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            clock.GetAttribute("data-now"));
        Assert.Contains("数据时间 09:59:58", cut.Find("[data-testid=data-as-of]").TextContent);

        // A quiet second (no page turn, no alert, data fresh): no render; the browser moves the seconds on.
        var renders = cut.RenderCount;
        await TickAsync(cut);
        Assert.Equal(renders, cut.RenderCount);

        // A new snapshot renders the header again, with the server's time of that moment.
        await cut.InvokeAsync(() => _feed.PublishAsync(WallSnapshots.Sample()));
        Assert.True(cut.RenderCount > renders);
        Assert.Contains("10:00:01", cut.Find("[data-testid=wall-clock]").TextContent);
    }

    [Fact]
    public async Task WallPage_NewBusinessDay_RendersTheNewDate()
    {
        var cut = RenderWall("overview");
        var untilMidnight = (int)(new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.Zero) - _clock.Now).TotalSeconds;
        _clock.Now = _clock.Now.AddSeconds(untilMidnight - 1);
        var renders = cut.RenderCount;
        await TickAsync(cut);
        Assert.Contains("2026-11-24 星期二", cut.Find("[data-testid=wall-clock]").TextContent);
        Assert.True(cut.RenderCount > renders);
    }

    [Fact]
    public void WallPage_InEnglish_IsEnglishThroughout()
    {
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture =
            System.Globalization.CultureInfo.GetCultureInfo("en");

        var cut = RenderWall("overview");

        Assert.Equal("Overview", cut.Find("[data-testid=board-title]").TextContent);
        Assert.Contains("Monday", cut.Find("[data-testid=wall-clock]").TextContent);
        Assert.Contains("Data as of 09:59:58", cut.Find("[data-testid=data-as-of]").TextContent);
        Assert.Contains("Reported today", cut.Find("[data-testid=figure-reported]").TextContent);
        Assert.Contains("vs. yesterday", cut.Find("[data-testid=reported-compare]").TextContent);
        Assert.Contains("Registered", cut.FindAll("[data-testid=ticker-row]")[0].TextContent);
        Assert.DoesNotMatch("[\u4e00-\u9fff]", cut.Find(".wall-header").TextContent);
    }

    [Fact]
    public async Task WallPage_Closed_UnsubscribesAndStopsItsScript()
    {
        var cut = RenderWall();
        Assert.Equal(1, _feed.SubscriberCount);
        Assert.Single(Screen.Invocations["start"]);

        await DisposeComponentsAsync();

        Assert.Equal(0, _feed.SubscriberCount);
        Assert.Single(Screen.Invocations["stop"]);
    }

    public new void Dispose()
    {
        base.Dispose();
        _db.Dispose();
    }
}
